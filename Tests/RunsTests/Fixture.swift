import Foundation
@testable import Runs

/// A temporary folder that tests fill with run layouts, and remove afterwards.
final class Fixture {
    let root: String

    init(_ name: String = "run") {
        let base = NSTemporaryDirectory() + "ttsdash-runs-\(name)-XXXXXX"
        var template = Array(base.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        root = made.map { String(cString: $0) } ?? base
    }

    deinit {
        chmodAll(root)
        try? FileManager.default.removeItem(atPath: root)
    }

    private func chmodAll(_ dir: String) {
        chmod(dir, 0o755)
        if let e = FileManager.default.enumerator(atPath: dir) {
            for case let p as String in e { chmod(dir + "/" + p, 0o755) }
        }
    }

    func path(_ rel: String) -> String { rel.isEmpty ? root : root + "/" + rel }

    func mkdir(_ rel: String) {
        try! FileManager.default.createDirectory(atPath: path(rel), withIntermediateDirectories: true)
    }

    func write(_ rel: String, _ text: String) {
        mkdir((rel as NSString).deletingLastPathComponent)
        try! text.write(toFile: path(rel), atomically: false, encoding: .utf8)
    }

    func append(_ rel: String, _ text: String) {
        let h = FileHandle(forWritingAtPath: path(rel))!
        h.seekToEndOfFile()
        h.write(text.data(using: .utf8)!)
        h.closeFile()
    }

    func symlink(_ rel: String, to target: String) {
        mkdir((rel as NSString).deletingLastPathComponent)
        _ = Foundation.symlink(target, path(rel))
    }

    /// Every path under the root with its size and modification time: to check nothing was written.
    func tree() -> [String: String] {
        var out: [String: String] = [:]
        if let e = FileManager.default.enumerator(atPath: root) {
            for case let p as String in e {
                var s = stat()
                if lstat(path(p), &s) == 0 { out[p] = "\(s.st_size) \(s.st_mtim.tv_sec).\(s.st_mtim.tv_nsec)" }
            }
        }
        return out
    }

    // MARK: - Content builders

    static let header = "Method,Acc,Cost,Std_Acc,Description,config,max_samples,threshold,trace_recorder"

    /// A results CSV as pandas writes it: rows of (description, acc, cost).
    static func csv(_ rows: [(String, String, String)]) -> String {
        var lines = [header]
        for (d, acc, cost) in rows {
            let method = d.hasPrefix("asc") ? "ASCMethod" : d.hasPrefix("optimal") ? "OptimalController" : "Other"
            let config = String(d[d.range(of: "config=")!.upperBound...])
            lines.append("\(method),\(acc),\(cost),0,\"\(d)\",\"\(config)\",64.0,0.95,<method.MethodTraceRecorder object at 0x7f98e2252690>")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func cmc(_ beta: String) -> String { "optimal_controller | config={'beta': \(beta)}" }
    static func asc(_ n: Int) -> String { "asc | config={'max_samples': \(n), 'threshold': 0.95}" }

    /// One trace row (reference fields, a small trace, optionally an action log).
    static func traceRow(_ description: String, seed: Int, question: Int, actions: Bool = false, padding: Int = 0) -> String {
        var s = "{\"model\": \"M\", \"dataset\": \"D\", \"method\": \"OptimalController\", \"description\": \"\(description)\", \"bootstrap_idx\": 0, \"shuffle_seed\": \(seed), \"question_index\": \(question), \"is_correct\": true, \"cost\": \(1000 + seed * 10 + question), \"trace\": [{\"event\": \"start\", \"goal\": \"g\", \"input\": {\"beta\": 0.5}, \"output\": \"initialized\", \"state\": {\"pad\": \"\(String(repeating: "x", count: padding))\"}, \"decision\": \"start\"}, {\"event\": \"stop\", \"goal\": \"answer\", \"input\": {}, \"output\": {\"answer\": \"42\"}, \"state\": {}, \"decision\": \"return 42\"}]"
        if actions {
            s += ", \"answer\": \"42\", \"gold_answer\": \"42\", \"actions\": [{\"op\": \"open\", \"branch\": 0, \"store_branch\": 7, \"depth\": 1, \"answer\": \"ERR\", \"tokens\": 500, \"finished\": false}, {\"op\": \"full_read\", \"branch\": 1, \"store_branch\": 3, \"depth\": 4, \"answer\": \"42\", \"tokens\": 900, \"finished\": true}]"
        }
        return s + "}"
    }

    // MARK: - Layouts

    /// An AutoTTS workspace: seeds, archived rounds r0000 and r0001 (failed), a live round r0002.
    func workspace(livePhase: Round.Phase? = .evaluating) {
        let hist = "workspace/code_base/history"
        write("\(hist)/seed_algorithms/matrix_results_M1/aime24_raw_new_api.csv",
              Self.csv([(Self.asc(1), "70.0", "10000"), (Self.asc(16), "78.5", "100000"), (Self.asc(64), "80.0", "300000")]))
        write("\(hist)/seed_algorithms/matrix_results_M1/aime24_trace_new_api.jsonl",
              Self.traceRow(Self.asc(16), seed: 0, question: 0) + "\n")
        let r0 = "\(hist)/r0000_20260416_101500_0123abcd"
        write("\(r0)/code_base/method.py", "class OptimalController:\n    pass\n")
        write("\(r0)/proposal_results/matrix_results_M1/aime24_raw_new_api.csv",
              Self.csv([(Self.cmc("0.0"), "75.0", "20000"), (Self.cmc("0.5"), "79.0", "60000"), (Self.cmc("1.0"), "81.0", "200000")]))
        write("\(r0)/proposal_results/matrix_results_M1/aime24_trace_new_api.jsonl",
              (0..<2).flatMap { s in (0..<3).map { q in Self.traceRow(Self.cmc("0.5"), seed: s, question: q, actions: true) } }.joined(separator: "\n") + "\n")
        write("\(r0)/proposal_results_manifest.json",
              "{\"source_dir\": \"/x/training_results\", \"copied_files\": [\"matrix_results_M1/aime24_raw_new_api.csv\", \"matrix_results_M1/aime24_trace_new_api.jsonl\"]}")
        let r1 = "\(hist)/r0001_20260416_120000_89abcdef"
        write("\(r1)/code_base/method.py", "# failed round\n")
        mkdir("\(r1)/proposal_results")
        write("\(hist)/workflow_index.jsonl",
              "{\"round_id\": \"r0000_20260416_101500_0123abcd\", \"result_dir\": \"x\", \"eval_returncode\": 0, \"dest\": \"d\", \"proposal_results_archive\": \"p\"}\n" +
              "{\"round_id\": \"r0001_20260416_120000_89abcdef\", \"result_dir\": \"x\", \"eval_returncode\": 1, \"dest\": \"d\", \"proposal_results_archive\": \"p\"}\n")
        for id in ["r0000_20260416_101500_0123abcd", "r0001_20260416_120000_89abcdef"] {
            write("workspace/.workflow_logs/\(id)/rendered_prompt.txt", "prompt")
            write("workspace/.workflow_logs/\(id)/proposal_result.json", "{\"final_result\": \"Summary of \(id)\"}")
        }
        write("workspace/code_base/method.py", "# live controller\n")
        mkdir("workspace/code_base/training_results")
        if let livePhase {
            let live = "workspace/.workflow_logs/r0002_20260417_090000_feedbeef"
            write("\(live)/rendered_prompt.txt", "prompt")
            if livePhase == .evaluating {
                write("\(live)/proposal_result.json", "{\"final_result\": \"Live proposal\"}")
                write("workspace/code_base/training_results/matrix_results_M1/aime24_raw_new_api.csv",
                      Self.csv([(Self.cmc("0.5"), "80.0", "50000")]))
            }
        }
    }

    /// The published form: logs/search_history/rNNNN beside workspace/code_base/history/seed_algorithms.
    func published(rounds: Int = 2) {
        let base = "repo/efficient_reasoning_controller"
        write("\(base)/workspace/code_base/history/seed_algorithms/matrix_results_M1/aime24_raw_new_api.csv",
              Self.csv([(Self.asc(1), "70.0", "10000"), (Self.asc(64), "80.0", "300000")]))
        for i in 0..<rounds {
            let r = "\(base)/logs/search_history/r000\(i)"
            write("\(r)/proposal_results/matrix_results_M1/aime24_raw_new_api.csv",
                  Self.csv([(Self.cmc("0.5"), "7\(i).5", "5000\(i)"), (Self.cmc("1.0"), "8\(i).0", "20000\(i)")]))
            write("\(r)/proposal_results_manifest.json",
                  "{\"source_dir\": \"/x\", \"copied_files\": [\"matrix_results_M1/aime24_raw_new_api.csv\", \"matrix_results_M1/aime24_trace_new_api.jsonl\"]}")
        }
        write("\(base)/eval/test_results/matrix_results_M1/aime25_raw_new_api.csv", Self.csv([(Self.cmc("1.0"), "60.0", "250000")]))
    }
}
