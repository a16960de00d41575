import Foundation
import Testing
@testable import Runs
import TestSupport

/// `replay-run`'s plan and writer, on the bundled sample run replayed into temporary folders
/// at full speed (an injected sleeper records the waits instead of sleeping).
@Suite("Replaying a recorded run")
struct ReplayPlanTests {
    static let sample = PackagePaths.sampleRun

    /// Every file under `root` with its bytes.
    static func contents(_ root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for rel in ReplayPlanBuilder.files(under: root) {
            out[rel] = FileManager.default.contents(atPath: root + "/" + rel)
        }
        return out
    }

    @Test func stepsFollowTheRecordsInPhaseOrder() throws {
        let plan = try ReplayPlan.make(path: Self.sample)
        #expect(plan.steps.first?.what.hasPrefix("set-up") == true)
        #expect(zip(plan.steps, plan.steps.dropFirst()).allSatisfy { $0.at <= $1.at }, "times never go back")
        // Each round: started, then proposal, then its backbones, then archived.
        for r in ["r0000", "r0001", "r0002", "r0004", "r0005"] {
            let whats = plan.steps.filter { $0.round == r }.map(\.what)
            #expect(whats.first == "round started (proposing)")
            #expect(whats.dropFirst().first == "proposal written (evaluating)")
            #expect(whats.filter { $0.hasPrefix("results for") }.count == 3)
            #expect(whats.last == "archived (return code 0)", "\(r): \(whats)")
        }
        // The failed round got one backbone in, then was archived as failed.
        let failed = plan.steps.filter { $0.round == "r0003" }.map(\.what)
        #expect(failed == ["round started (proposing)", "proposal written (evaluating)", "results for Synth-S arrived",
                           "archived as failed (return code 1)"])
        // The live round ends evaluating with two backbones in, in the order the evaluator
        // went (the cut-short rounds hold Synth-S, then Synth-M).
        let live = plan.steps.filter { $0.round == "r0006" }.map(\.what)
        #expect(live == ["round started (proposing)", "proposal written (evaluating)", "results for Synth-S arrived", "results for Synth-M arrived"])
        // Round r0001 starts when its id says: 09:22:06 is 19m 49s after r0000's 09:02:17.
        let r1 = try #require(plan.steps.first { $0.round == "r0001" })
        let r0 = try #require(plan.steps.first { $0.round == "r0000" })
        #expect(r1.at - r0.at == 19 * 60 + 49)
        // r0000's proposal was finished at 09:17:02 (proposal_result.json finished_at).
        let p0 = try #require(plan.steps.first { $0.round == "r0000" && $0.what.hasPrefix("proposal") })
        #expect(p0.at - r0.at == 14 * 60 + 45)
        #expect(plan.clockNote.contains("records"))
    }

    @Test func paceIsCompressedAndCapped() throws {
        let plan = try ReplayPlan.make(path: Self.sample)
        let span = try #require(plan.steps.last?.at)
        let at60 = plan.wallOffsets(speed: 60)
        #expect(abs((at60.last ?? 0) - span / 60) < 1e-6)
        let capped = plan.wallOffsets(speed: 60, maxGap: 2)
        #expect(zip(capped, capped.dropFirst()).allSatisfy { $1 - $0 <= 2 + 1e-9 })
        #expect((capped.last ?? 0) < (at60.last ?? 0))
        #expect(plan.wallOffsets(speed: .infinity).allSatisfy { $0 == 0 })
    }

    @Test func replayEndsByteIdenticalAndReadersSeeEachPhase() throws {
        let out = Fixture("replay")
        let dest = out.path("run")
        let plan = try ReplayPlan.make(path: Self.sample)
        try RunReplayer.prepare(destination: dest)
        let replayer = RunReplayer(plan: plan, destination: dest)
        var waits: [Double] = []
        var phases: [String: Set<Round.Phase>] = [:]
        try replayer.run(speed: 600, sleep: { waits.append($0) }, report: { _, _ in
            // After every step the folder is a readable run: no half files, no stray temporaries.
            let run = try! RunLoader.load(path: dest)
            for r in run.rounds where r.kind == .archived || r.kind == .live { phases[r.shortName, default: []].insert(r.phase) }
            #expect(!ReplayPlanBuilder.files(under: dest).contains { $0.contains(".tmp") })
            #expect(run.problems(atLeast: .error).isEmpty, "\(run.problems(atLeast: .error).map(\.description))")
        })
        #expect(!waits.isEmpty, "the plan asked for waits")
        #expect(Self.contents(dest) == Self.contents(Self.sample), "the replay ends with exactly the run's files")
        #expect(phases["r0002"] == [.proposing, .evaluating, .archived])
        #expect(phases["r0003"]?.contains(.failed) == true && phases["r0003"]?.contains(.evaluating) == true)
        #expect(phases["r0006"] == [.proposing, .evaluating])
    }

    @Test func refusesAFolderThatIsNotEmpty() throws {
        let f = Fixture("replay-busy")
        f.write("mine.txt", "keep me")
        #expect(throws: RunReplayer.Failure.self) { try RunReplayer.prepare(destination: f.root) }
        #expect(FileManager.default.contents(atPath: f.path("mine.txt")) == Data("keep me".utf8))
        f.write("a-file", "x")
        #expect(throws: RunReplayer.Failure.self) { try RunReplayer.prepare(destination: f.path("a-file")) }
        try RunReplayer.prepare(destination: f.path("new/empty"))
        #expect(FileManager.default.fileExists(atPath: f.path("new/empty")))
    }

    @Test func aRunWithoutTimesIsReplayedInOrder() throws {
        // The published layout: rounds named r0000, r0001 without time stamps or logs.
        let f = Fixture("replay-untimed")
        for (i, acc) in ["50.0", "60.0"].enumerated() {
            f.write("logs/search_history/r000\(i)/proposal_results/matrix_results_M1/aime24_raw_new_api.csv",
                    "Method,Acc,Cost,Std_Acc,Description\nX,\(acc),1000,0.1,\"cmc | config={'beta': 0.5}\"\n")
        }
        let plan = try ReplayPlan.make(path: f.root)
        let rounds = plan.steps.compactMap(\.round)
        #expect(rounds == ["r0000", "r0001"])
        let times = plan.steps.filter { $0.round != nil }.map(\.at)
        #expect(times[0] < times[1])
        #expect(plan.clockNote.contains("no times"))
        let dest = f.path("out")
        try RunReplayer.prepare(destination: dest)
        try RunReplayer(plan: plan, destination: dest).run(speed: .infinity)
        #expect(Self.contents(dest) == Self.contents(f.root).filter { !$0.key.hasPrefix("out/") })
    }
}
