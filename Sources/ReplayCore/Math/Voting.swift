/// Majority voting over interned answer ids, with the reference's tie-breaks: among equal counts
/// the answer appended first wins (Python's `Counter.most_common` keeps insertion order).
///
/// Reusable scratch space: counting needs one slot per distinct answer of the question, and the
/// evaluator runs millions of votes, so nothing here allocates once the tally has grown.
public struct VoteTally: Sendable {
    private var counts: [Int32]
    private var order: [Int32] = []

    public init(answerCount: Int = 0) {
        counts = [Int32](repeating: 0, count: max(answerCount, 1))
        order.reserveCapacity(64)
    }

    public mutating func ensureCapacity(_ answerCount: Int) {
        if counts.count < answerCount {
            counts = [Int32](repeating: 0, count: answerCount)
        }
    }

    public struct Stats: Equatable, Sendable {
        public var winner: AnswerID?
        public var top1: Int
        public var top2: Int
    }

    /// Winner, its count and the runner-up's count, over `answers` in list order.
    public mutating func stats<C: Collection>(_ answers: C) -> Stats where C.Element == AnswerID {
        if answers.isEmpty { return Stats(winner: nil, top1: 0, top2: 0) }
        order.removeAll(keepingCapacity: true)
        for a in answers {
            let i = Int(a)
            if counts[i] == 0 { order.append(a) }
            counts[i] &+= 1
        }
        var winner: Int32 = order[0]
        var top1 = counts[Int(winner)]
        var top2: Int32 = 0
        for a in order.dropFirst() {
            let c = counts[Int(a)]
            if c > top1 {
                top2 = top1
                top1 = c
                winner = a
            } else if c > top2 {
                top2 = c
            }
        }
        for a in order { counts[Int(a)] = 0 }
        return Stats(winner: winner, top1: Int(top1), top2: Int(top2))
    }

    /// The majority answer (first appended among equal counts); nil for an empty list.
    public mutating func majority<C: Collection>(_ answers: C) -> AnswerID? where C.Element == AnswerID {
        stats(answers).winner
    }

    /// Counts per distinct answer in first-appearance order (for trace events).
    public mutating func counts<C: Collection>(_ answers: C) -> [(AnswerID, Int)] where C.Element == AnswerID {
        order.removeAll(keepingCapacity: true)
        for a in answers {
            let i = Int(a)
            if counts[i] == 0 { order.append(a) }
            counts[i] &+= 1
        }
        let result = order.map { ($0, Int(counts[Int($0)])) }
        for a in order { counts[Int(a)] = 0 }
        return result
    }
}
