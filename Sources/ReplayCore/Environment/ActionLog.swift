/// One environment call, as the branch timeline shows it.
public struct EnvironmentAction: Sendable, Equatable {
    public enum Operation: String, Sendable {
        /// `probe_new`: open the next branch and read its first interval.
        case open
        /// `probe_more(i)`: read one more interval of an opened branch.
        case `continue`
        /// `get_new_branch_final_answer`: open the next branch and read it to the end at once.
        case fullRead = "full_read"
    }

    public var operation: Operation
    /// The branch's position in opening order (the index the controller sees).
    public var branch: Int
    /// The branch's index in the store file (before shuffling).
    public var storeBranch: Int
    /// Intervals revealed after this call (probes + 1 once the final answer is read).
    public var depth: Int
    public var answer: AnswerID
    public var tokens: Int
    public var finished: Bool

    public init(operation: Operation, branch: Int, storeBranch: Int, depth: Int, answer: AnswerID, tokens: Int, finished: Bool) {
        self.operation = operation
        self.branch = branch
        self.storeBranch = storeBranch
        self.depth = depth
        self.answer = answer
        self.tokens = tokens
        self.finished = finished
    }

    /// The JSON form written into trace rows (`"actions"`), answer as text.
    public func json(answers: [String]) -> JSONValue {
        .object(JSONObject([
            "op": .string(operation.rawValue),
            "branch": .int(branch),
            "store_branch": .int(storeBranch),
            "depth": .int(depth),
            "answer": .string(answers[Int(answer)]),
            "tokens": .int(tokens),
            "finished": .bool(finished),
        ]))
    }

    /// Reads an action back from a trace row; answers are interned into `intern`.
    public static func from(json: JSONValue, intern: (String) -> AnswerID) -> EnvironmentAction? {
        guard let o = json.objectValue,
              let op = o["op"]?.stringValue.flatMap(Operation.init(rawValue:)),
              let branch = o["branch"]?.intValue,
              let depth = o["depth"]?.intValue,
              let answer = o["answer"]?.stringValue,
              let tokens = o["tokens"]?.intValue,
              let finished = o["finished"]?.boolValue
        else { return nil }
        return EnvironmentAction(operation: op, branch: branch, storeBranch: o["store_branch"]?.intValue ?? -1,
                                 depth: depth, answer: intern(answer), tokens: tokens, finished: finished)
    }
}
