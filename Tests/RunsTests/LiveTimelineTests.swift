import Foundation
import Testing
@testable import Runs

/// Phase times of rounds and the stall rule the live view and status bar share.
@Suite("Round phase times and the stall rule")
struct LiveTimelineTests {
    @Test func stallIsThreeTimesTheMedianWithAFloor() {
        let v = StallRule.judge(phase: .evaluating, elapsed: 100, earlier: [20, 30, 40])
        #expect(v.median == 30 && v.threshold == 90 && v.isStalled)
        #expect(v.words == "evaluating for 1m 40s, 3.3× the median of 3 earlier rounds (30s)")
        #expect(!StallRule.judge(phase: .evaluating, elapsed: 80, earlier: [20, 30, 40]).isStalled)
        #expect(StallRule.judge(phase: .evaluating, elapsed: 10, earlier: [20, 30, 40]).words
                == "evaluating for 10s; the median of 3 earlier rounds is 30s")
        // Very short earlier phases: the floor keeps jitter from warning.
        let quick = StallRule.judge(phase: .proposing, elapsed: 20, earlier: [2, 3])
        #expect(quick.threshold == StallRule.floor && !quick.isStalled)
        // Nothing to compare: the plain 15-minute rule.
        let alone = StallRule.judge(phase: .proposing, elapsed: 16 * 60, earlier: [])
        #expect(alone.threshold == 15 * 60 && alone.isStalled && alone.median == nil)
        #expect(alone.words.contains("no earlier round to compare"))
    }

    /// Replays the sample run into a folder, stepping the files' modification times forward
    /// by the plan's own run clock, so the file clock tells the run's story.
    static func replayWithFileTimes(until stop: (ReplayPlan.Step) -> Bool) throws -> (Fixture, String, Date) {
        let f = Fixture("timeline")
        let dest = f.path("run")
        let plan = try ReplayPlan.make(path: ReplayPlanTests.sample)
        try RunReplayer.prepare(destination: dest)
        let replayer = RunReplayer(plan: plan, destination: dest)
        let origin = Date(timeIntervalSince1970: 1_800_000_000)
        var last = origin
        for i in plan.steps.indices {
            if stop(plan.steps[i]) { break }
            try replayer.perform(i)
            last = origin.addingTimeInterval(plan.steps[i].at)
            for op in plan.steps[i].operations {
                let p = dest + "/" + op.target
                guard FileManager.default.fileExists(atPath: p) else { continue }
                try? FileManager.default.setAttributes([.modificationDate: last], ofItemAtPath: p)
                for rel in ReplayPlanBuilder.files(under: p) {
                    try? FileManager.default.setAttributes([.modificationDate: last], ofItemAtPath: p + "/" + rel)
                }
            }
        }
        return (f, dest, last)
    }

    @Test func fileTimesOfAReplayGiveEachPhaseItsDuration() throws {
        let (f, dest, last) = try Self.replayWithFileTimes { $0.round == "r0006" && $0.what.hasPrefix("results") }
        _ = f
        let run = try RunLoader.load(path: dest)
        let t = RunTimeline.make(run: run)
        #expect(t.clock == .files)
        let r0 = try #require(t.round(id: "r0000_20260302_090217_141dec08"))
        #expect(Int((r0.duration(of: .proposing) ?? -1).rounded()) == 14 * 60 + 45)
        #expect(Int((r0.duration(of: .evaluating) ?? -1).rounded()) == 5 * 60 + 4)
        let current = try #require(t.current)
        #expect(current.name == "r0006" && current.phase == .evaluating)
        let since = try #require(current.phaseStart)
        #expect(abs(since.timeIntervalSince(last)) < 0.01, "evaluating since the proposal was written")
        // Where the run last moved: the proposal just written, in the proposer logs.
        #expect(t.sources.map(\.name).sorted() == ["history", "proposer logs", "training_results"])
        #expect(t.sources.first?.name == "proposer logs")
        #expect(abs((t.sources.first?.modifiedAt ?? .distantPast).timeIntervalSince(last)) < 0.01)
        // Six earlier evaluations (r0003's cut short) set the bar.
        let earlier = t.durations(of: .evaluating, before: current.roundID)
        #expect(earlier.count == 6)
        let v = try #require(t.stall(now: last.addingTimeInterval(60)))
        #expect(!v.isStalled)
        let later = try #require(t.stall(now: last.addingTimeInterval(3 * (v.median ?? 0) + 60)))
        #expect(later.isStalled)
        #expect(later.words.hasPrefix("evaluating for "))
    }

    @Test func aCheckoutFallsBackToTheRecords() throws {
        // The committed sample's files were all written at checkout: the records tell the times.
        let run = try RunLoader.load(path: ReplayPlanTests.sample)
        let t = RunTimeline.make(run: run)
        #expect(t.clock == .records)
        let r1 = try #require(t.round(id: "r0001_20260302_092206_13552ab5"))
        #expect(Int((r1.duration(of: .proposing) ?? -1).rounded()) == 17 * 60 + 11)    // 09:22:06 -> 09:39:17
        #expect(Int((r1.duration(of: .evaluating) ?? -1).rounded()) == 5 * 60 + 3)      // -> r0002 starts 09:44:20
        // The round in progress is timed by its own files even so.
        let current = try #require(t.current)
        #expect(current.phaseStart == run.round(id: current.roundID)?.proposedAt)
    }
}
