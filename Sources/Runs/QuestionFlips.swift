import Foundation
import ReplayCore

/// Questions answered correctly by one round and wrongly by the other at one configuration,
/// counted over the shuffle seeds both traces hold (`docs/replay-semantics.md`, section 6: a
/// trace row is one (configuration, seed, question) with `is_correct` and `cost`).
public struct QuestionFlips: Sendable, Equatable {
    /// A trace row's outcome.
    public struct Outcome: Sendable, Hashable {
        public var isCorrect: Bool?
        public var cost: Int?
        public init(isCorrect: Bool?, cost: Int?) {
            self.isCorrect = isCorrect
            self.cost = cost
        }
    }

    public struct Key: Sendable, Hashable {
        public var seed: Int
        public var question: Int
        public init(seed: Int, question: Int) {
            self.seed = seed
            self.question = question
        }
    }

    /// One question over the seeds both sides have.
    public struct Question: Sendable, Equatable {
        public var index: Int
        /// Seeds both sides report a correctness for.
        public var seeds: Int
        public var correctA: Int
        public var correctB: Int
        /// Seeds where A is right and B wrong, and the reverse.
        public var onlyA: Int
        public var onlyB: Int
        /// Mean cost over those seeds (nil when a side reports no cost).
        public var meanCostA: Double?
        public var meanCostB: Double?
        /// The first seed where the two disagree (to open its rows).
        public var firstFlipSeed: Int?

        public var rateA: Double { seeds > 0 ? Double(correctA) / Double(seeds) : 0 }
        public var rateB: Double { seeds > 0 ? Double(correctB) / Double(seeds) : 0 }
        /// Share of seeds where exactly one side is right.
        public var flipRate: Double { seeds > 0 ? Double(onlyA + onlyB) / Double(seeds) : 0 }
        public var costDelta: Double? { meanCostB.flatMap { b in meanCostA.map { b - $0 } } }
        public var flipped: Bool { onlyA + onlyB > 0 }
    }

    /// Every question both sides have, by index.
    public var questions: [Question]
    /// The seeds both sides have (sorted).
    public var seeds: [Int]
    /// Rows only one side has (not compared).
    public var unmatchedA: Int
    public var unmatchedB: Int

    /// Flipped questions, the largest net change first (then by index).
    public var flipped: [Question] {
        questions.filter(\.flipped).sorted { a, b in
            let da = abs(a.onlyB - a.onlyA), db = abs(b.onlyB - b.onlyA)
            if da != db { return da > db }
            if a.flipRate != b.flipRate { return a.flipRate > b.flipRate }
            return a.index < b.index
        }
    }

    /// Overall: rows where only A / only B is right.
    public var totalOnlyA: Int { questions.reduce(0) { $0 + $1.onlyA } }
    public var totalOnlyB: Int { questions.reduce(0) { $0 + $1.onlyB } }

    /// Compares two sets of outcomes keyed by seed and question.
    public static func compare(_ a: [Key: Outcome], _ b: [Key: Outcome]) -> QuestionFlips {
        var perQuestion: [Int: Question] = [:]
        var costSums: [Int: (a: Int, b: Int, na: Int, nb: Int)] = [:]
        var seeds = Set<Int>()
        var matched = 0
        for (key, oa) in a.sorted(by: { ($0.key.question, $0.key.seed) < ($1.key.question, $1.key.seed) }) {
            guard let ob = b[key] else { continue }
            matched += 1
            guard let ca = oa.isCorrect, let cb = ob.isCorrect else { continue }
            seeds.insert(key.seed)
            var q = perQuestion[key.question] ?? Question(index: key.question, seeds: 0, correctA: 0, correctB: 0, onlyA: 0, onlyB: 0)
            q.seeds += 1
            if ca { q.correctA += 1 }
            if cb { q.correctB += 1 }
            if ca && !cb { q.onlyA += 1 }
            if cb && !ca { q.onlyB += 1 }
            if ca != cb && q.firstFlipSeed == nil { q.firstFlipSeed = key.seed }
            perQuestion[key.question] = q
            var c = costSums[key.question] ?? (0, 0, 0, 0)
            if let x = oa.cost { c.a += x; c.na += 1 }
            if let x = ob.cost { c.b += x; c.nb += 1 }
            costSums[key.question] = c
        }
        var questions = perQuestion.values.sorted { $0.index < $1.index }
        for i in questions.indices {
            if let c = costSums[questions[i].index] {
                questions[i].meanCostA = c.na > 0 ? Double(c.a) / Double(c.na) : nil
                questions[i].meanCostB = c.nb > 0 ? Double(c.b) / Double(c.nb) : nil
            }
        }
        return QuestionFlips(questions: questions, seeds: seeds.sorted(), unmatchedA: a.count - matched, unmatchedB: b.count - matched)
    }

    /// Reads every row of one description from a trace index. Only each row's head is read
    /// (`is_correct` and `cost` come before the large `trace` array in the reference's rows),
    /// so a 750 MB trace costs a few MB of reads; a row whose head lacks them is fetched whole.
    /// `cancelled` is polled between rows.
    public static func outcomes(_ index: TraceIndex, description: Int, cancelled: () -> Bool = { false }) throws -> [Key: Outcome] {
        var out: [Key: Outcome] = [:]
        let fd = open(index.path, O_RDONLY)
        defer { if fd >= 0 { close(fd) } }
        var head = [UInt8](repeating: 0, count: 4096)
        for e in index.entries where e.description == Int32(description) {
            if cancelled() { throw CancellationError() }
            let key = Key(seed: Int(e.seed), question: Int(e.question))
            if fd >= 0 {
                let want = min(head.count, Int(e.length))
                let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(e.offset)) }
                if n > 0, let o = head.withUnsafeBufferPointer({ headOutcome(UnsafeBufferPointer(rebasing: $0[0..<n])) }) {
                    out[key] = o
                    continue
                }
            }
            let r = try index.fetch(e)
            out[key] = Outcome(isCorrect: r.isCorrect, cost: r.cost)
        }
        return out
    }

    /// `is_correct` and `cost` from the top level of a row's first bytes, reading members (with
    /// the trace scanner's string, value and integer rules) until both are seen; nil when the
    /// `trace` member or the end of the bytes comes first.
    static func headOutcome(_ b: UnsafeBufferPointer<UInt8>) -> Outcome? {
        guard let p = b.baseAddress else { return nil }
        let count = b.count
        var i = 0
        func skip() { while i < count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 } }
        func literal(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard i + n <= count else { return false }
            for k in 0..<n where p[i + k] != s.utf8Start[k] { return false }
            return true
        }
        skip()
        guard i < count, p[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var isCorrect: Bool?? = nil
        var cost: Int?? = nil
        while true {
            skip()
            guard i < count else { return nil }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            guard p[i] == UInt8(ascii: "\""), let e = TraceRowScanner.stringEnd(p, count, from: i) else { return nil }
            let key = String(decoding: UnsafeBufferPointer(start: p + i + 1, count: e - i - 1), as: UTF8.self)
            i = e + 1
            skip()
            guard i < count, p[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skip()
            switch key {
            case "trace": return nil
            case "is_correct":
                if literal("true") { isCorrect = .some(true) } else if literal("false") { isCorrect = .some(false) }
                else if literal("null") { isCorrect = .some(nil) } else { return nil }
            case "cost":
                if literal("null") { cost = .some(nil) }
                // A number that runs to the end of the bytes may go on past them.
                else if let (v, end) = TraceRowScanner.integer(p, count, from: i), end < count { cost = .some(v) } else { return nil }
            default: break
            }
            if let ic = isCorrect, let co = cost { return Outcome(isCorrect: ic, cost: co) }
            guard let end = TraceRowScanner.skipValue(p, count, from: i) else { return nil }
            i = end
        }
    }

    /// Configurations present in both indexes, as (label, description index in A, in B), in
    /// parameter order (`RowConfiguration.inParameterOrder` of A's descriptions, not file order).
    public static func sharedConfigurations(_ a: TraceIndex, _ b: TraceIndex) -> [(label: String, a: Int, b: Int)] {
        var out: [(label: String, a: Int, b: Int)] = []
        let ordered = RowConfiguration.inParameterOrder(a.descriptions).compactMap { d in a.descriptions.firstIndex(of: d).map { ($0, d) } }
        for (i, d) in ordered {
            guard let c = RowConfiguration.parse(description: d) else {
                if let j = b.descriptions.firstIndex(of: d) { out.append((d, i, j)) }
                continue
            }
            if let j = b.descriptionIndex(matching: c) { out.append((RoundComparison.configurationLabel(c), i, j)) }
        }
        return out
    }
}

/// What the flip-detail pane shows of one trace row.
public struct FlipRowSummary: Sendable, Equatable {
    public var side: String
    public var line: Int
    public var seed: Int
    public var question: Int
    public var answer: String?
    public var gold: String?
    public var isCorrect: Bool?
    public var cost: Int?
    /// Branches opened (from the action log; nil when the row has none).
    public var branches: Int?
    /// Intervals read over all branches (nil without an action log).
    public var intervalsRead: Int?
    public var steps: Int
    /// The last step's `stop_reason`, else its decision.
    public var stopReason: String?

    public init(side: String, record r: TraceRecord) {
        self.side = side
        line = r.line
        seed = r.shuffleSeed
        question = r.questionIndex
        answer = r.answer
        gold = r.goldAnswer
        isCorrect = r.isCorrect
        cost = r.cost
        steps = r.stepCount
        if let actions = r.actions {
            branches = Set(actions.map(\.branch)).count
            intervalsRead = actions.count
        }
        if r.stepCount > 0 {
            let last = r.step(r.stepCount - 1)
            stopReason = last.output.objectValue?["stop_reason"]?.stringValue ?? (last.decisionText.isEmpty ? last.event : last.decisionText)
        }
    }
}
