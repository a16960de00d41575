import ControllerHost
import Foundation
import ReplayCore
import TestSupport
import Testing

/// What the host tests need: the published data, a working python3 with numpy and scipy, and
/// scratch folders.
enum HostSupport {
    static let autotts = PackagePaths.sharedAutotts + "/efficient_reasoning_controller"
    static let environment = autotts + "/workspace/code_base/environment"
    static let searchHistory = autotts + "/logs/search_history"
    static func method(_ round: String) -> String { "\(searchHistory)/\(round)/code_base/method.py" }

    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: environment) }
    static let sharedSkip: Comment = "../shared/autotts is absent: the published-round checks are skipped"

    static var pythonAvailable: Bool { PythonCheck.available }
    static let pythonSkip = Comment(rawValue: PythonCheck.skipMessage)

    static func store(_ backbone: String, _ benchmark: String = "aime24") throws -> ReplayStore {
        try ReplayStore.load(storesDirectory: environment, backbone: backbone, benchmark: benchmark)
    }

    static func hostedStore(_ backbone: String, _ benchmark: String = "aime24", directory: String = environment) throws -> HostedStore {
        let s = try ReplayStore.load(storesDirectory: directory, backbone: backbone, benchmark: benchmark)
        return HostedStore(backbone: backbone, benchmark: benchmark,
                           path: ReplayStore.path(storesDirectory: directory, backbone: backbone, benchmark: benchmark),
                           questionCount: s.questions.count)
    }

    static func temporaryFolder(_ name: String = #function) -> String {
        let dir = NSTemporaryDirectory() + "ttsdash-host-\(name.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Reads a results CSV into (Description -> (Acc, Cost)) with a quoted-field splitter.
    static func csvRows(_ path: String) -> [String: (acc: String, cost: String)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [String: (String, String)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = splitCSV(String(line))
            if f.count >= 5 { out[f[4]] = (f[1], f[2]) }
        }
        return out
    }

    static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { current.append("\""); i += 1 } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { fields.append(current); current = "" } else { current.append(c) }
            i += 1
        }
        fields.append(current)
        return fields
    }

    static let backbones = ["Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B", "Qwen3-8B"]

    /// The `start` event's `input.question` is a Python object address in the baselines.
    static func withoutAddress(_ step: JSONValue) -> JSONValue {
        guard case .object(var o) = step, o["event"] == "start", case .object(var input)? = o["input"], input["question"] != nil else { return step }
        input["question"] = "<question>"
        o["input"] = .object(input)
        return .object(o)
    }

    /// Two trace rows agree: the given fields, the action log, and every decision event (values
    /// within 1e-12, the start event's object address aside).
    static func expectSameRow(_ h: JSONValue, _ b: JSONValue, at: String,
                              keys: [String] = ["model", "dataset", "method", "description", "shuffle_seed", "question_index",
                                                "is_correct", "cost", "answer", "gold_answer", "event_actions"],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        for key in keys {
            #expect(h[key] == b[key], "\(at): \(key) \(h[key].map(JSONWriter.string) ?? "absent") vs \(b[key].map(JSONWriter.string) ?? "absent")",
                    sourceLocation: sourceLocation)
        }
        #expect(h["actions"] == b["actions"], "\(at): action log", sourceLocation: sourceLocation)
        let hSteps = h["trace"]?.arrayValue ?? [], bSteps = b["trace"]?.arrayValue ?? []
        #expect(hSteps.count == bSteps.count, "\(at): \(hSteps.count) events vs \(bSteps.count)", sourceLocation: sourceLocation)
        for (i, (x, y)) in zip(hSteps, bSteps).enumerated() where !withoutAddress(x).isClose(to: withoutAddress(y)) {
            Issue.record("\(at): event \(i) differs\n  hosted:   \(JSONWriter.string(x))\n  expected: \(JSONWriter.string(y))", sourceLocation: sourceLocation)
            break
        }
    }

    /// Runs `hosted` configurations of `method` through the host and `builtIn` on the embedded core,
    /// 100 seeds with traces for seeds 0-1, and checks rows, per-question results, the CSV (when
    /// `sameCSV`) and every trace row.
    static func expectParity(method: String, hosted: [HostedConfiguration], builtIn: [ControllerConfiguration],
                             backbone: String, benchmark: String, directory: String, sameCSV: Bool,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let store = try ReplayStore.load(storesDirectory: directory, backbone: backbone, benchmark: benchmark)
        let folder = temporaryFolder("parity")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hostedOut = folder + "/hosted", builtInOut = folder + "/builtin"
        let hostedTraces = TraceFileWriter(out: hostedOut, stores: [store])
        let outcome = try HostedEvaluator.run(HostedRequest(method: method, stores: [try hostedStore(backbone, benchmark, directory: directory)],
                                                            configurations: hosted, seeds: 100, traceSeeds: 2),
                                              traces: hostedTraces)
        _ = try hostedTraces.finish()
        #expect(outcome.failures.isEmpty, "\(outcome.failures)", sourceLocation: sourceLocation)
        let builtInTraces = TraceFileWriter(out: builtInOut, stores: [store])
        let reference = try Evaluator.run(EvaluationRequest(stores: [store], configurations: builtIn, seeds: 100, traceSeeds: 2),
                                          traces: { builtInTraces.accept($0) })
        _ = try builtInTraces.finish()

        #expect(outcome.results.count == reference.count, sourceLocation: sourceLocation)
        for (h, b) in zip(outcome.results, reference) {
            #expect(h.row.description == b.row.description, sourceLocation: sourceLocation)
            #expect(h.row.methodName == b.row.methodName, sourceLocation: sourceLocation)
            #expect(h.acc == b.acc && h.cost == b.cost, "\(h.row.label): \(h.acc)/\(h.cost) vs \(b.row.label): \(b.acc)/\(b.cost)", sourceLocation: sourceLocation)
            #expect(h.correctByQuestion == b.correctByQuestion && h.tokensByQuestion == b.tokensByQuestion, "\(h.row.label): per question",
                    sourceLocation: sourceLocation)
        }
        if sameCSV { #expect(ResultFiles.csv(outcome.results) == ResultFiles.csv(reference), sourceLocation: sourceLocation) }

        let path = ResultFiles.tracePath(out: "", backbone: backbone, benchmark: benchmark)
        let hostedRows = try String(contentsOfFile: hostedOut + path, encoding: .utf8).split(separator: "\n")
        let builtInRows = try String(contentsOfFile: builtInOut + path, encoding: .utf8).split(separator: "\n")
        #expect(hostedRows.count == hosted.count * 2 * store.questions.count, sourceLocation: sourceLocation)
        #expect(hostedRows.count == builtInRows.count, sourceLocation: sourceLocation)
        for (hLine, bLine) in zip(hostedRows, builtInRows) {
            let h = try JSONParser.parse(String(hLine)), b = try JSONParser.parse(String(bLine))
            let at = "\(b["description"]?.stringValue ?? "?") seed \(b["shuffle_seed"]?.intValue ?? -1) question \(b["question_index"]?.intValue ?? -1)"
            expectSameRow(h, b, at: at, sourceLocation: sourceLocation)
        }
    }
}
