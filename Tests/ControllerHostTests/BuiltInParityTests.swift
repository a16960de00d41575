import ControllerHost
import Foundation
import ReplayCore
import Testing

/// r0004's own ASCMethod, ESCMethod, Parallel_Probe and OptimalController, run by the host, give
/// the built-in asc, esc, pp and cmc's rows, and trace rows with the same decision events, the
/// same action log and the same event placement.
@Suite("method.py classes match the built-in controllers",
       .enabled(if: HostSupport.sharedAvailable, HostSupport.sharedSkip),
       .enabled(if: HostSupport.pythonAvailable, HostSupport.pythonSkip))
struct BuiltInParityTests {
    static let pairs: [(hosted: String, builtIn: String)] = [
        ("ASCMethod:max_samples=64,threshold=0.95", "asc:max_samples=64,threshold=0.95"),
        ("ESCMethod:max_samples=64,window_size=8", "esc:max_samples=64,window_size=8"),
        ("Parallel_Probe:num_chains=16,T=40,prune_patience=7,warm_up=15", "pp:num_chains=16,T=40,prune_patience=7,warm_up=15"),
        ("optimal_controller:beta=0.5", "cmc:beta=0.5"),
        ("OptimalController:beta=1.0", "cmc:beta=1.0"),
    ]

    @Test("rows and traces (Qwen3-4B/aime24, 100 seeds, traces for seeds 0-1)")
    func parity() throws {
        let backbone = "Qwen3-4B"
        let store = try HostSupport.store(backbone)
        let hostedOut = HostSupport.temporaryFolder("hosted"), builtInOut = HostSupport.temporaryFolder("builtin")
        defer { try? FileManager.default.removeItem(atPath: hostedOut); try? FileManager.default.removeItem(atPath: builtInOut) }

        let hostedConfigs = try HostedConfiguration.parseAll(Self.pairs.map(\.hosted))
        let hostedTraces = TraceFileWriter(out: hostedOut, stores: [store])
        let outcome = try HostedEvaluator.run(HostedRequest(method: HostSupport.method("r0004"), stores: [try HostSupport.hostedStore(backbone)],
                                                            configurations: hostedConfigs, seeds: 100, traceSeeds: 2),
                                              traces: hostedTraces)
        _ = try hostedTraces.finish()
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")

        let builtInConfigs = try ControllerSpec.parseAll(Self.pairs.map(\.builtIn))
        let builtInTraces = TraceFileWriter(out: builtInOut, stores: [store])
        let builtIn = try Evaluator.run(EvaluationRequest(stores: [store], configurations: builtInConfigs, seeds: 100, traceSeeds: 2),
                                        traces: { builtInTraces.accept($0) })
        _ = try builtInTraces.finish()

        #expect(outcome.results.count == builtIn.count)
        for (h, b) in zip(outcome.results, builtIn) {
            #expect(h.row.description == b.row.description)
            #expect(h.row.methodName == b.row.methodName)
            #expect(h.acc == b.acc && h.cost == b.cost, "\(h.row.label): \(h.acc)/\(h.cost) vs \(b.row.label): \(b.acc)/\(b.cost)")
            #expect(h.correctByQuestion == b.correctByQuestion && h.tokensByQuestion == b.tokensByQuestion, "\(h.row.label): per question")
        }

        let path = ResultFiles.tracePath(out: "", backbone: backbone, benchmark: "aime24")
        let hostedRows = try String(contentsOfFile: hostedOut + path, encoding: .utf8).split(separator: "\n")
        let builtInRows = try String(contentsOfFile: builtInOut + path, encoding: .utf8).split(separator: "\n")
        #expect(hostedRows.count == Self.pairs.count * 2 * store.questions.count)
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
            for (i, (x, y)) in zip(hSteps, bSteps).enumerated() where !Self.withoutAddress(x).isClose(to: Self.withoutAddress(y)) {
                Issue.record("\(at): event \(i) differs\n  hosted:   \(JSONWriter.string(x))\n  built-in: \(JSONWriter.string(y))")
                break
            }
        }
    }

    /// The `start` event's `input.question` is a Python object address in the baselines.
    static func withoutAddress(_ step: JSONValue) -> JSONValue {
        guard case .object(var o) = step, o["event"] == "start", case .object(var input)? = o["input"], input["question"] != nil else { return step }
        input["question"] = "<question>"
        o["input"] = .object(input)
        return .object(o)
    }
}
