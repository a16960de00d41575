/// One controller decision event of a trace row, placed on the action log when the row (or a
/// re-run) says how many environment actions came before it.
public struct DecisionEvent: Sendable, Equatable {
    public var event: String
    public var goal: String
    public var input: JSONValue
    public var output: JSONValue
    public var state: JSONValue
    public var decision: JSONValue
    /// Environment actions logged before this event; nil when the row does not say and no
    /// re-run could tell.
    public var actionsBefore: Int?

    public init(event: String, goal: String, input: JSONValue, output: JSONValue, state: JSONValue,
                decision: JSONValue, actionsBefore: Int?) {
        self.event = event
        self.goal = goal
        self.input = input
        self.output = output
        self.state = state
        self.decision = decision
        self.actionsBefore = actionsBefore
    }

    /// Reads a `{event, goal, input, output, state, decision}` object.
    public init(json: JSONValue, actionsBefore: Int?) {
        let o = json.objectValue
        self.init(event: o?["event"]?.stringValue ?? "?", goal: o?["goal"]?.stringValue ?? "",
                  input: o?["input"] ?? .null, output: o?["output"] ?? .null, state: o?["state"] ?? .null,
                  decision: o?["decision"] ?? .null, actionsBefore: actionsBefore)
    }

    public var decisionText: String { decision.stringValue ?? JSONWriter.string(decision) }

    /// Branches (opening positions) this event dropped: CMC's `abandoned_now`, Parallel-Probe's
    /// `newly_pruned_indices`.
    public var droppedBranches: [Int] {
        guard let out = output.objectValue else { return [] }
        return ["abandoned_now", "newly_pruned_indices"].flatMap { out[$0]?.arrayValue ?? [] }.compactMap(\.intValue)
    }

    /// Branches this event opened beyond the initial batch (CMC's `spawned_now`).
    public var widenedBy: Int { output.objectValue?["spawned_now"]?.intValue ?? 0 }

    /// The controller returned its answer here.
    public var isStop: Bool { event == "finish" }

    /// The reason the controller gave for stopping (`stop_reason` of the finish event).
    public var stopReason: String? { isStop ? output.objectValue?["stop_reason"]?.stringValue : nil }

    /// The confidence figures the event reports (CMC's EMA and pool confidence, ASC's Beta
    /// confidence), by name, in the order written.
    public var confidenceValues: [(name: String, value: Double)] {
        var out: [(String, Double)] = []
        for source in [output, state] {
            guard let o = source.objectValue else { continue }
            for (k, v) in o.pairs where (k.contains("conf") && !k.contains("thresh")) || k == "ema_delta" {
                if let d = v.doubleValue, !out.contains(where: { $0.0 == k }) { out.append((k, d)) }
            }
        }
        return out
    }

    /// What kind of event the jump keys stop at.
    public enum Mark: Sendable, Equatable, CaseIterable {
        case prune, widening, stop
    }

    public func has(_ mark: Mark) -> Bool {
        switch mark {
        case .prune: return !droppedBranches.isEmpty
        case .widening: return widenedBy > 0
        case .stop: return isStop
        }
    }
}
