/// The replay environment for one question under one shuffle seed: the reference's `Question`
/// with its `probe_new`, `probe_more` and `get_new_branch_final_answer`, and its cost accounting.
///
/// A value type passed `inout` to controllers: its hot state lives in pointer buffers owned by a
/// `ScratchSpace` that a worker reuses for every question run (`reset`), so replaying neither
/// allocates nor pays for the runtime exclusivity checks that class properties would need.
public struct ReplayEnvironment {
    public private(set) var question: ReplayQuestion
    private var scratch: ScratchSpace
    /// Cached from `question` at reset, so a probe does not chase the question object.
    private var hotLayout: HotLayout
    private var probeFreq: Int
    public private(set) var opened = 0
    /// Total tokens charged so far.
    public private(set) var cost = 0
    /// Every call, when `logging` is on.
    public private(set) var actions: [EnvironmentAction] = []
    public var logging: Bool
    /// Ticked with every logged action, for the trace recorder's event stamps (tracing only).
    public var actionCounter: ActionCounter?
    /// Vote counting scratch, sized for the current question's answers.
    public var tally: VoteTally

    public init(question: ReplayQuestion, order: [Int], logging: Bool = false) {
        self.init(question: question, order: order, logging: logging, scratch: ScratchSpace())
    }

    init(question: ReplayQuestion, order: [Int], logging: Bool, scratch: ScratchSpace) {
        self.question = question
        self.scratch = scratch
        self.hotLayout = question.hot
        self.probeFreq = question.probeFreq
        self.logging = logging
        self.tally = VoteTally(scratch: scratch)
        reset(question: question, order: order)
    }

    /// Starts a fresh run of `question` with branches in `order` (a permutation of the store's
    /// branch indices, e.g. `MersenneTwister.permutation(seed:count:)`).
    public mutating func reset(question: ReplayQuestion, order: [Int]) {
        precondition(order.count == question.branchCount, "the branch order must be a permutation of the question's branches")
        self.question = question
        self.hotLayout = question.hot
        self.probeFreq = question.probeFreq
        if !scratch.fits(branches: question.branchCount, answers: question.answers.count) {
            scratch = ScratchSpace(branches: max(question.branchCount, scratch.branchCapacity),
                                   answers: max(question.answers.count, scratch.answerCapacity))
            tally = VoteTally(scratch: scratch)
        }
        scratch.revealed.update(repeating: 0, count: question.branchCount)
        let o = scratch.order
        for i in 0..<order.count { o[i] = Int32(truncatingIfNeeded: order[i]) }
        opened = 0
        cost = 0
        if !actions.isEmpty { actions.removeAll(keepingCapacity: true) }
        actionCounter?.count = 0
    }

    public var branchCount: Int { question.branchCount }
    public var isExhausted: Bool { opened >= question.branchCount }

    /// The only primitive that costs tokens: read one more interval of the opened branch at
    /// `position`. Probe reads charge `probeFreq` each, so a branch's spent tokens are implied by
    /// its depth until the final read, which charges what remains of its length.
    @inline(__always)
    private mutating func advance(_ position: Int) -> (answer: AnswerID, charge: Int, finished: Bool) {
        let r = Int(scratch.revealed[position])
        let count = Int(scratch.probeCount[position])
        let hot = hotLayout
        if r < count {
            scratch.revealed[position] = Int32(truncatingIfNeeded: r &+ 1)
            cost &+= probeFreq
            return (hot.runs[2 &* (Int(scratch.probeStart[position]) &+ r)], probeFreq, false)
        }
        let b = Int(scratch.order[position])
        if r > count {
            return (hot.finals[b], 0, true)  // already finished: the final answer again, free
        }
        let remaining = max(0, Int(hot.tokens[b]) &- count &* probeFreq)
        scratch.revealed[position] = Int32(truncatingIfNeeded: count &+ 1)
        scratch.spent[position] = Int32(truncatingIfNeeded: remaining)
        cost &+= remaining
        return (hot.finals[b], remaining, true)
    }

    /// Caches where the branch at `position` keeps its probes (done when it is opened).
    @inline(__always)
    private func bind(_ position: Int) {
        let b = Int(scratch.order[position])
        let start = hotLayout.probeOffsets[b]
        scratch.probeStart[position] = start
        scratch.probeCount[position] = hotLayout.probeOffsets[b &+ 1] &- start
    }

    /// `probe_new`: opens the next branch and reads its first interval; nil when all branches
    /// are open (the "no branch" error).
    @inline(__always)
    public mutating func open() -> (answer: AnswerID, index: Int, finished: Bool)? {
        if opened >= question.branchCount { return nil }
        let position = opened
        bind(position)
        let step = advance(position)
        opened &+= 1
        if logging { log(.open, position, step) }
        return (step.answer, position, step.finished)
    }

    /// `probe_more(i)`: one more interval of an opened branch; nil when `index` was never opened.
    @inline(__always)
    public mutating func `continue`(_ index: Int) -> (answer: AnswerID, finished: Bool)? {
        if index < 0 || index >= opened { return nil }
        let step = advance(index)
        if logging { log(.continue, index, step) }
        return (step.answer, step.finished)
    }

    // Bulk reads, for controllers that jump over reads that change nothing (untraced runs):
    // they look ahead without reading, then charge what a read-by-read run would have read.

    /// Probe intervals of the opened branch at `position`; read `probeCount` is its final read.
    @inline(__always)
    public func probeCount(at position: Int) -> Int { Int(scratch.probeCount[position]) }

    /// The answer read `r` (0-based; read 0 is the open's) of the branch at `position` gives,
    /// without reading or charging it.
    @inline(__always)
    public func peekAnswer(at position: Int, read r: Int) -> AnswerID {
        if r < Int(scratch.probeCount[position]) { return hotLayout.runs[2 &* (Int(scratch.probeStart[position]) &+ r)] }
        return hotLayout.finals[Int(scratch.order[position])]
    }

    /// For a probe read `r < probeCount(at:)`: its answer, and the next read whose answer may
    /// differ from it (the next different probe, else the final read `probeCount`).
    @inline(__always)
    public func peekProbe(at position: Int, read r: Int) -> (answer: AnswerID, next: Int) {
        let p = hotLayout.runs + 2 &* (Int(scratch.probeStart[position]) &+ r)
        return (p[0], Int(p[1]))
    }

    /// The same depth and charges as `k` calls of `continue(position)` (probe reads charge
    /// `probeFreq`, the final read what remains of the branch, reads past it nothing).
    public mutating func continueMany(_ position: Int, _ k: Int) {
        if k <= 0 || position < 0 || position >= opened { return }
        if logging {
            for _ in 0..<k { _ = self.continue(position) }
            return
        }
        let r = Int(scratch.revealed[position]), count = Int(scratch.probeCount[position])
        if r > count { return }
        let probes = min(k, count &- r)
        cost &+= probes &* probeFreq
        if k > probes {
            let b = Int(scratch.order[position])
            let remaining = max(0, Int(hotLayout.tokens[b]) &- count &* probeFreq)
            scratch.revealed[position] = Int32(truncatingIfNeeded: count &+ 1)
            scratch.spent[position] = Int32(truncatingIfNeeded: remaining)
            cost &+= remaining
        } else {
            scratch.revealed[position] = Int32(truncatingIfNeeded: r &+ k)
        }
    }

    /// `get_new_branch_final_answer`: opens the next branch and charges its whole length;
    /// nil when all branches are open.
    public mutating func fullRead() -> AnswerID? {
        if opened >= question.branchCount { return nil }
        let position = opened
        bind(position)
        let b = Int(scratch.order[position])
        let q = question
        let charge = Int(q.tokens[b])
        let count = Int(scratch.probeCount[position])
        scratch.revealed[position] = Int32(truncatingIfNeeded: count + 1)
        // Spent so far is depth-implied (count * probeFreq) plus this extra.
        scratch.spent[position] = Int32(truncatingIfNeeded: charge - count * q.probeFreq)
        cost &+= charge
        opened &+= 1
        if logging { log(.fullRead, position, (q.finals[b], charge, true)) }
        return q.finals[b]
    }

    @inline(never)
    private mutating func log(_ op: EnvironmentAction.Operation, _ position: Int, _ step: (answer: AnswerID, charge: Int, finished: Bool)) {
        actions.append(EnvironmentAction(operation: op, branch: position, storeBranch: Int(scratch.order[position]),
                                         depth: Int(scratch.revealed[position]), answer: step.answer,
                                         tokens: step.charge, finished: step.finished))
        actionCounter?.count = actions.count
    }

    /// The answer text for an id of the current question.
    @inline(__always)
    public func text(_ id: AnswerID) -> String { question.answers[Int(id)] }

    public func text(_ id: AnswerID?) -> JSONValue {
        guard let id else { return .null }
        return .string(question.answers[Int(id)])
    }

    /// Store branch index at an opening position.
    public func storeBranch(at position: Int) -> Int { Int(scratch.order[position]) }
    /// Intervals revealed at an opening position.
    public func depth(at position: Int) -> Int { Int(scratch.revealed[position]) }
    /// Tokens spent on the branch at an opening position.
    public func tokensSpent(at position: Int) -> Int {
        let r = Int(scratch.revealed[position]), count = Int(scratch.probeCount[position])
        return min(r, count) * question.probeFreq + (r > count ? Int(scratch.spent[position]) : 0)
    }
}

/// Per-worker scratch memory for replay: branch order, revealed depths, spent tokens, vote
/// counts. Everything is a `let` pointer, so reading and writing through them needs no runtime
/// exclusivity checks; a question that needs more room gets a new, larger scratch space.
final class ScratchSpace {
    let branchCapacity: Int
    let answerCapacity: Int
    let order: UnsafeMutablePointer<Int32>
    let revealed: UnsafeMutablePointer<Int32>
    /// Extra tokens charged by the final read (or a full read), beyond depth * probeFreq.
    let spent: UnsafeMutablePointer<Int32>
    /// Where each opened position's probes start in the question's flat array, and how many.
    let probeStart: UnsafeMutablePointer<Int32>
    let probeCount: UnsafeMutablePointer<Int32>
    /// Always all zero between votes.
    let counts: UnsafeMutablePointer<Int32>
    let distinct: UnsafeMutablePointer<Int32>
    /// A `GrowingVote`'s own counts (always all zero between uses) and first-seen ranks, apart
    /// from `counts` so a trace event can still take a whole-list vote in the middle of one.
    let growingCounts: UnsafeMutablePointer<Int32>
    let growingRank: UnsafeMutablePointer<Int32>
    let growingDistinct: UnsafeMutablePointer<Int32>

    init(branches: Int = 128, answers: Int = 512) {
        branchCapacity = max(branches, 1)
        answerCapacity = max(answers, 1)
        order = .allocate(capacity: branchCapacity)
        revealed = .allocate(capacity: branchCapacity)
        spent = .allocate(capacity: branchCapacity)
        probeStart = .allocate(capacity: branchCapacity)
        probeCount = .allocate(capacity: branchCapacity)
        counts = .allocate(capacity: answerCapacity)
        counts.initialize(repeating: 0, count: answerCapacity)
        distinct = .allocate(capacity: answerCapacity)
        growingCounts = .allocate(capacity: answerCapacity)
        growingCounts.initialize(repeating: 0, count: answerCapacity)
        growingRank = .allocate(capacity: answerCapacity)
        growingDistinct = .allocate(capacity: answerCapacity)
    }

    func fits(branches: Int, answers: Int) -> Bool { branches <= branchCapacity && answers <= answerCapacity }

    deinit {
        order.deallocate(); revealed.deallocate(); spent.deallocate(); counts.deallocate(); distinct.deallocate()
        growingCounts.deallocate(); growingRank.deallocate(); growingDistinct.deallocate()
        probeStart.deallocate(); probeCount.deallocate()
    }
}
