import Foundation
import Testing
@testable import Dashboard
import ReplayCore
import Runs

/// The Trace view's timeline on real CMC traces (the published reference rows, re-run on the
/// matching replay store), read as screen text at several steps.
@Suite(.enabled(if: TraceFixtures.available, "../shared/autotts is absent: real-trace screens skipped"))
struct TraceTimelineScreenTests {
    /// Seed 0, question 17 under β = 0.5: sixteen branches abandoned, then the gate fires.
    static func abandoned(width: Int = 120, height: Int = 40) throws -> AppState {
        try TraceFixtures.state(file: "cmc_beta0.5_seeds0-4.jsonl", seed: 0, question: 17, width: width, height: height)
    }

    /// β = 0, seed 0, question 0: the momentum gate stops after about 12k tokens.
    static func earlyStop(width: Int = 120, height: Int = 40) throws -> AppState {
        try TraceFixtures.state(file: "cmc_beta0.0_seeds0-1.jsonl", seed: 0, question: 0, width: width, height: height)
    }

    @Test("opens at the controller's answer, with its stop reason and the re-run verified")
    func opensAtTheAnswer() throws {
        let s = try Self.abandoned()
        let t = try #require(s.trace.timeline)
        #expect(s.trace.step == t.lastStep)
        let text = screen(s)
        #expect(text.contains("stop: ema_momentum_gate"))
        #expect(text.contains("re-run"))
        #expect(text.contains("agree with the row"))
        #expect(text.contains("event \(t.events.count)/\(t.events.count): finish"))
        assertSnapshot(text, named: "trace-abandoned-end-120x40")
    }

    @Test("stepping from the start: one action at a time, then one decision event")
    func stepsFromTheStart() throws {
        var s = apply(try Self.abandoned(), .move(.top))
        var text = screen(s)
        #expect(text.contains("Step 0 of"))
        #expect(text.contains("no branch opened yet"))
        s = apply(s, .move(.right), .move(.right), .move(.right))
        text = screen(s)
        #expect(text.contains("Step 3 of"))
        #expect(text.contains("opened 3"))
        assertSnapshot(text, named: "trace-abandoned-step3-120x40")
        // Page down: the next decision event, with the step it sits at.
        s = apply(s, .move(.pageDown))
        let t = try #require(s.trace.timeline)
        let e = try #require(s.trace.event)
        #expect(s.trace.step == t.events[e].actionsBefore)
        #expect(screen(s).contains("─ event \(e + 1)/\(t.events.count): \(t.events[e].event)"))
        s = apply(s, .move(.left))
        #expect(s.trace.event == nil && s.trace.step == t.events[e].actionsBefore! - 1)
    }

    @Test("jumping to the first abandon shows the dropped branches from that step on")
    func jumpsToAPrune() throws {
        var s = apply(try Self.abandoned(), .move(.top), .trace(.jump(.prune, forward: true)))
        let t = try #require(s.trace.timeline)
        let e = try #require(s.trace.event)
        let dropped = t.events[e].droppedBranches
        #expect(!dropped.isEmpty)
        let state = try #require(t.state(atStep: s.trace.step))
        for b in dropped { #expect(state.rows.first { $0.branch == b }?.dropped == true) }
        let before = try #require(t.state(atStep: s.trace.step - 1))
        for b in dropped { #expect(before.rows.first { $0.branch == b }?.dropped == false) }
        let text = screen(s)
        #expect(text.contains("dropped \(dropped.count)"))
        #expect(text.contains("abandoned_now=[\(dropped[0])"))
        assertSnapshot(text, named: "trace-abandoned-first-prune-120x40")
        // The stop, then back one event.
        s = apply(s, .trace(.jump(.stop, forward: true)))
        #expect(s.trace.step == t.lastStep)
        s = apply(s, .move(.pageUp))
        #expect(screen(s).contains("terminate_check"))
    }

    @Test("an early stop: the gate fires after a few branches; 80 columns compress nothing needed")
    func earlyStop() throws {
        let s = try Self.earlyStop(width: 80, height: 24)
        let t = try #require(s.trace.timeline)
        #expect(t.stopReason == "ema_momentum_gate")
        #expect((t.cost ?? 0) < 15_000)
        let text = screen(s)
        #expect(text.contains("stop: ema_momentum_gate"))
        assertSnapshot(text, named: "trace-early-stop-end-80x24")
        let mid = apply(s, .move(.top), .trace(.jump(.widening, forward: true)))
        assertSnapshot(screen(mid), named: "trace-early-stop-first-event-80x24")
    }

    @Test("the question text and gold answer are one key away")
    func questionText() throws {
        let s = apply(try Self.earlyStop(), .trace(.toggleQuestionText))
        let text = screen(s)
        #expect(text.contains("Question 1  (i closes)"))   // questions count from 1 on screen
        #expect(text.contains("question 1"))
        #expect(text.contains("gold answer: 204"))
        #expect(apply(s, .back).trace.showQuestion == false)
    }

    @Test("the question list: sorted by cost, wrong only, filtered")
    func questionList() throws {
        var s = try Self.abandoned()
        s = apply(s, .back)
        #expect(s.trace.openQuestion == nil)
        let list = try #require(s.trace.list)
        #expect(list.questions.count == 30)
        // Branch counts from verified re-runs: the timeline's rows for question 17.
        #expect(list.questions.first { $0.question == 17 }?.branches == 25)
        #expect(list.questions.allSatisfy { $0.branches != nil })
        s = apply(s, .trace(.cycleSort))
        let rows = TraceFeature.visibleQuestions(s.trace)
        #expect(rows.map { $0.cost ?? 0 } == rows.map { $0.cost ?? 0 }.sorted(by: >))
        s = apply(s, .trace(.toggleWrongOnly))
        #expect(TraceFeature.visibleQuestions(s.trace).allSatisfy { $0.isCorrect == false })
        assertSnapshot(screen(s), named: "trace-questions-wrong-by-cost-120x40")
        s = apply(s, .trace(.toggleWrongOnly), .beginFilter, .filterInput("1"), .filterInput("8"), .filterCommit)
        // The filter takes the number as shown (from 1): "18" is the row with index 17.
        #expect(TraceFeature.visibleQuestions(s.trace).map(\.question) == [17])
    }
}

/// Builds trace-view states from the published reference traces and replay stores.
enum TraceFixtures {
    static let autotts = RunSnapshotTests.samplePath + "/../../../shared/autotts"
    static let traces = autotts + "/reference-traces/Qwen3-4B/aime24/"
    static let stores = autotts + "/efficient_reasoning_controller/workspace/code_base/environment"
    static var available: Bool { FileManager.default.fileExists(atPath: stores) && FileManager.default.fileExists(atPath: traces) }
    static let storeCache = TraceLoader.StoreCache()

    static func record(file: String, seed: Int, question: Int) throws -> (TraceIndex, TraceRecord) {
        let index = try TraceIndex.open(path: traces + file, cache: nil)
        let record = try #require(try index.fetch(description: 0, seed: seed, question: question))
        return (index, record)
    }

    static func state(file: String, seed: Int, question: Int, width: Int, height: Int) throws -> AppState {
        let (index, record) = try record(file: file, seed: seed, question: question)
        let list = TraceLoader.questions(index: index, description: record.description, seed: seed,
                                         storesDirectories: [stores], stores: storeCache)
        let timeline = TraceLoader.timeline(record: record, storesDirectories: [stores], stores: storeCache)
        var s = AppState(width: width, height: height, now: fixedNow)
        s.tab = .trace
        s.trace.target = TraceTarget(roundID: "reference", backbone: "Qwen3-4B", benchmark: "aime24", description: record.description, seed: seed)
        s.trace.list = list
        s.trace.selected = list.questions.firstIndex { $0.question == question } ?? 0
        s.trace.openQuestion = question
        return apply(s, .trace(.timelineLoaded(request: 0, question: question, timeline, error: nil)))
    }
}
