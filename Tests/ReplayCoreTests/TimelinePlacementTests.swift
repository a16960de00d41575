import Foundation
import Synchronization
import Testing
@testable import ReplayCore

/// Decision events placed on the action log: every trace row this project writes says, per event,
/// how many environment actions came before it, so drops sit exactly where the controller made them.
@Suite("Decision events placed on the action log")
struct TimelinePlacementTests {
    static let question = BranchTimelineTests.question

    @Test("the recorder stamps each event with the actions logged before it")
    func stamps() throws {
        let store = ReplayStore(backbone: "b", benchmark: "d", path: "mem", questions: [Self.question])
        let config = try ControllerSpec.parse("sc:max_samples=2")[0]
        let run = Evaluator.replayOne(store: store, configuration: config, seed: 0, questionIndex: 0)
        let events = try #require(run.row["trace"]?.arrayValue)
        #expect(run.actionsBefore.count == events.count)
        #expect(run.actionsBefore == run.actionsBefore.sorted())
        #expect(run.actionsBefore.last == run.actions.count)
        #expect(run.row["event_actions"] == .array(run.actionsBefore.map { .int($0) }))
        // The reference's fields stay first and untouched.
        #expect(Array(run.row.objectValue!.keys.prefix(10)) == ["model", "dataset", "method", "description", "bootstrap_idx",
                                                                "shuffle_seed", "question_index", "is_correct", "cost", "trace"])
    }

    @Test("evaluation with traces writes the same stamps as a single re-run")
    func evaluatorRows() throws {
        let store = ReplayStore(backbone: "b", benchmark: "d", path: "mem", questions: [Self.question, Self.question])
        let config = try ControllerSpec.parse("cmc:beta=0.5")[0]
        let rows = Mutex<[UInt8]>([])
        _ = try Evaluator.run(EvaluationRequest(stores: [store], configurations: [config], seeds: 2, traceSeeds: 2), threads: 1, traces: { chunk in
            rows.withLock { $0 += chunk.bytes }
        })
        let lines = rows.withLock { $0 }.split(separator: 0x0A)
        #expect(lines.count == 4)
        for line in lines {
            let row = try JSONParser.parse(Array(line))
            let again = Evaluator.replayOne(store: store, configuration: config, seed: row["shuffle_seed"]!.intValue!,
                                            questionIndex: row["question_index"]!.intValue!)
            #expect(row["event_actions"] == again.row["event_actions"])
            #expect(row == again.row)
        }
    }

    @Test("exact drops: a branch is dropped from the step of the event that dropped it")
    func exactDrops() {
        let t = BranchTimelineTests().timeline()
        let events = [
            DecisionEvent(event: "forward", goal: "", input: .null, output: ["abandoned_now": []], state: .null, decision: "", actionsBefore: 2),
            DecisionEvent(event: "forward", goal: "", input: .null, output: ["abandoned_now": [1]], state: .null, decision: "", actionsBefore: 3),
        ]
        let drops = BranchTimeline.drops(events: events)
        #expect(drops == [1: 2])
        let q = QuestionTimeline.make(actions: t.actions, answers: t.answers, events: events, source: .row, finalAnswer: "B",
                                      gold: "B", isCorrect: true, cost: 2300, questionText: nil, probeFreq: 500)
        #expect(q.placement == .exact)
        #expect(q.state(atStep: 2)?.rows[1].dropped == false)
        #expect(q.state(atStep: 3)?.rows[1].dropped == true)
        #expect(q.eventIndex(atStep: 1) == nil)
        #expect(q.eventIndex(atStep: 2) == 0)
        #expect(q.eventIndex(atStep: 5) == 1)
        #expect(q.step(ofEvent: 1) == 3)
        #expect(q.nextEvent(.prune, after: nil) == 1)
        #expect(q.nextEvent(.prune, after: 1) == nil)
        // Rows that do not place their events: drops at the branch's last read, no event in force.
        var unplaced = events
        for i in unplaced.indices { unplaced[i].actionsBefore = nil }
        let rough = QuestionTimeline.make(actions: t.actions, answers: t.answers, events: unplaced, source: .row, finalAnswer: "B",
                                          gold: "B", isCorrect: true, cost: 2300, questionText: nil, probeFreq: 500)
        #expect(rough.placement == .approximate)
        #expect(rough.eventIndex(atStep: 5) == nil)
        #expect(rough.state(atStep: 4)?.rows[1].dropped == true)
        #expect(rough.state(atStep: 3)?.rows[1].dropped == false)
    }

    @Test("real CMC rows: each event follows exactly its own actions; abandoned branches are never read after their drop",
          .enabled(if: SharedData.available, SharedData.skipMessage))
    func realPlacement() throws {
        let store = try SharedData.store("Qwen3-4B", "aime24")
        let config = try ControllerSpec.parse("cmc:beta=0.5")[0]
        var checkedDrops = 0
        for question in [0, 4, 17] {
            let run = Evaluator.replayOne(store: store, configuration: config, seed: 0, questionIndex: question)
            let events = run.row["trace"]!.arrayValue!.enumerated().map { DecisionEvent(json: $1, actionsBefore: run.actionsBefore[$0]) }
            var previous = 0
            for e in events {
                let n = e.actionsBefore!
                let own = run.actions[previous..<n]
                let at = "question \(question): \(e.event) after \(n) actions, \(previous) before"
                switch e.event {
                case "init_branches":
                    #expect(own.count == e.output["n_spawned"]?.intValue && own.allSatisfy { $0.operation == .open }, "\(at)")
                case "update_states":
                    // Widening opens exactly `spawned_now` branches, and does nothing else.
                    #expect(own.count == e.output["spawned_now"]?.intValue && own.allSatisfy { $0.operation == .open }, "\(at)")
                case "forward":
                    // Probes only; `probed_this` counts planned bursts, so it may exceed the reads.
                    let probed = e.output["probed_this"]?.intValue ?? 0
                    #expect(!own.isEmpty && own.count <= probed && own.allSatisfy { $0.operation == .continue }, "\(at): probed_this \(probed)")
                default:
                    #expect(own.isEmpty, "\(at)")
                }
                previous = n
            }
            for (branch, after) in BranchTimeline.drops(events: events) {
                #expect(!run.actions.enumerated().contains { $0.offset > after && $0.element.branch == branch },
                        "question \(question): branch \(branch) read after its drop at action \(after)")
                checkedDrops += 1
            }
        }
        #expect(checkedDrops > 10)
    }
}
