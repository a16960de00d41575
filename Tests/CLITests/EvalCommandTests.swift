import Foundation
import Testing
import ReplayCore
import TestSupport

@Suite("ttsdash eval", .enabled(if: Binary.available, Binary.missing))
struct EvalCommandTests {
    /// Two tiny stores: 3 questions x 6 branches, built here so the test needs no shared data.
    static func makeStores(in dir: TempDir) {
        for backbone in ["Tiny-A", "Tiny-B"] {
            var questions: [String] = []
            for q in 0..<3 {
                var branches: [String] = []
                for b in 0..<6 {
                    let right = (b + q) % 3 != 0
                    let final = right ? "\(q + 1)" : "\(q + 7)"
                    let probes = (0..<(1 + (b % 3))).map { "\"\($0 == 0 ? "ERR" : final)\"" }.joined(separator: ", ")
                    branches.append("[[\(probes)], \(900 + 250 * b), \"\(final)\"]")
                }
                questions.append(#"{"question": "synthetic \#(q)", "gold_answer": "\#(q + 1)", "probe_freq": 500, "each_branch": [\#(branches.joined(separator: ", "))]}"#)
            }
            dir.write("\(backbone)/tiny.json", "[" + questions.joined(separator: ",\n") + "]")
        }
    }

    @Test("writes the reference's CSV layout and trace rows with an action log")
    func writesResults() throws {
        let dir = TempDir()
        Self.makeStores(in: dir)
        let out = dir.path + "/out"
        let r = try Binary.run(["eval", "--stores", dir.path, "--controller", "cmc:beta=0:1:0.5", "--controller", "asc:max_samples=2,4",
                                "--seeds", "5", "--traces", "first:2", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Tiny-A / tiny") && r.stdout.contains("Tiny-B / tiny"))
        let csv = try String(contentsOfFile: out + "/matrix_results_Tiny-A/tiny_raw_new_api.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines[0].hasPrefix("Method,Acc,Cost,Std_Acc,Description,config,_beta,n_init,"))
        #expect(lines.count == 1 + 5)
        #expect(lines[1].hasPrefix("OptimalController,") && lines[1].contains(",optimal_controller | config={'beta': 0.0},{'beta': 0.0},0.0,2,4,"))
        #expect(lines[4].hasPrefix("ASCMethod,") && lines[4].contains(#","asc | config={'max_samples': 2, 'threshold': 0.95}","#))
        // Trace rows: 5 configurations x 2 seeds x 3 questions, in configuration then seed order.
        let rows = try String(contentsOfFile: out + "/matrix_results_Tiny-A/tiny_trace_new_api.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 5 * 2 * 3)
        var previous = (-1, -1, -1)
        for (i, line) in rows.enumerated() {
            let row = try JSONParser.parse(String(line))
            let actions = try #require(row["actions"]?.arrayValue)
            let charged = actions.compactMap { $0["tokens"]?.intValue }.reduce(0, +)
            #expect(row["cost"]?.intValue == charged, "row \(i): cost equals the sum of the action log")
            let key = (i / 6, row["shuffle_seed"]!.intValue!, row["question_index"]!.intValue!)
            #expect(key > previous)
            previous = key
        }
        // No temporary files left behind.
        #expect(dir.files().allSatisfy { !$0.contains(".tmp-") && !$0.contains(".spill-") })
    }

    @Test("bad input: one line, exit code 2, no output files", arguments: [
        (["--controller", "nope"], "unknown controller 'nope'"),
        (["--controller", "cmc:beta=1.5"], "beta=1.5 is outside [0, 1]"),
        (["--controller", "cmc:gamma=2"], "unknown parameter 'gamma'"),
        (["--controller", "cmc", "--backbone", "Nope"], "no backbone 'Nope'"),
        (["--controller", "cmc", "--benchmark", "nope"], "no benchmark 'nope'"),
        (["--controller", "cmc", "--traces", "some"], "--traces some"),
        (["--controller", "cmc", "--seeds", "0"], "--seeds 0"),
        ([], "no --controller given"),
    ])
    func badInput(extra: [String], message: String) throws {
        let dir = TempDir()
        Self.makeStores(in: dir)
        let out = dir.path + "/out"
        let r = try Binary.run(["eval", "--stores", dir.path, "--out", out] + extra)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("ttsdash: error: ") && r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a malformed store names the file and where")
    func malformedStore() throws {
        let dir = TempDir()
        Self.makeStores(in: dir)
        dir.write("Tiny-B/tiny.json", "[{\"question\": \"q\", \"gold_answer\": \"1\", \"probe_freq\": 500, \"each_branch\": [[[\"1\"], 10]]}]")
        let out = dir.path + "/out"
        let r = try Binary.run(["eval", "--stores", dir.path, "--controller", "cmc", "--out", out])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Tiny-B/tiny.json: question 0, each_branch[0]: expected [probes, tokens, final]"), "\(r.stderr)")
        #expect(FileManager.default.enumerator(atPath: out)?.allObjects.isEmpty ?? true)
        dir.write("Tiny-B/tiny.json", "[{\"question\": \"q\",\n \"gold_answer\": }]")
        let r2 = try Binary.run(["eval", "--stores", dir.path, "--controller", "cmc", "--out", out])
        #expect(r2.status == 2 && r2.stderr.contains("Tiny-B/tiny.json: line 2, column"), "\(r2.stderr)")
    }

    @Test("an output folder that cannot be created")
    func unwritableOutput() throws {
        let dir = TempDir()
        Self.makeStores(in: dir)
        dir.write("afile", "x")
        let r = try Binary.run(["eval", "--stores", dir.path, "--controller", "cmc", "--out", dir.path + "/afile/sub"])
        #expect(r.status == 2 && r.stderr.contains("afile/sub"), "\(r.stderr)")
    }

    @Test("a missing stores folder")
    func missingStores() throws {
        let r = try Binary.run(["eval", "--stores", "/nonexistent-stores", "--controller", "cmc", "--out", NSTemporaryDirectory() + "x-\(UUID())"])
        #expect(r.status == 2 && r.stderr.contains("/nonexistent-stores: --stores is not a folder"))
    }

    @Test("CMC at β = 0.5 on Qwen3-4B/aime24 gives the reference's row", .enabled(if: Binary.sharedAvailable, Binary.sharedMissing))
    func referenceRow() throws {
        let dir = TempDir()
        let r = try Binary.run(["eval", "--stores", Binary.sharedStores, "--backbone", "Qwen3-4B", "--benchmark", "aime24",
                                "--controller", "cmc:beta=0.5", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOfFile: dir.path + "/matrix_results_Qwen3-4B/aime24_raw_new_api.csv", encoding: .utf8)
        #expect(csv.contains("\nOptimalController,81.97,236735,0,optimal_controller | config={'beta': 0.5},{'beta': 0.5},0.5,5,34,6,8,5,0.5,0.91,0.025,2,2,0.025,4\n"))
    }
}

/// `eval` never replaces results by surprise and says when a SPEC asks for more than a store has;
/// a method.py configuration that raises leaves the others' rows and no partial file.
@Suite("ttsdash eval: output safety", .enabled(if: Binary.available, Binary.missing))
struct EvalOutputSafetyTests {
    @Test("a non-empty --out is refused unless --force; counts read as words")
    func refusesNonEmptyOut() throws {
        let dir = TempDir()
        EvalCommandTests.makeStores(in: dir)
        let out = dir.path + "/out"
        let first = try Binary.run(["eval", "--stores", dir.path, "--backbone", "Tiny-A", "--controller", "cmc:beta=0,1", "--seeds", "3", "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wrote 1 file under"), "\(first.stdout)")
        let csv = out + "/matrix_results_Tiny-A/tiny_raw_new_api.csv"
        let before = try String(contentsOfFile: csv, encoding: .utf8)
        let second = try Binary.run(["eval", "--stores", dir.path, "--backbone", "Tiny-A", "--controller", "cmc:beta=0.5", "--seeds", "3", "--out", out])
        #expect(second.status == 2 && second.stderr.contains("the folder is not empty; nothing was written"), "\(second.stderr)")
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == before)
        let forced = try Binary.run(["eval", "--stores", dir.path, "--backbone", "Tiny-A", "--controller", "cmc:beta=0.5", "--seeds", "3", "--out", out, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").count == 2)
    }

    @Test("a SPEC asking for more branches than the store has gets a note")
    func capNote() throws {
        let dir = TempDir()
        EvalCommandTests.makeStores(in: dir)
        let r = try Binary.run(["eval", "--stores", dir.path, "--backbone", "Tiny-A", "--controller", "sc:max_samples=1000", "--seeds", "2", "--out", dir.path + "/out"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("ttsdash: note: sc:max_samples=1000: max_samples=1000 is more than the 6 branches a question has in Tiny-A/tiny"), "\(r.stderr)")
        let quiet = try Binary.run(["eval", "--stores", dir.path, "--backbone", "Tiny-A", "--controller", "sc:max_samples=4", "--seeds", "2", "--out", dir.path + "/out2"])
        #expect(!quiet.stderr.contains("note:"))
    }

    @Test("--method: a raising configuration gets no row, the others are written whole, exit 1",
          .enabled(if: PythonCheck.available, Comment(rawValue: PythonCheck.skipMessage)))
    func methodFailureLeavesTheRest() throws {
        let dir = TempDir()
        EvalCommandTests.makeStores(in: dir)
        dir.write("method.py", """
        class First:
            NAME = "first"
            def __init__(self, config=None):
                self.config = config or {}
                self.steps = []
            def __call__(self, question):
                self.steps = [{"event": "start", "goal": "", "input": {}, "output": None, "state": {}, "decision": "open one"}]
                if self.config.get("fail"):
                    raise RuntimeError("told to fail")
                answer, index, finished = question.probe_new()
                while not finished:
                    answer, finished = question.probe_more(index)
                self.steps.append({"event": "finish", "goal": "", "input": {}, "output": {"answer": answer}, "state": {}, "decision": "stop"})
                return answer
            def description(self):
                return f"{self.NAME} | config={self.config}"
            def get_last_trace(self):
                return list(self.steps)
        """)
        let out = dir.path + "/out"
        let r = try Binary.run(["eval", "--method", dir.path + "/method.py", "--stores", dir.path, "--backbone", "Tiny-A",
                                "--controller", "First:fail=0,1,0", "--controller", "first:x=2", "--seeds", "3", "--traces", "all", "--out", out])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("ttsdash: Error evaluating First: told to fail"), "\(r.stderr)")
        #expect(r.stderr.contains("RuntimeError: told to fail (method.py line 9, in __call__)"), "\(r.stderr)")
        #expect(r.stderr.contains("1 of 3 configurations gave no row"), "\(r.stderr)")
        let csv = try String(contentsOfFile: out + "/matrix_results_Tiny-A/tiny_raw_new_api.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 3)
        #expect(csv[0] == "Method,Acc,Cost,Std_Acc,Description,config,steps")
        #expect(csv[1].hasPrefix("First,") && csv[1].contains("first | config={'fail': 0}"))
        #expect(csv[2].contains("first | config={'x': 2}"))
        let rows = try String(contentsOfFile: out + "/matrix_results_Tiny-A/tiny_trace_new_api.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 2 * 3 * 3)
        let first = try JSONParser.parse(String(rows[0]))
        #expect(first["event_actions"]?.arrayValue?.first?.intValue == 0)
        #expect(first["trace"]?.arrayValue?.count == 2)
        #expect(dir.files().allSatisfy { !($0 as NSString).lastPathComponent.hasPrefix(".") }, "\(dir.files())")
    }
}
