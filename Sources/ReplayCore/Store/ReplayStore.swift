/// An answer interned to a small integer, unique within one question. The hot path compares
/// these, never strings.
public typealias AnswerID = Int32

/// One question of a replay store, laid out flat for replay: the probes of every branch sit in
/// one array, answers are interned per question so that vote counting is a small array lookup.
public final class ReplayQuestion: Sendable {
    public let text: String
    public let gold: String
    /// The gold answer's id (the gold answer is always interned, even if no branch reaches it).
    public let goldID: AnswerID
    public let probeFreq: Int
    /// Answer strings by id.
    public let answers: [String]
    /// `probes[probeOffsets[b] ..< probeOffsets[b + 1]]` are branch `b`'s intermediate answers.
    public let probeOffsets: [Int32]
    public let probes: [AnswerID]
    public let tokens: [Int32]
    public let finals: [AnswerID]

    public var branchCount: Int { finals.count }

    /// The same flat arrays as raw pointers for the replay hot path (no bounds checks, no
    /// array-buffer loads); owned by this object, freed with it.
    let hot: HotLayout

    public init(text: String, gold: String, probeFreq: Int, branches: [(probes: [String], tokens: Int, final: String)]) {
        var ids: [String: AnswerID] = [:]
        var answers: [String] = []
        func intern(_ s: String) -> AnswerID {
            if let id = ids[s] { return id }
            let id = AnswerID(answers.count)
            ids[s] = id
            answers.append(s)
            return id
        }
        var offsets: [Int32] = [0]
        var probes: [AnswerID] = []
        var tokens: [Int32] = []
        var finals: [AnswerID] = []
        offsets.reserveCapacity(branches.count + 1)
        for b in branches {
            for p in b.probes { probes.append(intern(p)) }
            offsets.append(Int32(probes.count))
            tokens.append(Int32(clamping: b.tokens))
            finals.append(intern(b.final))
        }
        self.goldID = intern(gold)
        self.text = text
        self.gold = gold
        self.probeFreq = probeFreq
        self.answers = answers
        self.probeOffsets = offsets
        self.probes = probes
        self.tokens = tokens
        self.finals = finals
        self.hot = HotLayout(probeOffsets: offsets, probes: probes, tokens: tokens, finals: finals)
    }

    @inline(__always)
    public func probeCount(branch b: Int) -> Int { Int(probeOffsets[b + 1] - probeOffsets[b]) }

    public func answerText(_ id: AnswerID?) -> String? {
        guard let id, id >= 0, Int(id) < answers.count else { return nil }
        return answers[Int(id)]
    }

    /// The probes of one branch as strings (for views and tests, not the hot path).
    public func probeTexts(branch b: Int) -> [String] {
        (Int(probeOffsets[b])..<Int(probeOffsets[b + 1])).map { answers[Int(probes[$0])] }
    }
}

/// Raw copies of a question's flat arrays, read by `ReplayEnvironment` on every probe.
final class HotLayout: @unchecked Sendable {
    let probeOffsets: UnsafeMutablePointer<Int32>
    let tokens: UnsafeMutablePointer<Int32>
    let finals: UnsafeMutablePointer<AnswerID>
    /// Per probe k, at `2k` its answer and at `2k + 1` the branch-relative index of the next
    /// probe with a different answer (else the branch's probe count): lets an event-driven
    /// controller jump over reads that cannot change a branch's latest answer. One array for
    /// both, so a read or a look-ahead touches one cache line.
    let runs: UnsafeMutablePointer<Int32>

    init(probeOffsets: [Int32], probes: [AnswerID], tokens: [Int32], finals: [AnswerID]) {
        func copy(_ a: [Int32]) -> UnsafeMutablePointer<Int32> {
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: max(a.count, 1))
            a.withUnsafeBufferPointer { if let base = $0.baseAddress { p.initialize(from: base, count: a.count) } }
            return p
        }
        self.probeOffsets = copy(probeOffsets)
        self.tokens = copy(tokens)
        self.finals = copy(finals)
        let runs = UnsafeMutablePointer<Int32>.allocate(capacity: max(2 * probes.count, 1))
        for b in 0..<finals.count {
            let start = Int(probeOffsets[b]), end = Int(probeOffsets[b + 1])
            var next = Int32(end - start)
            var k = end - 1
            while k >= start {
                runs[2 * k] = probes[k]
                runs[2 * k + 1] = next
                if k > start && probes[k - 1] != probes[k] { next = Int32(k - start) }
                k -= 1
            }
        }
        self.runs = runs
    }

    deinit {
        probeOffsets.deallocate(); tokens.deallocate(); finals.deallocate(); runs.deallocate()
    }
}

/// A replay store: one backbone on one benchmark, questions in file order.
public struct ReplayStore: Sendable {
    public let backbone: String
    public let benchmark: String
    /// The file it was read from, for messages.
    public let path: String
    public let questions: [ReplayQuestion]

    public init(backbone: String, benchmark: String, path: String, questions: [ReplayQuestion]) {
        self.backbone = backbone
        self.benchmark = benchmark
        self.path = path
        self.questions = questions
    }

    /// The most branches any question has (128 in the shipped stores).
    public var maxBranchCount: Int { questions.map(\.branchCount).max() ?? 0 }
}
