/// Collects a controller's decision events (`{event, goal, input, output, state, decision}`)
/// exactly as the reference's `MethodTraceRecorder` does. When disabled, `add` does nothing and
/// its arguments are never built (they are autoclosures), so untraced evaluation pays nothing.
///
/// Beside each event it notes how many environment actions came before it (`actionsBefore`),
/// read from an `ActionCounter` the environment ticks: that places each decision exactly on the
/// action log (the branch timeline drops a pruned branch at the step its event happened).
public struct TraceRecorder: Sendable {
    public let enabled: Bool
    public private(set) var steps: [JSONValue] = []
    /// Per event, the environment actions logged before it (0 when no counter is attached).
    public private(set) var actionsBefore: [Int] = []
    /// Shared with the environment (`ReplayEnvironment.actionCounter`) while tracing.
    public let counter: ActionCounter?

    public init(enabled: Bool, counter: ActionCounter? = nil) {
        self.enabled = enabled
        self.counter = counter
    }

    @inline(__always)
    public mutating func add(event: String, goal: String, input: @autoclosure () -> JSONValue,
                             output: @autoclosure () -> JSONValue, state: @autoclosure () -> JSONValue,
                             decision: String) {
        guard enabled else { return }
        steps.append(.object(JSONObject([
            "event": .string(event),
            "goal": .string(goal),
            "input": input(),
            "output": output(),
            "state": state(),
            "decision": .string(decision),
        ])))
        actionsBefore.append(counter?.count ?? 0)
    }

    public mutating func reset() {
        steps.removeAll(keepingCapacity: true)
        actionsBefore.removeAll(keepingCapacity: true)
        counter?.count = 0
    }
}

/// The number of environment actions logged so far in the current question run. A class so the
/// environment (which logs actions) and the recorder (which stamps events) share one value while
/// both are passed `inout` to a controller; touched only when tracing.
public final class ActionCounter: @unchecked Sendable {
    public var count = 0
    public init() {}
}
