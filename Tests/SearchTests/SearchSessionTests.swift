import Foundation
import ReplayCore
import Runs
@testable import Search
import Testing
import TestSupport

/// Whole rounds on a copy of the sample run, in process, with small shell proposers: the files
/// each round leaves (`run-layout.md`), failing proposals, cancel and resume.
@Suite("Search session", .serialized, .enabled(if: PythonCheck.available, Comment(rawValue: PythonCheck.skipMessage)))
struct SearchSessionTests {
    final class Workspace {
        let dir: String
        let root: String
        init() throws {
            dir = NSTemporaryDirectory() + "ttsdash-search-\(UUID().uuidString)"
            root = dir + "/ws"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: PackagePaths.sampleRun, toPath: root)
        }
        deinit { try? FileManager.default.removeItem(atPath: dir) }
        var r0005: String { root + "/code_base/history/r0005_20260302_110211_2516abf7" }
        func text(_ rel: String) -> String { (try? String(contentsOfFile: root + "/" + rel, encoding: .utf8)) ?? "" }
        func list(_ rel: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + rel)) ?? []).sorted() }
        func indexRows() -> [JSONValue] {
            text("code_base/history/workflow_index.jsonl").split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        }
    }

    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [SearchEvent] = []
        func add(_ e: SearchEvent) { lock.lock(); items.append(e); lock.unlock() }
        var all: [SearchEvent] { lock.lock(); defer { lock.unlock() }; return items }
        var phases: [String] {
            all.compactMap { if case .phase(_, let p) = $0 { return p.description } else { return nil } }
        }
    }

    static func config(_ ws: Workspace, rounds: Int?, proposer: String, resume: Bool = false, seeds: Int = 2,
                       controllers: [String] = ["OptimalController:beta=0.5"], evalTimeout: Double? = nil) -> SearchConfiguration {
        SearchConfiguration(workspace: ws.root, rounds: rounds, proposer: proposer, controllers: controllers,
                            backbones: "Synth-S", benchmarks: "all", seeds: seeds, proposerTimeout: 60, evalTimeout: evalTimeout,
                            resume: resume, threads: 2)
    }

    @Test("one round: the AutoTTS files in place, index row last with the workflow's keys, the right numbers")
    func oneRoundLayout() throws {
        let ws = try Workspace()
        let proposer = "cp code_base/history/r0005_20260302_110211_2516abf7/code_base/method.py code_base/method.py; echo working; echo; echo \"copied r0005 for $TTSDASH_ROUND_ID\""
        let session = try SearchSession(Self.config(ws, rounds: 1, proposer: proposer, seeds: 100, controllers: ["OptimalController:beta=0.0,0.5"]))
        let events = Events()
        let outcome = try session.run(events: { events.add($0) })
        guard case .completed(let summaryPath) = outcome.end else { Issue.record("not completed: \(outcome.end)"); return }
        #expect(events.phases == ["proposing", "evaluating", "archiving", "archived"])
        let id = try #require(outcome.rounds.first?.roundID)
        #expect(id.hasPrefix("r0007_"))
        #expect(RoundID.index(id) == 7 && id.split(separator: "_").count == 4 && id.split(separator: "_")[3].count == 8)
        // .workflow_logs/<round>/
        #expect(ws.list(".workflow_logs/\(id)") == ["eval.log", "proposal_result.json", "proposer_stderr.txt", "proposer_stdout.txt", "rendered_prompt.txt"])
        let prompt = ws.text(".workflow_logs/\(id)/rendered_prompt.txt")
        #expect(prompt.contains("This is round \(id)"))
        #expect(prompt.contains("- r0005_20260302_110211_2516abf7 (eval_returncode 0)"))
        #expect(!prompt.contains("{{"))
        let result = try JSONParser.parse(ws.text(".workflow_logs/\(id)/proposal_result.json"))
        #expect(result["final_result"]?.stringValue == "copied r0005 for \(id)")
        #expect(result["round_id"]?.stringValue == id)
        // history/<round>/
        let dest = "code_base/history/\(id)"
        #expect(ws.list(dest) == ["code_base", "proposal_results", "proposal_results_manifest.json", "round_summary.txt", "search_round.json"])
        #expect(ws.text(dest + "/code_base/method.py") == (try String(contentsOfFile: ws.r0005 + "/code_base/method.py", encoding: .utf8)))
        let manifest = try JSONParser.parse(ws.text(dest + "/proposal_results_manifest.json"))
        #expect(manifest["source_dir"]?.stringValue == "code_base/training_results")
        #expect(manifest["copied_files"]?.arrayValue?.compactMap(\.stringValue) == ["matrix_results_Synth-S/synth-search_raw_new_api.csv"])
        let row = try #require(ws.indexRows().last)
        guard case .object(let o) = row else { Issue.record("not an object"); return }
        #expect(o.keys == ["round_id", "result_dir", "eval_returncode", "dest", "proposal_results_archive"])
        #expect(row["eval_returncode"]?.intValue == 0)
        #expect(row["dest"]?.stringValue == dest)
        #expect(row["proposal_results_archive"]?.stringValue == dest + "/proposal_results")
        #expect(ws.list("code_base/training_results").isEmpty)
        #expect(!ws.list("code_base/history").contains { $0.hasPrefix(".") })
        #expect(FileManager.default.fileExists(atPath: summaryPath) && summaryPath.contains("/.workflow_logs/workflow_summary_"))
        let summary = ws.text(dest + "/round_summary.txt")
        #expect(summary.contains("Synth-S / synth-search: 2 rows"))
        #expect(summary.contains("Previous round: r0005_20260302_110211_2516abf7"))

        // Read back by the runs layer: archived, rc 0, and the numbers r0005 got with the same controller.
        let run = try RunLoader.load(path: ws.root)
        let round = try #require(run.round(id: id))
        #expect(round.kind == .archived && round.phase == .archived && round.evalReturnCode == 0)
        #expect(round.proposalSummary == "copied r0005 for \(id)")
        let mine = try #require(round.results(backbone: "Synth-S", benchmark: "synth-search"))
        let theirs = try #require(run.round(id: "r0005_20260302_110211_2516abf7")?.results(backbone: "Synth-S", benchmark: "synth-search"))
        for beta in [0.0, 0.5] {
            let a = try #require(mine.row(beta: beta)), b = try #require(theirs.row(beta: beta))
            #expect(a.acc == b.acc && a.cost == b.cost, "β=\(beta): \(String(describing: a.acc))/\(String(describing: a.cost)) vs \(String(describing: b.acc))/\(String(describing: b.cost))")
        }
    }

    @Test("a proposal that does not import, then one that outruns --eval-timeout: archived with non-zero codes, the search goes on")
    func failingProposals() throws {
        let ws = try Workspace()
        let script = ws.dir + "/propose.sh"
        try """
        if [ "$TTSDASH_SEARCH_ROUND" = 1 ]; then
          printf 'raise ImportError("broken on purpose")\\n' > "$TTSDASH_METHOD"
        else
          printf 'import time\\nclass OptimalController:\\n    def __init__(self, config=None):\\n        self.config = config\\n    def description(self):\\n        return "sleepy"\\n    def solve(self, question):\\n        time.sleep(60)\\n    __call__ = solve\\n' > "$TTSDASH_METHOD"
        fi
        echo "round $TTSDASH_SEARCH_ROUND written"
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let session = try SearchSession(Self.config(ws, rounds: 2, proposer: "sh \(script)", evalTimeout: 8))
        let started = Date()
        let outcome = try session.run()
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(outcome.rounds.map(\.returnCode) == [1, 124], "\(outcome.rounds.map { ws.text(".workflow_logs/\($0.roundID)/proposer_stdout.txt") + ws.text(".workflow_logs/\($0.roundID)/proposer_stderr.txt") })")
        #expect(outcome.rounds[0].error?.contains("broken on purpose") == true)
        #expect(outcome.rounds[1].error?.contains("--eval-timeout") == true)
        #expect(ws.indexRows().suffix(2).compactMap { $0["eval_returncode"]?.intValue } == [1, 124])
        let run = try RunLoader.load(path: ws.root)
        for o in outcome.rounds {
            #expect(run.round(id: o.roundID)?.phase == .failed)
            #expect(ws.text("code_base/history/\(o.roundID)/round_summary.txt").contains("eval_returncode \(o.returnCode)"))
        }
    }

    @Test("cancel stops the proposer's whole process group and archives nothing; --resume redoes that round")
    func cancelThenResume() throws {
        let ws = try Workspace()
        let pidFile = ws.dir + "/child.pid"
        let slow = "sleep 120 & echo $! > \(pidFile); wait"
        let session = try SearchSession(Self.config(ws, rounds: 1, proposer: slow))
        let deadline = Date().addingTimeInterval(30)
        DispatchQueue.global().async {
            while !FileManager.default.fileExists(atPath: pidFile) && Date() < deadline { usleep(50_000) }
            usleep(200_000)
            session.cancel()
        }
        let started = Date()
        let outcome = try session.run()
        #expect(Date().timeIntervalSince(started) < 20)
        guard case .cancelled(let id?) = outcome.end else { Issue.record("not cancelled: \(outcome.end)"); return }
        let child = Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines))!
        usleep(300_000)
        let state = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)).map { $0.split(separator: ")").last?.split(separator: " ").first ?? "" }
        #expect(state == nil || state == "Z", "the proposer's child \(child) still runs")
        #expect(!ws.list("code_base/history").contains(id))
        #expect(!ws.indexRows().contains { $0["round_id"]?.stringValue == id })
        #expect(ws.list(".workflow_logs/\(id)").contains("rendered_prompt.txt"))
        #expect(!ws.list(".workflow_logs/\(id)").contains("proposal_result.json"))
        #expect(try RunLoader.load(path: ws.root).round(id: id)?.phase == .proposing)

        // Resume: the same round id again, archived once; the search's length comes from its record.
        let proposer = "cp code_base/history/r0005_20260302_110211_2516abf7/code_base/method.py code_base/method.py; echo done"
        let again = try SearchSession(Self.config(ws, rounds: nil, proposer: proposer, resume: true))
        let events = Events()
        let resumed = try again.run(events: { events.add($0) })
        #expect(resumed.rounds.map(\.roundID) == [id])
        #expect(events.all.contains { if case .roundStarted(let i) = $0 { return i.redo && i.roundID == id } else { return false } })
        #expect(ws.indexRows().filter { $0["round_id"]?.stringValue == id }.count == 1)
        #expect(ws.list("code_base/history").filter { $0.hasPrefix("r0007") || $0.hasPrefix("r0008") } == [id])
        // Nothing more to do: a further resume only writes the summary.
        let third = try SearchSession(Self.config(ws, rounds: nil, proposer: proposer, resume: true)).run()
        #expect(third.rounds.isEmpty)
        guard case .completed = third.end else { Issue.record("not completed"); return }
    }

    @Test("a round renamed into history whose index row was never appended gets its row on resume")
    func completesAnArchiveWithoutItsRow() throws {
        let ws = try Workspace()
        let proposer = "cp code_base/history/r0005_20260302_110211_2516abf7/code_base/method.py code_base/method.py; echo done"
        let outcome = try SearchSession(Self.config(ws, rounds: 1, proposer: proposer)).run()
        let id = try #require(outcome.rounds.first?.roundID)
        let index = ws.root + "/code_base/history/workflow_index.jsonl"
        let lines = ws.text("code_base/history/workflow_index.jsonl").split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(toFile: index, atomically: true, encoding: .utf8)
        let events = Events()
        let resumed = try SearchSession(Self.config(ws, rounds: nil, proposer: proposer, resume: true)).run(events: { events.add($0) })
        #expect(resumed.rounds.isEmpty)
        #expect(ws.indexRows().filter { $0["round_id"]?.stringValue == id }.count == 1)
        #expect(events.all.contains { if case .note(let t) = $0 { return t.contains(id) } else { return false } })
    }

    @Test("a Claude Code-like proposer: its event stream kept as claude_messages.json, the result event as final_result")
    func claudeLikeTranscript() throws {
        let ws = try Workspace()
        let bin = ws.dir + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        // A stand-in `claude`: reads the prompt on stdin, edits method.py, prints stream-json events.
        try """
        #!/bin/sh
        prompt=$(cat)
        cp code_base/history/r0005_20260302_110211_2516abf7/code_base/method.py code_base/method.py
        echo '{"type":"system","subtype":"init"}'
        echo '{"type":"assistant","message":{"content":[{"type":"text","text":"Reading the history."}]}}'
        printf '{"type":"result","subtype":"success","result":"Kept r0005 (prompt had %s chars)."}\\n' "${#prompt}"
        """.write(toFile: bin + "/claude", atomically: true, encoding: .utf8)
        chmod(bin + "/claude", 0o755)
        let outcome = try SearchSession(Self.config(ws, rounds: 1, proposer: bin + "/claude -p --output-format stream-json --verbose")).run()
        let id = try #require(outcome.rounds.first?.roundID)
        let logs = ".workflow_logs/\(id)"
        #expect(ws.list(logs).contains("claude_messages.json") && ws.list(logs).contains("claude_stream.jsonl"))
        let messages = try JSONParser.parse(ws.text(logs + "/claude_messages.json"))
        #expect(messages.arrayValue?.count == 3)
        let final = try JSONParser.parse(ws.text(logs + "/proposal_result.json"))["final_result"]?.stringValue ?? ""
        #expect(final.hasPrefix("Kept r0005 (prompt had ") && !final.hasPrefix("Kept r0005 (prompt had 0 "), "\(final)")
        #expect(outcome.rounds.first?.returnCode == 0)
    }

    @Test("bad input is refused before anything runs")
    func refusesBadInput() throws {
        let ws = try Workspace()
        #expect(throws: SearchError.self) { try SearchSession(Self.config(ws, rounds: 0, proposer: "true"), checkPython: false) }
        #expect(throws: SearchError.self) { try SearchSession(Self.config(ws, rounds: nil, proposer: "true"), checkPython: false) }
        #expect(throws: SearchError.self) { try SearchSession(Self.config(ws, rounds: 1, proposer: " "), checkPython: false) }
        var c = Self.config(ws, rounds: 1, proposer: "true")
        c.backbones = "Synth-XL"
        #expect(throws: SearchError.self) { try SearchSession(c, checkPython: false) }
        c = Self.config(ws, rounds: 1, proposer: "true", controllers: ["Optimal Controller"])
        #expect(throws: SearchError.self) { try SearchSession(c, checkPython: false) }
        c = Self.config(ws, rounds: 1, proposer: "true")
        c.workspace = ws.root + "/code_base/environment"
        #expect(throws: SearchError.self) { try SearchSession(c, checkPython: false) }
        // An agent preset whose program is not installed.
        if !SearchSession.onPath("codex") {
            #expect(throws: SearchError.self) { try SearchSession(Self.config(ws, rounds: 1, proposer: "codex"), checkPython: false) }
        }
        #expect(!FileManager.default.fileExists(atPath: ws.root + "/.workflow_logs/search_session.json"))
    }
}
