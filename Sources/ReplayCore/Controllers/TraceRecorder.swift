/// Collects a controller's decision events (`{event, goal, input, output, state, decision}`)
/// exactly as the reference's `MethodTraceRecorder` does, written straight into a byte buffer as
/// the elements of the row's `trace` array (no JSON tree per event). When disabled, `event` and
/// `add` do nothing and their arguments are never evaluated (closures and autoclosures), so
/// untraced evaluation pays nothing.
///
/// Beside each event it notes how many environment actions came before it (`actionsBefore`),
/// read from an `ActionCounter` the environment ticks: that places each decision exactly on the
/// action log (the branch timeline drops a pruned branch at the step its event happened).
public struct TraceRecorder: Sendable {
    public let enabled: Bool
    /// The events so far, `{...}, {...}` (the inside of the row's `trace` array).
    public private(set) var eventBytes: [UInt8] = []
    /// Per event, the environment actions logged before it (0 when no counter is attached).
    public private(set) var actionsBefore: [Int] = []
    /// Shared with the environment (`ReplayEnvironment.actionCounter`) while tracing.
    public let counter: ActionCounter?

    public init(enabled: Bool, counter: ActionCounter? = nil) {
        self.enabled = enabled
        self.counter = counter
        if enabled { eventBytes.reserveCapacity(1 << 14) }
    }

    /// The events as values (parsed from the bytes: for on-demand re-runs, not the hot path).
    public var steps: [JSONValue] {
        var text: [UInt8] = [0x5B]
        text += eventBytes
        text.append(0x5D)
        return (try? JSONParser.parse(text))?.arrayValue ?? []
    }

    /// One event, its `input`, `output` and `state` written by the closures (each writes one
    /// JSON value), in the reference's key order.
    @inline(__always)
    public mutating func event(_ name: StaticString, goal: StaticString,
                               input: (inout JSONByteWriter) -> Void,
                               output: (inout JSONByteWriter) -> Void,
                               state: (inout JSONByteWriter) -> Void,
                               decision: StaticString) {
        guard enabled else { return }
        write(name, goal, input, output, state, decision)
    }

    private mutating func write(_ name: StaticString, _ goal: StaticString,
                                _ input: (inout JSONByteWriter) -> Void,
                                _ output: (inout JSONByteWriter) -> Void,
                                _ state: (inout JSONByteWriter) -> Void,
                                _ decision: StaticString) {
        var w = JSONByteWriter()
        swap(&w.bytes, &eventBytes)
        w.needsSeparator = !w.bytes.isEmpty
        w.beginObject()
        w.field("event", literal: name)
        w.field("goal", literal: goal)
        w.key("input"); input(&w)
        w.key("output"); output(&w)
        w.key("state"); state(&w)
        w.field("decision", literal: decision)
        w.endObject()
        swap(&w.bytes, &eventBytes)
        actionsBefore.append(counter?.count ?? 0)
    }

    /// One event from values (for events whose parts already exist as trees).
    @inline(__always)
    public mutating func add(event: String, goal: String, input: @autoclosure () -> JSONValue,
                             output: @autoclosure () -> JSONValue, state: @autoclosure () -> JSONValue,
                             decision: String) {
        guard enabled else { return }
        var w = JSONByteWriter()
        swap(&w.bytes, &eventBytes)
        w.needsSeparator = !w.bytes.isEmpty
        w.beginObject()
        w.key("event"); w.string(event)
        w.key("goal"); w.string(goal)
        w.key("input"); w.value(input())
        w.key("output"); w.value(output())
        w.key("state"); w.value(state())
        w.key("decision"); w.string(decision)
        w.endObject()
        swap(&w.bytes, &eventBytes)
        actionsBefore.append(counter?.count ?? 0)
    }

    public mutating func reset() {
        eventBytes.removeAll(keepingCapacity: true)
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
