/// Majority voting over interned answer ids, with the reference's tie-breaks: among equal counts
/// the answer appended first wins (Python's `Counter.most_common` keeps insertion order).
///
/// Counting uses the environment's scratch memory (one slot per distinct answer of the
/// question, always left zeroed), so a vote allocates nothing.
public struct VoteTally {
    private let scratch: ScratchSpace

    init(scratch: ScratchSpace) {
        self.scratch = scratch
    }

    public struct Stats: Equatable, Sendable {
        public var winner: AnswerID?
        public var top1: Int
        public var top2: Int
    }

    /// Winner, its count and the runner-up's count, over `answers` in list order.
    public func stats(_ answers: [AnswerID]) -> Stats {
        answers.withUnsafeBufferPointer { stats($0) }
    }

    @inline(__always)
    public func stats(_ answers: UnsafeBufferPointer<AnswerID>) -> Stats {
        if answers.isEmpty { return Stats(winner: nil, top1: 0, top2: 0) }
        let counts = scratch.counts, distinct = scratch.distinct
        var n = 0
        for a in answers {
            let i = Int(a)
            if counts[i] == 0 { distinct[n] = a; n &+= 1 }
            counts[i] &+= 1
        }
        let t = topTwo(distinct, n, counts: counts)
        for j in 0..<n { counts[Int(distinct[j])] = 0 }
        return Stats(winner: t.winner, top1: Int(t.top1), top2: Int(t.top2))
    }

    /// A vote over a list that only grows, kept up to date one answer at a time; call `end()`
    /// when done with it. One at a time per environment: all share the scratch's growing slots.
    func growing() -> GrowingVote { GrowingVote(scratch: scratch) }

    /// The majority answer (first appended among equal counts); nil for an empty list.
    public func majority(_ answers: [AnswerID]) -> AnswerID? {
        stats(answers).winner
    }


    /// Counts per distinct answer in first-appearance order (for trace events).
    public func counts<C: Collection>(_ answers: C) -> [(AnswerID, Int)] where C.Element == AnswerID {
        let counts = scratch.counts, distinct = scratch.distinct
        var n = 0
        for a in answers {
            let i = Int(a)
            if counts[i] == 0 { distinct[n] = a; n += 1 }
            counts[i] += 1
        }
        let result = (0..<n).map { (distinct[$0], Int(counts[Int(distinct[$0])])) }
        for j in 0..<n { counts[Int(distinct[j])] = 0 }
        return result
    }
}

/// Over `n >= 1` distinct answers in first-seen order with their counts: the winner (the first
/// seen among equal counts, as `Counter.most_common`), its count and the runner-up's count.
@inline(__always)
func topTwo(_ distinct: UnsafeMutablePointer<Int32>, _ n: Int, counts: UnsafeMutablePointer<Int32>) -> (winner: Int32, top1: Int32, top2: Int32) {
    var winner = distinct[0]
    var top1 = counts[Int(winner)]
    var top2: Int32 = 0
    var k = 1
    while k < n {
        let a = distinct[k]
        let c = counts[Int(a)]
        if c > top1 { top2 = top1; top1 = c; winner = a } else if c > top2 { top2 = c }
        k &+= 1
    }
    return (winner, top1, top2)
}

/// `VoteTally.stats` of a list that only grows, without recounting the list at each answer
/// (ASC votes after every sample: a whole-list count each time is quadratic in the samples).
/// Same tie-break: among equal counts the answer seen first wins.
public struct GrowingVote {
    private let counts: UnsafeMutablePointer<Int32>
    private let rank: UnsafeMutablePointer<Int32>
    private let distinct: UnsafeMutablePointer<Int32>
    private var n: Int32 = 0
    private var winner: Int32 = -1
    private var top1: Int32 = 0
    private var top2: Int32 = 0

    init(scratch: ScratchSpace) {
        counts = scratch.growingCounts
        rank = scratch.growingRank
        distinct = scratch.growingDistinct
    }

    public var stats: VoteTally.Stats {
        VoteTally.Stats(winner: winner < 0 ? nil : winner, top1: Int(top1), top2: Int(top2))
    }

    public mutating func add(_ answer: AnswerID) {
        let i = Int(answer)
        if counts[i] == 0 { rank[i] = n; distinct[Int(n)] = answer; n &+= 1 }
        counts[i] &+= 1
        let c = counts[i]
        if answer == winner {
            top1 = c  // the others are unchanged, and so is the runner-up
        } else if c > top1 || (c == top1 && rank[i] < rank[Int(winner)]) {
            top2 = top1  // the old winner is now the runner-up
            winner = answer
            top1 = c
        } else if c > top2 {
            top2 = c
        }
    }

    /// Leaves the scratch counts zeroed for the next vote.
    public mutating func end() {
        for j in 0..<Int(n) { counts[Int(distinct[j])] = 0 }
        n = 0; winner = -1; top1 = 0; top2 = 0
    }
}
