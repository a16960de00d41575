import ReplayCore

/// One trace row: a controller's decisions on one question under one shuffle seed
/// (`docs/replay-semantics.md`, section 6), plus the environment action log when the row has one
/// (rows written by `ttsdash eval --traces`; the reference's rows have none).
///
/// Reading is lazy where rows are big: the top-level fields and each step's `event`, `goal` and
/// `decision` are read at once (a byte scan, no JSON values built for the bulk), and a step's
/// `input`, `output` and `state` are parsed only when `step(_:)` asks for them. A Parallel-Probe
/// row with 64 chains is about 400 KB, most of it in those snapshots.
public struct TraceRecord: Sendable {
    /// One step as listed: what happened and what was decided.
    public struct StepSummary: Sendable, Hashable {
        public var event: String
        public var goal: String
        /// The decision as text (a string in every reference controller; other JSON as written).
        public var decision: String
    }

    /// 1-based line in the trace file.
    public var line: Int
    public var model: String?
    public var dataset: String?
    public var method: String?
    public var description: String
    public var shuffleSeed: Int
    public var questionIndex: Int
    public var isCorrect: Bool?
    public var cost: Int?
    /// The controller's final answer and the gold answer, when the row records them (ours do).
    public var answer: String?
    public var goldAnswer: String?
    /// Every step, cheaply.
    public var stepSummaries: [StepSummary]
    /// The environment calls, in order, when the row has an `actions` array.
    public var actions: [EnvironmentAction]?
    /// Per decision event, the number of environment actions before it (`event_actions`, written
    /// by this project since the trace view; nil in reference rows and older rows).
    public var eventActions: [Int]?
    /// The answer texts the actions' `answer` ids refer to.
    public var answerTable: [String]
    /// Steps or actions that could not be read (index and reason).
    public var problems: [String]
    /// The row's bytes (one line, no newline).
    public let bytes: [UInt8]
    private let stepRanges: [Range<Int>]

    public var configuration: RowConfiguration? { RowConfiguration.parse(description: description) }
    public var stepCount: Int { stepRanges.count }

    /// The text of an action's answer.
    public func answerText(_ id: AnswerID) -> String {
        Int(id) >= 0 && Int(id) < answerTable.count ? answerTable[Int(id)] : "?"
    }

    /// Step `i` in full (parses only that step's bytes), placed on the action log when the row
    /// says how many actions came before it.
    public func step(_ i: Int) -> DecisionEvent {
        let s = stepSummaries[i]
        let v = bytes.withUnsafeBufferPointer { p in
            try? JSONParser.parse(UnsafeBufferPointer(rebasing: p[stepRanges[i]]))
        }
        let o = v?.objectValue
        return DecisionEvent(event: s.event, goal: s.goal, input: o?["input"] ?? .null, output: o?["output"] ?? .null,
                             state: o?["state"] ?? .null, decision: o?["decision"] ?? .string(s.decision),
                             actionsBefore: eventActions.flatMap { i < $0.count ? $0[i] : nil })
    }

    /// Every step in full.
    public var steps: [DecisionEvent] { (0..<stepCount).map(step) }

    /// The whole row as a JSON value (parses everything).
    public func json() -> JSONValue? { try? JSONParser.parse(bytes) }

    /// Reads a row from its bytes; nil when it is not a JSON object with the key fields.
    public init?(bytes: [UInt8], line: Int) {
        self.bytes = bytes
        self.line = line
        var top: [String: JSONValue] = [:]
        var traceRange: Range<Int>? = nil
        var stepRanges: [Range<Int>] = []
        var summaries: [StepSummary] = []
        var problems: [String] = []
        let ok: Bool = bytes.withUnsafeBufferPointer { buf in
            guard let p = buf.baseAddress, let members = JSONScan.members(p, buf.count, from: 0) else { return false }
            for (key, range) in members {
                if key == "trace" { traceRange = range; continue }
                if let v = try? JSONParser.parse(UnsafeBufferPointer(rebasing: buf[range])) { top[key] = v }
            }
            guard let tr = traceRange else { return true }
            guard let items = JSONScan.elements(p, buf.count, from: tr.lowerBound) else {
                problems.append("trace is not an array")
                return true
            }
            for (i, r) in items.enumerated() {
                guard let fields = JSONScan.members(p, r.upperBound, from: r.lowerBound) else {
                    problems.append("trace[\(i)] is not an object")
                    continue
                }
                func text(_ k: String) -> String? {
                    guard let f = fields.first(where: { $0.key == k }) else { return nil }
                    if let s = JSONScan.string(p, f.value.lowerBound, f.value.upperBound) { return s }
                    return (try? JSONParser.parse(UnsafeBufferPointer(rebasing: buf[f.value]))).map { JSONWriter.string($0) }
                }
                stepRanges.append(r)
                summaries.append(StepSummary(event: text("event") ?? "?", goal: text("goal") ?? "", decision: text("decision") ?? ""))
            }
            return true
        }
        guard ok, let d = top["description"]?.stringValue, let s = top["shuffle_seed"]?.intValue,
              let q = top["question_index"]?.intValue else { return nil }
        self.stepRanges = stepRanges
        stepSummaries = summaries
        model = top["model"]?.stringValue
        dataset = top["dataset"]?.stringValue
        method = top["method"]?.stringValue
        description = d
        shuffleSeed = s
        questionIndex = q
        isCorrect = top["is_correct"]?.boolValue
        cost = top["cost"]?.intValue
        answer = top["answer"]?.stringValue
        goldAnswer = top["gold_answer"]?.stringValue
        var table: [String] = []
        var ids: [String: AnswerID] = [:]
        if let list = top["actions"]?.arrayValue {
            var actions: [EnvironmentAction] = []
            for (i, v) in list.enumerated() {
                let a = EnvironmentAction.from(json: v) { text in
                    if let id = ids[text] { return id }
                    let id = AnswerID(table.count)
                    table.append(text)
                    ids[text] = id
                    return id
                }
                if let a { actions.append(a) } else { problems.append("actions[\(i)] is not an action") }
            }
            self.actions = actions
        } else {
            actions = nil
        }
        answerTable = table
        if let list = top["event_actions"]?.arrayValue {
            let counts = list.compactMap(\.intValue)
            if counts.count == list.count && counts.count == summaries.count {
                eventActions = counts
            } else {
                eventActions = nil
                problems.append("event_actions has \(list.count) entries for \(summaries.count) trace events (ignored)")
            }
        } else {
            eventActions = nil
        }
        self.problems = problems
    }
}
