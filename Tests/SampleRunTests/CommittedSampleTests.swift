import Foundation
import Testing
import ReplayCore
@testable import SampleRun

/// The committed `sample-runs/autotts-synthetic` is exactly what `ttsdash sample` writes: every
/// file byte for byte, none missing, none extra. Regenerated with a thread count different from
/// the one that produced it, which also checks that the multi-threaded evaluator's output does not
/// depend on scheduling.
///
/// When this fails after a change to the replay core or the generator, regenerate and commit:
/// `ttsdash sample --out sample-runs/autotts-synthetic`.
@Suite("Committed sample run", .serialized)
struct CommittedSampleTests {
    static let regenerated: SampleRunFiles? = try? SampleRunBuilder(seed: 0, threads: 3).build()

    @Test("regenerating reproduces every committed file byte for byte, and no other file")
    func reproduces() throws {
        let files = try #require(Self.regenerated)
        let dir = TestPaths.temporaryFolder("regen")
        defer { TestPaths.remove(dir) }
        let out = dir + "/autotts-synthetic"
        try SampleRunOutput.write(files, to: out)
        let committed = TestPaths.files(under: TestPaths.committedSample)
        let written = TestPaths.files(under: out)
        #expect(!committed.isEmpty, "no committed sample run at \(TestPaths.committedSample)")
        let missing = Set(written).subtracting(committed).sorted()
        let extra = Set(committed).subtracting(written).sorted()
        #expect(missing.isEmpty, "regenerated but not committed: \(missing)")
        #expect(extra.isEmpty, "committed but not regenerated: \(extra)")
        var differing: [String] = []
        for rel in Set(committed).intersection(written).sorted() {
            let a = FileManager.default.contents(atPath: TestPaths.committedSample + "/" + rel)
            let b = FileManager.default.contents(atPath: out + "/" + rel)
            if a != b { differing.append(rel) }
        }
        #expect(differing.isEmpty, "files that differ from the committed sample: \(differing)")
    }

    @Test("under 10 MB")
    func size() throws {
        let files = try #require(Self.regenerated)
        #expect(files.totalBytes < 10_000_000, "sample run is \(files.totalBytes) bytes")
    }

    @Test("the workspace layout: stores, baselines, rounds, index, logs, live results, held-out results")
    func layout() throws {
        let files = try #require(Self.regenerated)
        let paths = Set(files.files.map(\.path))
        for b in ["Synth-S", "Synth-M", "Synth-L"] {
            #expect(paths.contains("code_base/environment/\(b)/synth-search.json"))
            #expect(paths.contains("test_environment/\(b)/synth-heldout.json"))
            #expect(paths.contains("code_base/history/seed_algorithms/matrix_results_\(b)/synth-search_raw_new_api.csv"))
            #expect(paths.contains("eval/test_results/matrix_results_\(b)/synth-heldout_raw_new_api.csv"))
        }
        #expect(paths.contains("code_base/method.py"))
        #expect(paths.contains("README.md"))
        let rounds = SampleRunBuilder(seed: 0).roundInstances()
        let pattern = /^r\d{4}_\d{8}_\d{6}_[0-9a-f]{8}$/
        for r in rounds {
            #expect(r.id.wholeMatch(of: pattern) != nil, "round id \(r.id)")
            #expect(paths.contains(".workflow_logs/\(r.id)/rendered_prompt.txt"))
            #expect(paths.contains(".workflow_logs/\(r.id)/proposal_result.json"))
        }
        // Index rows: one per archived round, the reference's fields, exactly one failure.
        let indexText = String(decoding: try #require(files.bytes(at: "code_base/history/workflow_index.jsonl")), as: UTF8.self)
        let rows = try indexText.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        #expect(rows.count >= 5)
        var failed = 0
        for row in rows {
            let o = try #require(row.objectValue)
            #expect(o.keys == ["round_id", "result_dir", "eval_returncode", "dest", "proposal_results_archive"])
            let id = try #require(o["round_id"]?.stringValue)
            #expect(paths.contains("code_base/history/\(id)/code_base/method.py"))
            #expect(paths.contains("code_base/history/\(id)/proposal_results_manifest.json"))
            if o["eval_returncode"]?.intValue != 0 { failed += 1 }
            // Every round keeps a trace for at least one configuration.
            #expect(paths.contains { $0.hasPrefix("code_base/history/\(id)/proposal_results/") && $0.hasSuffix("_trace_new_api.jsonl") })
        }
        #expect(failed == 1)
        #expect(rows.count - failed >= 4)
        // Live round: some backbones in, others not yet.
        #expect(paths.contains("code_base/training_results/matrix_results_Synth-S/synth-search_raw_new_api.csv"))
        #expect(!paths.contains("code_base/training_results/matrix_results_Synth-L/synth-search_raw_new_api.csv"))
    }

    @Test("manifests list exactly the files archived beside them")
    func manifests() throws {
        let files = try #require(Self.regenerated)
        for f in files.files where f.path.hasSuffix("/proposal_results_manifest.json") {
            let dir = String(f.path.dropLast("proposal_results_manifest.json".count))
            let m = try JSONParser.parse(f.bytes)
            let listed = try #require(m["copied_files"]?.arrayValue).compactMap(\.stringValue)
            let present = files.files.map(\.path).filter { $0.hasPrefix(dir + "proposal_results/") }
                .map { String($0.dropFirst((dir + "proposal_results/").count)) }
            #expect(listed.sorted() == present.sorted(), "\(f.path)")
        }
    }

    @Test("rounds evaluate genuinely different controllers, and say they are synthetic")
    func roundsDiffer() throws {
        let files = try #require(Self.regenerated)
        var descriptionSets: [Set<String>] = []
        for r in SampleRunBuilder(seed: 0).roundInstances() {
            let csvPath = files.files.map(\.path).first { $0.contains(r.id) && $0.hasSuffix("Synth-S/synth-search_raw_new_api.csv") }
                ?? "code_base/training_results/matrix_results_Synth-S/synth-search_raw_new_api.csv"
            let csv = String(decoding: try #require(files.bytes(at: csvPath)), as: UTF8.self)
            let descriptions = Set(csv.split(separator: "\n").dropFirst().compactMap { line in
                line.split(separator: "\"").first { $0.contains(" | config=") }.map(String.init)
            })
            #expect(!descriptions.isEmpty)
            descriptionSets.append(descriptions)
            let proposal = try JSONParser.parse(try #require(files.bytes(at: ".workflow_logs/\(r.id)/proposal_result.json")))
            #expect(proposal["final_result"]?.stringValue?.hasPrefix("SYNTHETIC SUMMARY") == true)
            let method = files.files.first { $0.path.hasSuffix("method.py") && ($0.path.contains(r.id) || $0.path == "code_base/method.py") }
            #expect(String(decoding: try #require(method).bytes, as: UTF8.self).contains("SYNTHETIC SAMPLE ROUND \(r.id)"))
        }
        // No two rounds evaluated the same set of configurations.
        #expect(Set(descriptionSets).count == descriptionSets.count)
    }

    @Test("the trace files hold rows the replay core re-runs identically")
    func traceRowsReplay() throws {
        let files = try #require(Self.regenerated)
        let trace = try #require(files.files.first { $0.path.hasSuffix("_trace_new_api.jsonl") && $0.path.contains("matrix_results_Synth-M") })
        let line = try #require(trace.bytes.split(separator: 0x0A).first)
        let row = try JSONParser.parse(Array(line))
        let store = try SyntheticStoreGenerator.replayStore(seed: 0, backbone: .medium, benchmark: .search)
        let description = try #require(row["description"]?.stringValue)
        let config = try #require(ControllerSpec.configuration(fromDescription: description))
        let seed = try #require(row["shuffle_seed"]?.intValue)
        let question = try #require(row["question_index"]?.intValue)
        let replay = Evaluator.replayOne(store: store, configuration: config, seed: seed, questionIndex: question)
        #expect(replay.row == row)
    }
}
