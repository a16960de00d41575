import ControllerHost
import Foundation
import ReplayCore
import SampleRun
import TestSupport
import Testing

/// The Python controllers `ttsdash sample` writes into method.py (one per family, majority vote
/// included, which no sample round uses), run by the host, give the built-in controllers' rows,
/// per-question results and trace rows (decision events, action log, event placement), on
/// configurations the sample rounds did not evaluate. Uses the committed sample's Synth-M store.
@Suite("Generated method.py controllers match the built-ins", .serialized,
       .enabled(if: HostSupport.pythonAvailable, HostSupport.pythonSkip))
struct GeneratedControllerParityTests {
    static let specs: [ControllerSource.Family: [String]] = [
        .majority: ["sc:max_samples=1,8,64"],
        .esc: ["esc:max_samples=64", "esc:max_samples=12,window_size=5"],
        .asc: ["asc:max_samples=64", "asc:max_samples=16,threshold=0.7"],
        .parallelProbe: ["pp:num_chains=16", "pp:num_chains=64,T=6,prune_patience=3,warm_up=4,probe_burst=2"],
        .cmc: ["cmc:beta=0.35,0.85"],
    ]

    @Test("rows and traces (Synth-M, 100 seeds, traces for seeds 0-1)", arguments: ControllerSource.Family.allCases)
    func parity(_ family: ControllerSource.Family) throws {
        let environment = PackagePaths.sampleRun + "/code_base/environment"
        let (backbone, benchmark) = ("Synth-M", "synth-search")
        let store = try ReplayStore.load(storesDirectory: environment, backbone: backbone, benchmark: benchmark)
        let configurations = try ControllerSpec.parseAll(try #require(Self.specs[family]))
        let folder = HostSupport.temporaryFolder("generated")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let method = folder + "/method.py"
        try ControllerSource.methodPy(family: family, roundID: "r9999_parity", title: "parity check", seed: 0,
                                      configurations: configurations, outcomeNote: nil)
            .write(toFile: method, atomically: true, encoding: .utf8)

        let hostedOut = folder + "/hosted", builtInOut = folder + "/builtin"
        let hostedTraces = TraceFileWriter(out: hostedOut, stores: [store])
        let hosted = try HostedEvaluator.run(
            HostedRequest(method: method, stores: [try HostSupport.hostedStore(backbone, benchmark, directory: environment)],
                          configurations: configurations.map { HostedConfiguration(className: family.className, parameters: $0.values) },
                          seeds: 100, traceSeeds: 2),
            traces: hostedTraces)
        _ = try hostedTraces.finish()
        #expect(hosted.failures.isEmpty, "\(hosted.failures)")
        let builtInTraces = TraceFileWriter(out: builtInOut, stores: [store])
        let builtIn = try Evaluator.run(EvaluationRequest(stores: [store], configurations: configurations, seeds: 100, traceSeeds: 2),
                                        traces: { builtInTraces.accept($0) })
        _ = try builtInTraces.finish()

        #expect(hosted.results.count == builtIn.count)
        for (h, b) in zip(hosted.results, builtIn) {
            #expect(h.row.description == b.row.description)
            #expect(h.row.methodName == b.row.methodName)
            #expect(h.acc == b.acc && h.cost == b.cost, "\(h.row.label): \(h.acc)/\(h.cost) vs \(b.row.label): \(b.acc)/\(b.cost)")
            #expect(h.correctByQuestion == b.correctByQuestion && h.tokensByQuestion == b.tokensByQuestion, "\(h.row.label): per question")
        }
        // The CSV the host writes is the built-in's, columns included.
        #expect(ResultFiles.csv(hosted.results) == ResultFiles.csv(builtIn))

        let path = ResultFiles.tracePath(out: "", backbone: backbone, benchmark: benchmark)
        let hostedRows = try String(contentsOfFile: hostedOut + path, encoding: .utf8).split(separator: "\n")
        let builtInRows = try String(contentsOfFile: builtInOut + path, encoding: .utf8).split(separator: "\n")
        #expect(hostedRows.count == configurations.count * 2 * store.questions.count)
        #expect(hostedRows.count == builtInRows.count)
        for (hLine, bLine) in zip(hostedRows, builtInRows) {
            let h = try JSONParser.parse(String(hLine)), b = try JSONParser.parse(String(bLine))
            let at = "\(b["description"]?.stringValue ?? "?") seed \(b["shuffle_seed"]?.intValue ?? -1) question \(b["question_index"]?.intValue ?? -1)"
            for key in ["model", "dataset", "method", "description", "shuffle_seed", "question_index", "is_correct", "cost", "answer", "gold_answer", "event_actions"] {
                #expect(h[key] == b[key], "\(at): \(key) \(h[key].map(JSONWriter.string) ?? "absent") vs \(b[key].map(JSONWriter.string) ?? "absent")")
            }
            #expect(h["actions"] == b["actions"], "\(at): action log")
            let hSteps = try #require(h["trace"]?.arrayValue), bSteps = try #require(b["trace"]?.arrayValue)
            #expect(hSteps.count == bSteps.count, "\(at): \(hSteps.count) events vs \(bSteps.count)")
            for (i, (x, y)) in zip(hSteps, bSteps).enumerated()
            where !BuiltInParityTests.withoutAddress(x).isClose(to: BuiltInParityTests.withoutAddress(y)) {
                Issue.record("\(at): event \(i) differs\n  hosted:   \(JSONWriter.string(x))\n  built-in: \(JSONWriter.string(y))")
                break
            }
        }
    }
}
