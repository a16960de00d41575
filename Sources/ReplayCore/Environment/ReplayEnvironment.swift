/// The replay environment for one question under one shuffle seed: the reference's `Question`
/// with its `probe_new`, `probe_more` and `get_new_branch_final_answer`, and its cost accounting.
///
/// One instance is reused for many question runs by a worker (`reset`), so that replaying does
/// not allocate: the per-branch arrays keep their capacity.
public final class ReplayEnvironment {
    public private(set) var question: ReplayQuestion
    /// Store branch index for each opening position (the shuffled order).
    private var order: [Int] = []
    public private(set) var opened = 0
    /// Per opening position: intervals revealed (a finished branch has `probes + 1`).
    private var revealed: [Int32] = []
    private var spent: [Int32] = []
    /// Total tokens charged so far.
    public private(set) var cost = 0
    /// Every call, when `logging` is on.
    public private(set) var actions: [EnvironmentAction] = []
    public var logging: Bool
    /// Scratch space for vote counting, sized for the current question's answers.
    public var tally = VoteTally()

    public init(question: ReplayQuestion, order: [Int], logging: Bool = false) {
        self.question = question
        self.logging = logging
        reset(question: question, order: order)
    }

    /// Starts a fresh run of `question` with branches in `order` (a permutation of the store's
    /// branch indices, e.g. `MersenneTwister.permutation(seed:count:)`).
    public func reset(question: ReplayQuestion, order: [Int]) {
        precondition(order.count == question.branchCount, "the branch order must be a permutation of the question's branches")
        self.question = question
        self.order = order
        let n = question.branchCount
        if revealed.count != n {
            revealed = [Int32](repeating: 0, count: n)
            spent = [Int32](repeating: 0, count: n)
        } else {
            for i in 0..<opened {
                revealed[i] = 0
                spent[i] = 0
            }
        }
        opened = 0
        cost = 0
        actions.removeAll(keepingCapacity: true)
        tally.ensureCapacity(question.answers.count)
    }

    public var branchCount: Int { question.branchCount }
    public var isExhausted: Bool { opened >= question.branchCount }

    /// The only primitive that costs tokens: read one more interval of the branch at `position`.
    @inline(__always)
    private func advance(_ position: Int) -> (answer: AnswerID, charge: Int, finished: Bool) {
        let b = order[position]
        let q = question
        let start = Int(q.probeOffsets[b])
        let count = Int(q.probeOffsets[b + 1]) - start
        let r = Int(revealed[position])
        if r < count {
            revealed[position] = Int32(r + 1)
            spent[position] &+= Int32(q.probeFreq)
            cost &+= q.probeFreq
            return (q.probes[start + r], q.probeFreq, false)
        }
        let remaining = max(0, Int(q.tokens[b]) - Int(spent[position]))
        revealed[position] = Int32(count + 1)
        spent[position] &+= Int32(remaining)
        cost &+= remaining
        return (q.finals[b], remaining, true)
    }

    /// `probe_new`: opens the next branch and reads its first interval; nil when all branches
    /// are open (the "no branch" error).
    public func open() -> (answer: AnswerID, index: Int, finished: Bool)? {
        if opened >= question.branchCount { return nil }
        let position = opened
        let step = advance(position)
        opened += 1
        if logging { log(.open, position, step) }
        return (step.answer, position, step.finished)
    }

    /// `probe_more(i)`: one more interval of an opened branch; nil when `index` was never opened.
    public func `continue`(_ index: Int) -> (answer: AnswerID, finished: Bool)? {
        if index < 0 || index >= opened { return nil }
        let step = advance(index)
        if logging { log(.continue, index, step) }
        return (step.answer, step.finished)
    }

    /// `get_new_branch_final_answer`: opens the next branch and charges its whole length;
    /// nil when all branches are open.
    public func fullRead() -> AnswerID? {
        if opened >= question.branchCount { return nil }
        let position = opened
        let b = order[position]
        let q = question
        let charge = Int(q.tokens[b])
        revealed[position] = Int32(q.probeCount(branch: b) + 1)
        spent[position] = Int32(charge)
        cost &+= charge
        opened += 1
        if logging { log(.fullRead, position, (q.finals[b], charge, true)) }
        return q.finals[b]
    }

    private func log(_ op: EnvironmentAction.Operation, _ position: Int, _ step: (answer: AnswerID, charge: Int, finished: Bool)) {
        actions.append(EnvironmentAction(operation: op, branch: position, storeBranch: order[position],
                                         depth: Int(revealed[position]), answer: step.answer,
                                         tokens: step.charge, finished: step.finished))
    }

    /// The answer text for an id of the current question.
    @inline(__always)
    public func text(_ id: AnswerID) -> String { question.answers[Int(id)] }

    public func text(_ id: AnswerID?) -> JSONValue {
        guard let id else { return .null }
        return .string(question.answers[Int(id)])
    }

    /// Store branch index at an opening position.
    public func storeBranch(at position: Int) -> Int { order[position] }
    /// Intervals revealed at an opening position.
    public func depth(at position: Int) -> Int { Int(revealed[position]) }
    /// Tokens spent on the branch at an opening position.
    public func tokensSpent(at position: Int) -> Int { Int(spent[position]) }
}
