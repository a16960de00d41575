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
    /// The events so far, `{...}, {...}` (the inside of the row's `trace` array), in memory
    /// reused from question to question.
    public private(set) var events = JSONByteWriter(capacity: 0)
    /// The events' bytes (a copy).
    public var eventBytes: [UInt8] { events.bytes }
    /// Per event, the environment actions logged before it (0 when no counter is attached).
    public private(set) var actionsBefore: [Int] = []
    /// Shared with the environment (`ReplayEnvironment.actionCounter`) while tracing.
    public let counter: ActionCounter?

    public init(enabled: Bool, counter: ActionCounter? = nil) {
        self.enabled = enabled
        self.counter = counter
        if enabled { events = JSONByteWriter(capacity: 1 << 16) }
    }

    /// The events as values (parsed from the bytes: for on-demand re-runs, not the hot path).
    public var steps: [JSONValue] {
        var text: [UInt8] = [0x5B]
        text += events.bytes
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
        events.beginObject()
        events.field("event", literal: name)
        events.field("goal", literal: goal)
        events.key("input"); input(&events)
        events.key("output"); output(&events)
        events.key("state"); state(&events)
        events.field("decision", literal: decision)
        events.endObject()
        actionsBefore.append(counter?.count ?? 0)
    }

    /// One event from values (for events whose parts already exist as trees).
    @inline(__always)
    public mutating func add(event: String, goal: String, input: @autoclosure () -> JSONValue,
                             output: @autoclosure () -> JSONValue, state: @autoclosure () -> JSONValue,
                             decision: String) {
        guard enabled else { return }
        events.beginObject()
        events.key("event"); events.string(event)
        events.key("goal"); events.string(goal)
        events.key("input"); events.value(input())
        events.key("output"); events.value(output())
        events.key("state"); events.value(state())
        events.key("decision"); events.string(decision)
        events.endObject()
        actionsBefore.append(counter?.count ?? 0)
    }

    public mutating func reset() {
        events.removeAll()
        actionsBefore.removeAll(keepingCapacity: true)
        counter?.count = 0
    }
}

/// The number of environment actions logged so far in the current question run. A class so the
/// environment (which logs actions) and the recorder (which stamps events) share one value while
/// both are passed `inout` to a controller; touched only when tracing. The value lives behind a
/// `let` pointer: a stored `var` of a class pays a runtime exclusivity check on every access, and
/// the environment ticks this once per action.
public final class ActionCounter: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Int>
    public var count: Int {
        @inline(__always) get { storage.pointee }
        @inline(__always) set { storage.pointee = newValue }
    }
    public init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: 0)
    }
    deinit { storage.deallocate() }
}
