import Foundation
import Runs
import Testing
import TestSupport
@testable import Dashboard

/// The Trace view never dead-ends on a round without trace rows: the published r0002 ships none,
/// so its questions and timelines are replayed with its own method.py, in the background.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: PackagePaths.sharedAutotts), "../shared/autotts is absent: replay checks skipped"),
       .enabled(if: PythonCheck.available, Comment(rawValue: PythonCheck.skipMessage)))
struct TraceReplayServiceTests {
    @Test func publishedRoundWithoutTracesIsReplayed() throws {
        let run = try RunLoader.load(path: PackagePaths.sharedAutotts)
        let target = TraceTarget(roundID: try #require(run.round(named: "r0002")?.id), backbone: "Qwen3-4B", benchmark: "aime24",
                                 description: "optimal_controller | config={'beta': 0.5}")
        let source = try #require(TraceFeature.replaySource(run, target))
        guard case .method(let path, let configuration) = source.controller else {
            Issue.record("r0002 should replay with its own method.py, got \(source.controller)")
            return
        }
        #expect(path.hasSuffix("r0002/code_base/method.py"))
        #expect(configuration.label == "OptimalController:beta=0.5")

        let c = LiveServiceTests.Collector()
        let service = TraceService(context: ServiceContext(source: RunDataSource(path: PackagePaths.sharedAutotts), post: { c.post($0) }))
        defer { service.shutdown() }
        let request = TraceRequest(id: 1, target: target, tracePath: nil, missingReason: "no trace file", storesDirectories: [], replay: source)
        service.perform(.loadQuestions(request))
        #expect(c.wait(timeout: 60) { $0.contains { if case .questionsLoaded? = $0.payload(TraceAction.self) { true } else { false } } })
        guard case .questionsLoaded(_, let list)? = c.all.last?.payload(TraceAction.self) else { Issue.record("no question list"); return }
        #expect(list.error == nil)
        #expect(list.questions.count == 30)
        #expect(list.questions.allSatisfy { $0.cost != nil && $0.branches != nil })
        #expect(list.notes.first?.contains("replayed on demand with the round's method.py (OptimalController:beta=0.5)") == true)

        service.perform(.loadTimeline(request, question: 3))
        #expect(c.wait(timeout: 60) { $0.contains { if case .timelineLoaded? = $0.payload(TraceAction.self) { true } else { false } } })
        guard case .timelineLoaded(_, let q, let timeline, let error)? = c.all.last?.payload(TraceAction.self) else { Issue.record("no timeline"); return }
        #expect(q == 3)
        #expect(error == nil)
        let t = try #require(timeline)
        #expect(t.cost == list.questions.first { $0.question == 3 }?.cost)
        #expect((t.branches?.stepCount ?? 0) > 10)
        #expect(t.events.allSatisfy { $0.actionsBefore != nil })
    }
}
