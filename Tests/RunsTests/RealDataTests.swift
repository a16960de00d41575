import Foundation
import Testing
import ReplayCore
@testable import Runs

@Suite("Real AutoTTS data in ../shared/autotts", .enabled(if: SharedData.available, SharedData.skipMessage))
struct RealDataTests {
    @Test func findsSeedsAndFiveRoundsFromTheRepositoryRoot() throws {
        let run = try RunLoader.load(path: SharedData.autotts)
        #expect(run.rounds.map(\.shortName) == ["seed", "r0000", "r0001", "r0002", "r0003", "r0004"])
        #expect(run.rounds[0].kind == .seedBaseline)
        #expect(run.rounds.dropFirst().allSatisfy { $0.kind == .archived && $0.phase == .archived })
        #expect(run.backbones == ["Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B", "Qwen3-8B"])
        #expect(run.benchmarks == ["aime24"])
        #expect(run.problems(atLeast: .warning).isEmpty, "\(run.problems(atLeast: .warning))")
        // The manifests list trace files that are not shipped: notes, and a listed-but-absent ref.
        let r4 = try #require(run.round(named: "r0004"))
        let set = try #require(r4.results(backbone: "Qwen3-4B", benchmark: "aime24"))
        #expect(set.trace?.status == .listedButAbsent)
        #expect(r4.manifest?.missingFiles.count == 4)
        #expect(run.diagnostics.filter { $0.severity == .note }.count == 20)
    }

    @Test func everyEntryPointFindsTheSameRun() throws {
        let base = try RunLoader.load(path: SharedData.autotts)
        for p in [SharedData.controllerRoot, SharedData.workspace, SharedData.workspace + "/code_base",
                  SharedData.workspace + "/code_base/history", SharedData.seedAlgorithms,
                  SharedData.searchHistory, SharedData.controllerRoot + "/logs"] {
            let run = try RunLoader.load(path: p)
            #expect(run.layout.root == base.layout.root, "\(p)")
            #expect(run.rounds.map(\.id) == base.rounds.map(\.id), "\(p)")
        }
    }

    @Test func readsTheR0004RowsExactly() throws {
        let run = try RunLoader.load(path: SharedData.autotts)
        let set = try #require(run.round(named: "r0004")?.results(backbone: "Qwen3-4B", benchmark: "aime24"))
        let first = try #require(set.rows.first)
        #expect(first.line == 2)
        #expect(first.method == "OptimalController")
        #expect(first.acc == 79.33)
        #expect(first.cost == 47245)
        #expect(first.configuration.name == "optimal_controller")
        #expect(first.configuration.family == "cmc")
        #expect(first.configuration.number("beta") == 0.0)
        #expect(first.attributes.first { $0.name == "trace_recorder" }?.value.hasPrefix("<method.MethodTraceRecorder") == true)
        #expect(set.row(beta: 0.5) != nil)
        #expect(set.rows.count == 11)
    }

    @Test func seedBaselinesParseEveryFamily() throws {
        let run = try RunLoader.load(path: SharedData.autotts)
        let set = try #require(run.rounds[0].results(backbone: "Qwen3-4B", benchmark: "aime24"))
        let families = Set(set.rows.map(\.configuration.family))
        #expect(families == ["asc", "esc", "pp"])
        let pp = try #require(set.rows.first { $0.configuration.family == "pp" })
        #expect(pp.configuration.builtIn?.key == "pp")
        #expect(pp.configuration.number("num_chains") == 1)
        #expect(set.rows.allSatisfy { $0.acc != nil && $0.cost != nil })
    }

    @Test func trajectoryAtBetaOneCoversEveryRound() throws {
        let run = try RunLoader.load(path: SharedData.autotts)
        let t = Frontier.trajectory(rounds: run.rounds, backbone: "Qwen3-4B", benchmark: "aime24", beta: 1.0)
        #expect(t.map(\.roundName) == ["r0000", "r0001", "r0002", "r0003", "r0004"])
        #expect(t.last?.acc != nil)
    }

    @Test func frontierOfR0004BeatsTheSeedsOnQwen3_4B() throws {
        let run = try RunLoader.load(path: SharedData.autotts)
        let data = FrontierData.make(run: run, backbone: "Qwen3-4B", benchmark: "aime24", rounds: ["seed", "r0004"])
        #expect(data.reference != nil)
        let c = try #require(data.comparisons.first)
        #expect(c.roundName == "r0004")
        #expect((c.area?.area ?? 0) > 0)
        #expect(data.points.contains { $0.onFrontier && $0.roundName == "r0004" })
    }

    @Test func nothingIsWrittenIntoTheRun() throws {
        // The shared data is read-only; loading must not even try (a write would throw here).
        let before = try FileManager.default.subpathsOfDirectory(atPath: SharedData.autotts).count
        _ = try RunLoader.load(path: SharedData.autotts)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: SharedData.autotts).count == before)
    }

    @Test func indexesEveryReferenceTraceFile() throws {
        let cache = Fixture("cache")
        let files = try FileManager.default.subpathsOfDirectory(atPath: SharedData.referenceTraces).filter { $0.hasSuffix(".jsonl") }
        #expect(files.count == 8)
        for f in files {
            let path = SharedData.referenceTraces + "/" + f
            let index = try TraceIndex.open(path: path, cache: TraceIndexCache(directory: cache.root))
            let lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self).split(separator: "\n").count
            #expect(index.rowCount == lines, "\(f)")
            #expect(index.badLineCount == 0)
            #expect(index.descriptions.count == 1)
            // Fetch the last row and check it against a full parse of that line.
            let e = try #require(index.entries.last)
            let row = try index.fetch(e)
            #expect(row.stepCount > 0)
            #expect(row.actions == nil)
            // The lazy reading agrees with a full parse of the row, step by step.
            let full = try #require(row.json()?["trace"]?.arrayValue)
            #expect(full.count == row.stepCount)
            for (k, v) in full.enumerated() {
                let s = row.step(k)
                #expect(s.event == v["event"]?.stringValue && s.goal == v["goal"]?.stringValue)
                #expect(s.input == v["input"] && s.output == v["output"] && s.state == v["state"] && s.decision == v["decision"])
                #expect(row.stepSummaries[k].decision == v["decision"]?.stringValue)
            }
            #expect(row.shuffleSeed == Int(e.seed) && row.questionIndex == Int(e.question))
        }
        // cmc:beta=0.5 finds the reference description.
        let path = SharedData.referenceTraces + "/Qwen3-4B/aime24/cmc_beta0.5_seeds0-4.jsonl"
        let index = try TraceIndex.open(path: path, cache: TraceIndexCache(directory: cache.root))
        #expect(index.fromCache)
        let wanted = try RowConfiguration.parse(description: #require(ControllerSpec.parse("cmc:beta=0.5").first).descriptionString)!
        let d = try #require(index.descriptionIndex(matching: wanted))
        let row = try #require(try index.fetch(description: d, seed: 3, question: 7))
        #expect(row.shuffleSeed == 3 && row.questionIndex == 7)
        #expect(row.steps.first?.event == "start")
        #expect(index.keys(description: d).seeds == [0, 1, 2, 3, 4])
        #expect(index.keys(description: d).questions.count == 30)
    }
}
