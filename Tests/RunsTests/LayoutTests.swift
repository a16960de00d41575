import Foundation
import Testing
@testable import Runs

@Suite("Layouts and phases on synthetic runs")
struct LayoutTests {
    @Test func workspaceLayoutHasEveryKindOfRound() throws {
        let f = Fixture()
        f.workspace()
        let before = f.tree()
        let run = try RunLoader.load(path: f.path("workspace"))
        #expect(run.rounds.map(\.shortName) == ["seed", "r0000", "r0001", "r0002"])
        let seed = run.rounds[0], r0 = run.rounds[1], r1 = run.rounds[2], live = run.rounds[3]
        #expect(seed.kind == .seedBaseline && seed.phase == .archived)
        #expect(r0.kind == .archived && r0.phase == .archived && r0.evalReturnCode == 0)
        #expect(r0.index == 0 && r0.idTimestamp == "20260416_101500")
        #expect(r0.controllerSource == "class OptimalController:\n    pass\n")
        #expect(r0.proposalSummary == "Summary of r0000_20260416_101500_0123abcd")
        #expect(r0.results(backbone: "M1", benchmark: "aime24")?.trace?.status == .present)
        let index = try #require(try r0.results(backbone: "M1", benchmark: "aime24")?.trace?.openIndex(cache: nil))
        #expect(index.rowCount == 6 && index.descriptions == [Fixture.cmc("0.5")])
        #expect(try index.fetch(description: 0, seed: 1, question: 2)?.actions?.count == 2)
        #expect(r0.results(backbone: "M1", benchmark: "aime24")?.rows.count == 3)
        #expect(r1.phase == .failed && r1.evalReturnCode == 1)
        #expect(r1.results.isEmpty)
        #expect(live.kind == .live && live.phase == .evaluating && live.index == 2)
        #expect(live.controllerSource == "# live controller\n")
        #expect(live.proposalSummary == "Live proposal")
        #expect(live.results(backbone: "M1", benchmark: "aime24")?.rows.first?.acc == 80.0)
        #expect(run.problems(atLeast: .warning).isEmpty, "\(run.problems(atLeast: .warning))")
        #expect(f.tree() == before, "loading wrote into the run folder")
    }

    @Test func everyEntryPointOfTheWorkspaceFindsTheSameRounds() throws {
        let f = Fixture()
        f.workspace()
        let expected = try RunLoader.load(path: f.path("workspace")).rounds.map(\.id)
        for p in ["", "workspace/code_base", "workspace/code_base/history", "workspace/code_base/history/seed_algorithms",
                  "workspace/code_base/training_results", "workspace/.workflow_logs"] {
            let run = try RunLoader.load(path: f.path(p))
            #expect(run.rounds.map(\.id) == expected, "from \(p)")
        }
    }

    @Test func proposingPhaseWhenOnlyThePromptExists() throws {
        let f = Fixture()
        f.workspace(livePhase: .proposing)
        let run = try RunLoader.load(path: f.root)
        let live = try #require(run.rounds.last)
        #expect(live.id == "r0002_20260417_090000_feedbeef")
        #expect(live.phase == .proposing)
        #expect(live.results.isEmpty)
        #expect(live.proposalSummary == nil)
    }

    @Test func trainingResultsWithoutLogsIsAnEvaluatingRound() throws {
        let f = Fixture()
        f.write("code_base/training_results/matrix_results_M1/aime24_raw_new_api.csv", Fixture.csv([(Fixture.cmc("0.5"), "70", "100")]))
        f.write("code_base/method.py", "x = 1\n")
        let run = try RunLoader.load(path: f.path("code_base"))
        #expect(run.rounds.count == 1)
        #expect(run.rounds[0].kind == .live && run.rounds[0].phase == .evaluating && run.rounds[0].id == "training_results")
        #expect(run.rounds[0].controllerSource == "x = 1\n")
    }

    @Test func endedWorkflowMarksAnUnarchivedRoundFailed() throws {
        let f = Fixture()
        f.workspace(livePhase: .proposing)
        f.write("workspace/.workflow_logs/workflow_summary_20260418_000000_abc.json", "{}")
        let run = try RunLoader.load(path: f.root)
        #expect(run.rounds.last?.phase == .failed)
        #expect(run.diagnostics.contains { $0.reason.contains("never archived") })
    }

    @Test func aSummaryListingEarlierRoundsEndsOnlyThose() throws {
        // A search that ended after r0001, then a new one (or --resume) proposing r0002.
        let f = Fixture()
        f.workspace(livePhase: .proposing)
        f.write("workspace/.workflow_logs/workflow_summary_20260418_000000_abc.json",
                #"{"workflow": "ttsdash search", "rounds": [{"round_id": "r0000_20260416_101500_0123abcd"}, {"round_id": "r0001_20260416_120000_89abcdef"}]}"#)
        let run = try RunLoader.load(path: f.root)
        #expect(run.rounds.last?.phase == .proposing)
        #expect(!run.diagnostics.contains { $0.reason.contains("has ended") })
        // A summary that lists the live round's index (or later) ended it.
        f.write("workspace/.workflow_logs/workflow_summary_20260419_000000_abd.json", #"{"rounds": [{"round_id": "r0002_20260417_090000_feedbeef"}]}"#)
        #expect(try RunLoader.load(path: f.root).rounds.last?.phase == .failed)
    }

    @Test func publishedLayoutWithHeldOutResults() throws {
        let f = Fixture()
        f.published(rounds: 3)
        for p in ["repo", "repo/efficient_reasoning_controller", "repo/efficient_reasoning_controller/logs/search_history",
                  "repo/efficient_reasoning_controller/workspace/code_base/history"] {
            let run = try RunLoader.load(path: f.path(p))
            #expect(run.rounds.map(\.shortName) == ["seed", "r0000", "r0001", "r0002", "heldout"], "from \(p)")
            #expect(run.rounds.last?.results.first?.benchmark == "aime25")
            let r2 = try #require(run.round(named: "r2"))
            #expect(r2.results.first?.trace?.status == .listedButAbsent)
            #expect(throws: TraceIndexError.self) { try r2.results.first?.trace?.openIndex(cache: nil) }
            #expect(r2.results.first?.rows.map(\.acc) == [72.5, 82.0])
        }
    }

    @Test func evalOutputFolderIsARun() throws {
        let f = Fixture()
        f.write("out/matrix_results_M1/aime24_raw_new_api.csv", Fixture.csv([(Fixture.asc(4), "70", "100")]))
        f.write("out/matrix_results_M2/aime24_raw_new_api.csv", Fixture.csv([(Fixture.asc(4), "75", "120")]))
        f.write("out/matrix_results_M2/aime24_trace_new_api.jsonl", Fixture.traceRow(Fixture.asc(4), seed: 0, question: 0) + "\n")
        let run = try RunLoader.load(path: f.path("out"))
        #expect(run.rounds.count == 1)
        #expect(run.rounds[0].kind == .results && run.rounds[0].id == "out")
        #expect(run.backbones == ["M1", "M2"])
        #expect(run.rounds[0].results(backbone: "M2", benchmark: "aime24")?.trace?.status == .present)
        // A folder of several eval outputs.
        f.write("b/matrix_results_M1/aime24_raw_new_api.csv", Fixture.csv([(Fixture.asc(8), "71", "200")]))
        let both = try RunLoader.load(path: f.root)
        #expect(both.rounds.map(\.id) == ["b", "out"])
    }

    @Test func roundNamesAndPhaseRules() {
        #expect(RoundNaming.parse("r0003_20260416_214416_01c8f9c6")! == (3, "20260416_214416"))
        #expect(RoundNaming.parse("r0004")! == (4, nil))
        #expect(RoundNaming.parse("seed_algorithms") == nil)
        #expect(RoundNaming.parse("rx") == nil)
        #expect(PhaseRule.phase(archived: true, returnCode: nil, proposalWritten: false, hasLiveResults: false) == .archived)
        #expect(PhaseRule.phase(archived: true, returnCode: 0, proposalWritten: true, hasLiveResults: false) == .archived)
        #expect(PhaseRule.phase(archived: true, returnCode: 2, proposalWritten: true, hasLiveResults: false) == .failed)
        #expect(PhaseRule.phase(archived: false, returnCode: nil, proposalWritten: false, hasLiveResults: false) == .proposing)
        #expect(PhaseRule.phase(archived: false, returnCode: nil, proposalWritten: true, hasLiveResults: false) == .evaluating)
        #expect(PhaseRule.phase(archived: false, returnCode: nil, proposalWritten: false, hasLiveResults: true) == .evaluating)
    }

    @Test func roundLookupByName() throws {
        let f = Fixture()
        f.workspace()
        let run = try RunLoader.load(path: f.root)
        #expect(run.round(named: "seed")?.kind == .seedBaseline)
        #expect(run.round(named: "r0001")?.id == "r0001_20260416_120000_89abcdef")
        #expect(run.round(named: "1")?.id == "r0001_20260416_120000_89abcdef")
        #expect(run.round(named: "live")?.index == 2)
        #expect(run.round(named: "r9") == nil)
    }
}

@Suite("Locating from inside a round")
struct RoundFolderEntryTests {
    @Test func aRoundFolderOpensItsRun() throws {
        let f = Fixture()
        f.workspace()
        let all = try RunLoader.load(path: f.root).rounds.map(\.id)
        for p in ["workspace/code_base/history/r0000_20260416_101500_0123abcd", "workspace/.workflow_logs/r0002_20260417_090000_feedbeef"] {
            #expect(try RunLoader.load(path: f.path(p)).rounds.map(\.id) == all, "from \(p)")
        }
        for p in ["workspace/code_base/history/r0000_20260416_101500_0123abcd/proposal_results/matrix_results_M1",
                  "workspace/code_base/history/r0000_20260416_101500_0123abcd/code_base",
                  "workspace/code_base/training_results/matrix_results_M1"] {
            #expect(try RunLoader.load(path: f.path(p)).rounds.map(\.id) == all, "from \(p)")
        }
        let g = Fixture()
        g.published()
        #expect(try RunLoader.load(path: g.path("repo/efficient_reasoning_controller/logs/search_history/r0001")).rounds.count == 4)
    }
}
