/// Collects a controller's decision events (`{event, goal, input, output, state, decision}`)
/// exactly as the reference's `MethodTraceRecorder` does. When disabled, `add` does nothing and
/// its arguments are never built (they are autoclosures), so untraced evaluation pays nothing.
public struct TraceRecorder: Sendable {
    public let enabled: Bool
    public private(set) var steps: [JSONValue] = []

    public init(enabled: Bool) {
        self.enabled = enabled
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
    }

    public mutating func reset() {
        steps.removeAll(keepingCapacity: true)
    }
}
