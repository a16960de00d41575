import ReplayCore

/// One parsed trace row: a controller's decisions on one question under one shuffle seed
/// (`docs/replay-semantics.md`, section 6), plus the environment action log when the row has one
/// (rows written by `ttsdash eval --traces`; the reference's rows have none).
public struct TraceRecord: Sendable {
    /// One step the controller recorded.
    public struct Step: Sendable {
        public var event: String
        public var goal: String
        public var input: JSONValue
        public var output: JSONValue
        public var state: JSONValue
        public var decision: JSONValue

        /// The decision as text (it is a string in every reference controller).
        public var decisionText: String { decision.stringValue ?? JSONWriter.string(decision) }
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
    public var steps: [Step]
    /// The environment calls, in order, when the row has an `actions` array.
    public var actions: [EnvironmentAction]?
    /// The answer texts the actions' `answer` ids refer to.
    public var answerTable: [String]
    /// Steps or actions that could not be read (index and reason).
    public var problems: [String]
    /// The whole row, for views that show raw JSON.
    public var raw: JSONValue

    public var configuration: RowConfiguration? { RowConfiguration.parse(description: description) }

    /// The text of an action's answer.
    public func answerText(_ id: AnswerID) -> String {
        Int(id) >= 0 && Int(id) < answerTable.count ? answerTable[Int(id)] : "?"
    }

    /// Reads a row; nil when it lacks the key fields.
    public init?(json: JSONValue, line: Int) {
        guard let o = json.objectValue, let d = o["description"]?.stringValue,
              let s = o["shuffle_seed"]?.intValue, let q = o["question_index"]?.intValue else { return nil }
        self.line = line
        self.raw = json
        model = o["model"]?.stringValue
        dataset = o["dataset"]?.stringValue
        method = o["method"]?.stringValue
        description = d
        shuffleSeed = s
        questionIndex = q
        isCorrect = o["is_correct"]?.boolValue
        cost = o["cost"]?.intValue
        answer = o["answer"]?.stringValue
        goldAnswer = o["gold_answer"]?.stringValue
        var problems: [String] = []
        var steps: [Step] = []
        for (i, v) in (o["trace"]?.arrayValue ?? []).enumerated() {
            guard let step = v.objectValue else { problems.append("trace[\(i)] is \(v.typeName), not an object"); continue }
            steps.append(Step(event: step["event"]?.stringValue ?? "?", goal: step["goal"]?.stringValue ?? "",
                              input: step["input"] ?? .null, output: step["output"] ?? .null,
                              state: step["state"] ?? .null, decision: step["decision"] ?? .null))
        }
        if let t = o["trace"], t.arrayValue == nil { problems.append("trace is \(t.typeName), not an array") }
        self.steps = steps
        var table: [String] = []
        var ids: [String: AnswerID] = [:]
        if let list = o["actions"]?.arrayValue {
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
        self.problems = problems
    }
}
