/// Everything the trace view shows for one question under one configuration and seed: the
/// controller's decision events, the branch timeline built from the action log (when there is
/// one), the final answer, the gold answer and where the action log came from.
///
/// Steps are environment actions (0 = nothing done, `stepCount - 1` = the controller's answer);
/// each decision event sits at the step equal to the number of actions before it.
public struct QuestionTimeline: Sendable, Equatable {
    /// Where the action log came from.
    public enum Source: Sendable, Equatable {
        /// The trace row carries it (written by this project).
        case row
        /// Re-run with the embedded core; `verified` when the re-run's answer, cost and decision
        /// events agree with the row.
        case rerun(verified: Bool, note: String)
        /// No action log: only the decision events are shown, for the reason given.
        case none(reason: String)
    }

    /// How exactly decision events (and the branches they drop) sit on the action log.
    public enum Placement: Sendable, Equatable {
        /// Each event carries the number of actions before it.
        case exact
        /// Drops placed at the dropped branch's last read; events not placed.
        case approximate
    }

    public let branches: BranchTimeline?
    /// The branches after the last action, computed once: views size their columns by it on
    /// every frame.
    public let finalState: BranchTimeline.State?
    public var events: [DecisionEvent]
    public var placement: Placement
    public var source: Source
    public var finalAnswer: String?
    public var gold: String?
    public var isCorrect: Bool?
    public var cost: Int?
    public var stopReason: String?
    public var questionText: String?
    /// Tokens per probe interval (one timeline column); 500 in every published store.
    public var probeFreq: Int

    public init(branches: BranchTimeline?, events: [DecisionEvent], placement: Placement, source: Source,
                finalAnswer: String?, gold: String?, isCorrect: Bool?, cost: Int?, questionText: String?, probeFreq: Int) {
        self.branches = branches
        self.finalState = branches.map { $0.state(after: $0.stepCount) }
        self.events = events
        self.placement = placement
        self.source = source
        self.finalAnswer = finalAnswer
        self.gold = gold
        self.isCorrect = isCorrect
        self.cost = cost
        self.stopReason = events.last(where: \.isStop)?.stopReason
        self.questionText = questionText
        self.probeFreq = probeFreq
    }

    /// Builds the timeline from an action log and decision events whose `actionsBefore` is known
    /// (drops are placed exactly), or unknown (drops placed at the branch's last read).
    public static func make(actions: [EnvironmentAction]?, answers: [String], events: [DecisionEvent], source: Source,
                            finalAnswer: String?, gold: String?, isCorrect: Bool?, cost: Int?, questionText: String?,
                            probeFreq: Int, fullBranches: [Int: [String]] = [:]) -> QuestionTimeline {
        let exact = !events.isEmpty && events.allSatisfy { $0.actionsBefore != nil }
        var branches: BranchTimeline? = nil
        if let actions {
            let drops = exact ? BranchTimeline.drops(events: events)
                : BranchTimeline.dropsAtLastRead(events: events, actions: actions)
            branches = BranchTimeline(actions: actions, answers: answers, gold: gold ?? "", droppedAfter: drops,
                                      fullBranches: fullBranches)
        }
        return QuestionTimeline(branches: branches, events: events, placement: exact ? .exact : .approximate, source: source,
                                finalAnswer: finalAnswer, gold: gold, isCorrect: isCorrect, cost: cost,
                                questionText: questionText, probeFreq: probeFreq)
    }

    /// Steps 0...actions; without an action log, one step per decision event.
    public var stepCount: Int { branches?.stepCount ?? max(1, events.count) }
    public var lastStep: Int { stepCount - 1 }

    /// The decision event in force at `step`: the last one placed at or before it. Without an
    /// action log, step `i` is event `i`; with an action log but unplaced events, none is known.
    public func eventIndex(atStep step: Int) -> Int? {
        guard !events.isEmpty else { return nil }
        guard branches != nil else { return min(max(0, step), events.count - 1) }
        guard placement == .exact else { return nil }
        var found: Int? = nil
        for (i, e) in events.enumerated() {
            guard let a = e.actionsBefore else { continue }
            if a <= step { found = i } else { break }
        }
        return found
    }

    /// The step an event sits at.
    public func step(ofEvent i: Int) -> Int {
        guard events.indices.contains(i) else { return 0 }
        guard branches != nil, placement == .exact else { return min(i, lastStep) }
        return min(events[i].actionsBefore ?? 0, lastStep)
    }

    /// The next (or previous) event after `event` that has `mark`, as an event index.
    public func nextEvent(_ mark: DecisionEvent.Mark, after event: Int?, forward: Bool = true) -> Int? {
        let from = event ?? (forward ? -1 : events.count)
        if forward {
            return events.indices.first { $0 > from && events[$0].has(mark) }
        }
        return events.indices.last { $0 < from && events[$0].has(mark) }
    }

    /// The branch timeline's state at a step (nil without an action log).
    public func state(atStep step: Int) -> BranchTimeline.State? {
        branches?.state(after: step)
    }

    /// Whether a re-run reproduced a row: the same answer, cost and decision events (event by
    /// event, values equal within 1e-12; the Python object address in `start` inputs ignored).
    /// Returns nil when they agree, else what differs.
    public static func rerunDifference(rowAnswer: String?, rowCost: Int?, rowEvents: [JSONValue],
                                       rerunAnswer: String?, rerunCost: Int, rerunEvents: [JSONValue]) -> String? {
        if let c = rowCost, c != rerunCost { return "cost \(rerunCost), the row says \(c)" }
        if let a = rowAnswer, a != rerunAnswer { return "answer \(rerunAnswer ?? "none"), the row says \(a)" }
        if rowEvents.count != rerunEvents.count {
            return "\(rerunEvents.count) decision events, the row has \(rowEvents.count)"
        }
        for (i, (r, m)) in zip(rowEvents, rerunEvents).enumerated() where !withoutAddress(r).isClose(to: withoutAddress(m)) {
            return "decision event \(i) (\(r["event"]?.stringValue ?? "?")) differs"
        }
        return nil
    }

    /// The `start` event's `input.question` holds a Python object address in reference rows.
    static func withoutAddress(_ step: JSONValue) -> JSONValue {
        guard case .object(var o) = step, case .object(var input)? = o["input"], input["question"] != nil else { return step }
        input["question"] = "<question>"
        o["input"] = .object(input)
        return .object(o)
    }
}
