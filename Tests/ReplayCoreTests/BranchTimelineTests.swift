import Testing
@testable import ReplayCore

@Suite("Branch timeline")
struct BranchTimelineTests {
    /// Branch 0: probes A, B then final B; branch 1: probes C then final B.
    static let question = ReplayQuestion(text: "q", gold: "B", probeFreq: 500, branches: [
        (["A", "B"], 1400, "B"), (["C"], 900, "B"),
    ])

    func timeline() -> BranchTimeline {
        var env = ReplayEnvironment(question: Self.question, order: [0, 1], logging: true)
        _ = env.open(); _ = env.open(); _ = env.continue(0); _ = env.continue(1); _ = env.continue(0)
        let full = [0: Self.question.probeTexts(branch: 0) + ["B"], 1: Self.question.probeTexts(branch: 1) + ["B"]]
        return BranchTimeline(actions: env.actions, answers: Self.question.answers, gold: "B", droppedAfter: [:], fullBranches: full)
    }

    @Test("stepping reveals one action at a time, with tokens and votes")
    func stepping() {
        let t = timeline()
        #expect(t.stepCount == 6)
        let s0 = t.state(after: 0)
        #expect(s0.rows.isEmpty && s0.tokens == 0)
        let s2 = t.state(after: 2)
        #expect(s2.rows.map(\.latest) == ["A", "C"])
        #expect(s2.tokens == 1000)
        #expect(s2.votes.map(\.answer) == ["A", "C"])  // a tie: first seen leads
        // The unpaid depth is drawn (dimmed) when the store is at hand.
        #expect(s2.rows[0].cells.map(\.kind) == [.majority, .unrevealed, .unrevealed])
        let s4 = t.state(after: 4)
        #expect(s4.rows[1].finished && s4.rows[1].cells.last?.isFinal == true)
        #expect(s4.rows[1].tokens == 900)
        #expect(s4.completedVotes.map(\.answer) == ["B"])
        let end = t.state(after: 99)
        #expect(end.step == 5 && end.tokens == 2300)
        #expect(end.rows[0].cells.map(\.kind) == [.other, .gold, .gold])
    }

    @Test("drops from CMC and Parallel-Probe events mark branches from their last read on")
    func drops() {
        let t = timeline()
        let events: [JSONValue] = [["event": "forward", "output": ["abandoned_now": [1]]]]
        let drops = BranchTimeline.dropsAtLastRead(events: events.map { DecisionEvent(json: $0, actionsBefore: nil) }, actions: t.actions)
        #expect(drops == [1: 3])
        let dropped = BranchTimeline(actions: t.actions, answers: t.answers, gold: "B", droppedAfter: drops)
        #expect(dropped.state(after: 3).rows[1].dropped == false)
        #expect(dropped.state(after: 4).rows[1].dropped == true)
        #expect(dropped.state(after: 5).votes.map(\.answer) == ["B"])  // dropped branches do not vote
    }

    @Test("a real CMC run: the timeline's tokens add up to the row's cost", .enabled(if: SharedData.available, SharedData.skipMessage))
    func realRun() throws {
        let store = try SharedData.store("Qwen3-4B", "aime24")
        let config = try ControllerSpec.parse("cmc:beta=0.5")[0]
        let run = Evaluator.replayOne(store: store, configuration: config, seed: 0, questionIndex: 5)
        let q = store.questions[5]
        let t = BranchTimeline(actions: run.actions, answers: q.answers, gold: q.gold,
                               droppedAfter: BranchTimeline.dropsAtLastRead(events: run.row["trace"]!.arrayValue!.map { DecisionEvent(json: $0, actionsBefore: nil) },
                                                                             actions: run.actions))
        let end = t.state(after: t.stepCount)
        #expect(end.tokens == run.cost)
        #expect(end.rows.count == run.actions.filter { $0.operation == .open }.count)
    }
}
