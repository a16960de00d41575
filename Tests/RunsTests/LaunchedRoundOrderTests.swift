import Foundation
import Testing
import ReplayCore
@testable import Runs

/// A round launched from ttsdash joins the run in round-index order and changes nothing about
/// the workflow's rounds: their phase times and the stall median stay as they were.
@Suite("Launched rounds in order")
struct LaunchedRoundOrderTests {
    @Test("after two launches: r0005, r0006 (live), r0007, r0008; r0005's times and the median unchanged")
    func launchesKeepOrderAndHistory() throws {
        let copy = try SampleRunCopy()
        let before = try RunLoader.load(path: copy.root)
        let timelineBefore = RunTimeline.make(run: before)
        let live = try #require(before.rounds.first { $0.kind == .live })
        for label in ["one", "two"] {
            let prepared = try RoundLauncher.prepare(LaunchRequest(run: copy.root, controllers: ["cmc:beta=0.5"], seeds: 2, roundName: label))
            _ = try RoundLauncher.run(prepared, cancel: CancellationFlag())
        }
        let after = try RunLoader.load(path: copy.root)
        let discovered = after.rounds.filter { $0.kind == .archived || $0.kind == .live }.map(\.shortName)
        #expect(discovered.suffix(4) == ["r0005", "r0006", "r0007", "r0008"], "\(discovered)")
        let timelineAfter = RunTimeline.make(run: after)
        for r in timelineBefore.rounds {
            let now = try #require(timelineAfter.rounds.first { $0.roundID == r.roundID })
            #expect(now.duration(of: .evaluating) == r.duration(of: .evaluating), "\(r.name): evaluating time changed")
            #expect(now.duration(of: .proposing) == r.duration(of: .proposing), "\(r.name): proposing time changed")
        }
        #expect(timelineAfter.durations(of: .evaluating, before: live.id) == timelineBefore.durations(of: .evaluating, before: live.id))
        // The launched rounds keep their own times: launched, then archived when renamed into place.
        let launched = try #require(timelineAfter.rounds.first { $0.name == "r0007" })
        #expect(launched.launched && launched.startedAt != nil && launched.archivedAt != nil)
        #expect((launched.duration(of: .evaluating) ?? -1) >= 0)
    }
}
