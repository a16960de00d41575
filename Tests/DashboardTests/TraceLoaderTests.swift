import Foundation
import Testing
@testable import Dashboard
import ReplayCore
import Runs

/// Where the action log comes from: the row, a verified re-run of a reference row, or nowhere
/// (and then why).
@Suite struct TraceLoaderTests {
    @Test("a reference row re-run reproduces its answer, cost and decision events", .enabled(if: TraceFixtures.available))
    func rerunReproducesReferenceRows() throws {
        for (file, seed, question) in [("cmc_beta0.5_seeds0-4.jsonl", 0, 17), ("cmc_beta0.0_seeds0-1.jsonl", 0, 0),
                                       ("asc_n64_seeds0-4.jsonl", 1, 3), ("pp_n16_seeds0-1.jsonl", 1, 9)] {
            let (_, record) = try TraceFixtures.record(file: file, seed: seed, question: question)
            #expect(record.actions == nil)
            let t = TraceLoader.timeline(record: record, storesDirectories: [TraceFixtures.stores], stores: TraceFixtures.storeCache)
            guard case .rerun(let verified, _) = t.source else {
                Issue.record("\(file) seed \(seed) question \(question): \(t.source)")
                continue
            }
            #expect(verified)
            #expect(t.placement == .exact)
            #expect(t.events.count == record.stepCount)
            #expect(t.events.map(\.event) == record.stepSummaries.map(\.event))
            let end = try #require(t.state(atStep: t.lastStep))
            #expect(end.tokens == record.cost)
            let finish = record.step(record.stepCount - 1).output["answer"]?.stringValue
            #expect(t.finalAnswer == finish)
        }
    }

    @Test("the question list of reference rows: branch counts from verified re-runs, none without stores", .enabled(if: TraceFixtures.available))
    func referenceQuestionList() throws {
        let index = try TraceIndex.open(path: TraceFixtures.traces + "asc_n64_seeds0-4.jsonl", cache: nil)
        let description = index.descriptions[0]
        let list = TraceLoader.questions(index: index, description: description, seed: 1,
                                         storesDirectories: [TraceFixtures.stores], stores: TraceFixtures.storeCache)
        #expect(list.error == nil)
        #expect(list.seeds == [0, 1, 2, 3, 4])
        #expect(list.questions.count == 30)
        #expect(list.questions.allSatisfy { ($0.branches ?? 0) >= 1 && $0.stopReason != nil && $0.cost != nil && $0.isCorrect != nil })
        let bare = TraceLoader.questions(index: index, description: description, seed: 1)
        #expect(bare.questions.allSatisfy { $0.branches == nil })
        #expect(TraceLoader.questions(index: index, description: description, seed: 9).error?.contains("no rows for seed 9") == true)
        #expect(TraceLoader.questions(index: index, description: "esc | config={'max_samples': 64, 'window_size': 8}", seed: 0).error != nil)
    }

    @Test("a row the built-in does not reproduce shows its decision events alone, and says why", .enabled(if: TraceFixtures.available))
    func mismatchKeepsEventsOnly() throws {
        let (_, record) = try TraceFixtures.record(file: "cmc_beta0.5_seeds0-4.jsonl", seed: 0, question: 17)
        // The same row with another cost, as a discovered controller that differs would write it.
        let text = String(decoding: record.bytes, as: UTF8.self).replacingOccurrences(of: "\"cost\": \(record.cost!)", with: "\"cost\": 12345")
        let changed = try #require(TraceRecord(bytes: Array(text.utf8), line: 1))
        let t = TraceLoader.timeline(record: changed, storesDirectories: [TraceFixtures.stores], stores: TraceFixtures.storeCache)
        #expect(t.branches == nil)
        guard case .none(let reason) = t.source else { Issue.record("\(t.source)"); return }
        #expect(reason.contains("the row says 12345"))
        #expect(t.events.count == record.stepCount)
        // Without stores: no re-run, and the reason names the missing store.
        let bare = TraceLoader.timeline(record: record, storesDirectories: [], stores: TraceLoader.StoreCache())
        guard case .none(let why) = bare.source else { Issue.record("\(bare.source)"); return }
        #expect(why.contains("no replay stores"))
        var buf = CellBuffer(width: 100, height: 3)
        TimelineWidget.render(bare, step: 0, buf.area, into: &buf)
        #expect(buf.renderText().contains("no branch timeline: the row has no action log"))
    }

    @Test("rows written by this project carry the action log and place their events")
    func projectRowsPlaceEvents() throws {
        let store = ReplayStore(backbone: "b", benchmark: "d", path: "mem", questions: [
            ReplayQuestion(text: "What is 2+2?", gold: "4", probeFreq: 500, branches: [
                (["3", "4"], 1400, "4"), (["5"], 900, "4"), (["4", "4", "4"], 2000, "4"), (["1"], 700, "2"),
            ]),
        ])
        let config = try ControllerSpec.parse("cmc:beta=0.5")[0]
        let run = Evaluator.replayOne(store: store, configuration: config, seed: 3, questionIndex: 0)
        let record = try #require(TraceRecord(bytes: Array(JSONWriter.string(run.row).utf8), line: 1))
        #expect(record.eventActions == run.actionsBefore)
        let t = TraceLoader.timeline(record: record, storesDirectories: [], stores: TraceLoader.StoreCache())
        #expect(t.source == .row)
        #expect(t.placement == .exact)
        #expect(t.events.map(\.actionsBefore) == run.actionsBefore.map { Optional($0) })
        #expect(t.state(atStep: t.lastStep)?.tokens == run.cost)
    }
}
