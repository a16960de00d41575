import Foundation
import Testing
import TestSupport
@testable import Runs

/// What changed between two proposals: source and summary diffs, schedules side by side, and
/// plain sentences when a round does not ship a part.
@Suite("Compare: code, summary and schedule")
struct CompareCodeTests {
    static let sample = PackagePaths.sampleRun

    @Test func sampleRoundsDiff() throws {
        let run = try RunLoader.load(path: Self.sample)
        let a = try #require(CompareSide.resolve("r0004", in: run)), b = try #require(CompareSide.resolve("r0005", in: run))
        let c = CodeComparison.make(run: run, old: a, new: b, backbone: "Synth-M", benchmark: "synth-search")
        let d = try #require(c.sourceDiff)
        #expect(d.added == 19 && d.removed == 7 && c.sourceNote == nil)
        #expect(c.summaryDiff?.isEmpty == false)
        // Both export schedules; only β 0.0, 0.5 and 1.0 were evaluated by both, with equal knobs.
        let t = try #require(c.scheduleSideBySide)
        #expect(t.rows.map(\.configuration) == ["beta=0.0", "beta=0.5", "beta=1.0"])
        #expect(t.changedCount == 0 && t.unmatchedOld == 2 && t.unmatchedNew == 8)
        // The same round against itself: identical, said so.
        let same = CodeComparison.make(run: run, old: a, new: a, backbone: "Synth-M", benchmark: "synth-search")
        #expect(same.sourceNote == "the controller source (method.py) is identical in r0004 and r0004")
        // Against the seeds: no source, and no schedule (built-in parameters are not one).
        let seed = try #require(CompareSide.resolve("seed", in: run))
        let s = CodeComparison.make(run: run, old: seed, new: b, backbone: "Synth-M", benchmark: "synth-search")
        #expect(s.sourceDiff == nil && s.sourceNote?.contains("seed baselines are built-in controllers") == true)
        #expect(s.scheduleNote?.contains("no schedule to compare") == true)
    }

    @Test("published rounds: their method.py diffed, schedules side by side", .enabled(if: SharedData.available, SharedData.skipMessage))
    func publishedRounds() throws {
        let run = try RunLoader.load(path: SharedData.controllerRoot)
        let c = CodeComparison.make(run: run, old: CompareSide.resolve("r0003", in: run)!, new: CompareSide.resolve("r0004", in: run)!,
                                    backbone: "Qwen3-4B", benchmark: "aime24")
        // The rounds ship the method.py each proposed: r0004 replaces r0003's controller with CMC.
        let diff = try #require(c.sourceDiff, "\(c.sourceNote ?? "")")
        let added = diff.hunks.flatMap(\.lines).filter { $0.kind == .added }.map(\.text)
        #expect(added.contains { $0.contains("Confidence Momentum Controller (CMC).") })
        #expect(c.sourceNote == nil)
        #expect(c.summaryNote == "no proposal summary for r0003 or r0004: no proposal_result.json")
        let t = try #require(c.scheduleSideBySide)
        #expect(t.shared == ["_beta", "warm_up", "min_complete", "conf_thresh", "n_init", "max_branch_use", "abandon_patience"])
        #expect(t.onlyNew.contains("T_ema") && t.onlyOld.contains("gap_factor"))
        // β = 0.0: warm_up 3 → 2 (from the two CSVs).
        let zero = try #require(t.rows.first)
        #expect(zero.configuration == "beta=0.0" && ScheduleSideBySide.cell(zero.values[1]) == "3→2")
        #expect(t.changedCount == 25)
    }

    @Test func sentencesPerLine() {
        #expect(CodeComparison.sentences("One. Two has 0.5 in it; three! Four?") == "One.\nTwo has 0.5 in it;\nthree!\nFour?")
        #expect(CodeComparison.sentences("a\nb. c") == "a\nb.\nc")
    }
}
