import Testing
@testable import ReplayCore

/// Unwraps a result of a mutating call (`#require` cannot take one).
func req<T>(_ value: T?, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
    try #require(value, sourceLocation: sourceLocation)
}

@Suite("Replay environment cost accounting")
struct EnvironmentTests {
    /// Branch 0: probes A, B; 1400 tokens. Branch 1: no probes, 300 tokens. Branch 2: probe C; 200 tokens.
    static let question = ReplayQuestion(text: "q", gold: "B", probeFreq: 500, branches: [
        (["A", "B"], 1400, "B"), ([], 300, "D"), (["C"], 200, "C"),
    ])

    @Test("open, continue and the final read charge as the reference does")
    func accounting() throws {
        var env = ReplayEnvironment(question: Self.question, order: [0, 1, 2], logging: true)
        let o = try req(env.open())
        #expect(env.text(o.answer) == "A" && o.index == 0 && !o.finished)
        #expect(env.cost == 500)
        let c1 = try req(env.continue(0))
        #expect(env.text(c1.answer) == "B" && !c1.finished && env.cost == 1000)
        let c2 = try req(env.continue(0))
        #expect(env.text(c2.answer) == "B" && c2.finished && env.cost == 1400)  // remaining 400
        let c3 = try req(env.continue(0))
        #expect(c3.finished && env.cost == 1400)  // finished again: free
        #expect(env.continue(1) == nil)  // never opened: "no branch"
        let o2 = try req(env.open())
        #expect(env.text(o2.answer) == "D" && o2.finished && env.cost == 1700)  // 0 probes: the first read is final
        // Branch 2: 1 probe (500) then a final read with nothing left (200 - 500 < 0).
        _ = try req(env.open())
        let f = try req(env.continue(2))
        #expect(f.finished && env.cost == 2200)
        #expect(env.open() == nil)  // exhausted
        #expect(env.actions.map(\.tokens) == [500, 500, 400, 0, 300, 500, 0])
        #expect(env.actions.map(\.depth) == [1, 2, 3, 3, 1, 1, 2])
        #expect(env.tokensSpent(at: 0) == 1400 && env.tokensSpent(at: 2) == 500)
    }

    @Test("a full read charges the whole branch, whatever its probes")
    func fullRead() throws {
        var env = ReplayEnvironment(question: Self.question, order: [2, 0, 1])
        #expect(env.text(try req(env.fullRead())) == "C")
        #expect(env.cost == 200)
        #expect(env.text(try req(env.fullRead())) == "B")
        #expect(env.cost == 1600)
        #expect(env.tokensSpent(at: 1) == 1400)
        let again = try req(env.continue(1))
        #expect(again.finished && env.cost == 1600)
    }

    @Test("reset starts a question afresh with a new order")
    func reset() throws {
        var env = ReplayEnvironment(question: Self.question, order: [0, 1, 2])
        _ = env.open(); _ = env.continue(0)
        env.reset(question: Self.question, order: [1, 0, 2])
        #expect(env.cost == 0 && env.opened == 0)
        #expect(env.text(try req(env.open()).answer) == "D")
    }

    @Test("majority ties go to the answer appended first")
    func majorityTies() {
        let q = ReplayQuestion(text: "q", gold: "x", probeFreq: 500, branches: [(["A"], 1, "B")])
        let env = ReplayEnvironment(question: q, order: [0])
        let a: AnswerID = 0, b: AnswerID = 1
        #expect(env.tally.majority([a, b, b, a]) == a)
        #expect(env.tally.majority([b, a, a, b]) == b)
        let st = env.tally.stats([b, a, a, b, a])
        #expect(st == .init(winner: a, top1: 3, top2: 2))
        #expect(env.tally.majority([AnswerID]()) == nil)
    }

    /// ASC's running vote against a whole-list count after every answer: random lists over few
    /// distinct answers (many ties, winners changing hands), and a whole-list vote taken in the
    /// middle of one (as a trace event does) disturbs neither.
    @Test("a growing vote equals a whole-list vote after every answer, ties included")
    func growingVote() {
        let q = ReplayQuestion(text: "q", gold: "x", probeFreq: 500,
                               branches: (0..<9).map { ([String($0)], 1, String($0)) })
        let env = ReplayEnvironment(question: q, order: Array(0..<9))
        var rng = SplitMix(seed: 7)
        for round in 0..<2000 {
            let distinct = 1 + Int(rng.next() % 6), length = 1 + Int(rng.next() % 40)
            var vote = env.tally.growing()
            var list: [AnswerID] = []
            for _ in 0..<length {
                let a = AnswerID(rng.next() % UInt64(distinct))
                list.append(a)
                vote.add(a)
                #expect(vote.stats == env.tally.stats(list), "round \(round), list \(list)")
                if vote.stats != env.tally.stats(list) { return }
            }
            vote.end()
        }
        var empty = env.tally.growing()
        #expect(empty.stats == .init(winner: nil, top1: 0, top2: 0))
        empty.end()
    }
}
