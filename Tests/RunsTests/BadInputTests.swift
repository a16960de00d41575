import Foundation
import Testing
import ReplayCore
@testable import Runs

@Suite("Bad input is reported, the rest still loads, nothing is written")
struct BadInputTests {
    @Test func missingFolderThrows() {
        #expect(throws: RunLocatorError.self) { try RunLoader.load(path: "/nonexistent/ttsdash/run") }
        let f = Fixture()
        f.write("file.txt", "x")
        #expect(throws: RunLocatorError.self) { try RunLoader.load(path: f.path("file.txt")) }
    }

    @Test func emptyFolderAndNotARun() throws {
        let f = Fixture()
        let empty = try RunLoader.load(path: f.root)
        #expect(empty.isEmpty)
        #expect(empty.diagnostics.first?.reason.contains("empty folder") == true)
        f.write("notes.txt", "hello")
        let other = try RunLoader.load(path: f.root)
        #expect(other.isEmpty)
        #expect(other.diagnostics.first?.reason.contains("not a discovery run") == true)
        #expect(other.diagnostics.first?.path == f.root)
    }

    @Test("CSV fields as pandas quotes them: commas and doubled quotes inside quotes; text after a closing quote refused")
    func csvFieldSplitting() throws {
        func split(_ text: String) throws -> [String] { try ResultsCSV.fields(.init(text: text, line: 1, terminated: true)) }
        #expect(try split("a,b,,c") == ["a", "b", "", "c"])
        #expect(try split(#"cmc,80.5,"optimal_controller | config={'beta': 0.5, 'x': 1}","#) == ["cmc", "80.5", "optimal_controller | config={'beta': 0.5, 'x': 1}", ""])
        #expect(try split(#""say ""hi""",2"#) == [#"say "hi""#, "2"])
        #expect(try split("line\nbreak") == ["line\nbreak"])
        #expect(throws: ResultsCSV.FieldError.self) { try split(#""quoted"tail,2"#) }
        #expect(throws: ResultsCSV.FieldError.self) { try split(#""never closed,2"#) }
        // A bad row is skipped with its line; the rows around it load.
        let parsed = ResultsCSV.parse("Method,Acc,Cost\ncmc,80,1000\n\"x\"y,81,1100\ncmc,82,1200\n", path: "r.csv")
        #expect(parsed.rows.map(\.acc) == [80, 82])
        #expect(parsed.diagnostics.contains { $0.line == 3 && $0.reason.contains("text after its closing quote") })
    }

    @Test func csvProblemsAreReportedWithLineAndField() throws {
        let f = Fixture()
        f.workspace()
        let dir = "workspace/code_base/history/r0000_20260416_101500_0123abcd/proposal_results/matrix_results_M1"
        // Non-numeric Acc on line 3, an unterminated quote on line 4, a good row after it.
        f.write("\(dir)/aime24_raw_new_api.csv", Fixture.header + "\n" +
                "OptimalController,79.0,60000,0,optimal_controller | config={'beta': 0.5},x,1,2,3\n" +
                "OptimalController,abc,70000,0,\"optimal_controller | config={'beta': 0.6}\",x,1,2,3\n" +
                "OptimalController,1,2,0,\"optimal_controller | config={'beta': 0.7},x,1,2,3\n" +
                "OptimalController,81.5,,0,\"optimal_controller | config={'beta': 0.8}\",x,1,2,3\n")
        // A CSV without the Acc column, another with no header at all.
        f.write("\(dir)/aime25_raw_new_api.csv", "Method,Score\nX,1\n")
        f.write("workspace/code_base/history/seed_algorithms/matrix_results_M2/aime24_raw_new_api.csv",
                "ASCMethod,72.23,13916,0,\"asc | config={'max_samples': 1, 'threshold': 0.95}\"\n")
        let run = try RunLoader.load(path: f.root)
        let r0 = try #require(run.round(named: "r0000"))
        let rows = try #require(r0.results(backbone: "M1", benchmark: "aime24")).rows
        #expect(rows.map(\.line) == [2, 3, 5])
        #expect(rows[1].acc == nil && rows[1].cost == 70000)
        #expect(rows[2].acc == 81.5 && rows[2].cost == nil)
        #expect(rows[0].configuration.number("beta") == 0.5)
        let csv = f.path("\(dir)/aime24_raw_new_api.csv")
        #expect(run.diagnostics.contains { $0.path == csv && $0.line == 3 && $0.field == "Acc" && $0.severity == .warning })
        #expect(run.diagnostics.contains { $0.path == csv && $0.line == 4 && $0.reason.contains("unterminated") })
        #expect(run.diagnostics.contains { $0.path.hasSuffix("aime25_raw_new_api.csv") && $0.reason.contains("no Acc and Cost column") })
        let seedM2 = try #require(run.rounds[0].results(backbone: "M2", benchmark: "aime24"))
        #expect(seedM2.rows.first?.acc == 72.23)
        #expect(run.diagnostics.contains { $0.path.hasSuffix("M2/aime24_raw_new_api.csv") && $0.reason.contains("no header") })
        // The rest still loads.
        #expect(run.rounds.map(\.shortName) == ["seed", "r0000", "r0001", "r0002"])
    }

    @Test func emptyCSVAndIncompleteLastLine() {
        let empty = ResultsCSV.parse("", path: "e.csv")
        #expect(empty.rows.isEmpty && empty.diagnostics.first?.reason.contains("empty") == true)
        let partial = ResultsCSV.parse(Fixture.header + "\nASCMethod,70,100,0,\"asc | config={'max_samples': 1}\",x,1,2,3\nASCMethod,71,2", path: "p.csv")
        #expect(partial.rows.count == 1)
        #expect(partial.diagnostics.first?.severity == .note)
        // A complete last row without a newline still counts.
        let whole = ResultsCSV.parse(Fixture.header + "\nASCMethod,70,100,0,\"asc | config={'max_samples': 1}\",x,1,2,3", path: "w.csv")
        #expect(whole.rows.count == 1 && whole.diagnostics.isEmpty)
    }

    @Test func quotedFieldsExtraColumnsAndCRLF() {
        let text = "Method,Acc,Cost,Std_Acc,Description,config,note\r\n" +
            "ASCMethod,80.17,121219,0,\"asc | config={'max_samples': 16, 'threshold': 0.95}\",\"{'max_samples': 16}\",\"say \"\"hi\"\", twice\",extra\r\n"
        let p = ResultsCSV.parse(text, path: "q.csv")
        #expect(p.diagnostics.isEmpty, "\(p.diagnostics)")
        let row = p.rows[0]
        #expect(row.acc == 80.17 && row.cost == 121219)
        #expect(row.configuration.builtIn?.spec == "asc:max_samples=16,threshold=0.95")
        #expect(row.attributes.first { $0.name == "note" }?.value == "say \"hi\", twice")
        #expect(row.attributes.contains { $0.name == "column 8" && $0.value == "extra" })
    }

    @Test func unknownFamilyKeepsItsParameters() {
        let p = ResultsCSV.parse("Method,Acc,Cost,Description\nMine,50,10,\"my_ctrl | config={'beta': 0.25, 'mode': 'fast', 'on': True, 'x': None}\"\n", path: "u.csv")
        let c = p.rows[0].configuration
        #expect(c.family == "my_ctrl" && c.builtIn == nil)
        #expect(c.number("beta") == 0.25 && c.value("mode") == .string("fast") && c.value("on") == .bool(true) && c.value("x") == PythonLiteral.none)
        #expect(c.label == "my_ctrl beta=0.25,mode=fast,on=True,x=None")
    }

    @Test func brokenIndexManifestAndSymlinks() throws {
        let f = Fixture()
        f.workspace()
        let hist = "workspace/code_base/history"
        // A broken workflow_index line, a half-written last line.
        f.append("\(hist)/workflow_index.jsonl", "{broken\n{\"round_id\": \"r0009")
        // A manifest naming a missing CSV and paths outside the round.
        let r0 = "\(hist)/r0000_20260416_101500_0123abcd"
        f.write("\(r0)/proposal_results_manifest.json",
                "{\"source_dir\": \"/x\", \"copied_files\": [\"matrix_results_M1/aime24_raw_new_api.csv\", \"matrix_results_M9/aime24_raw_new_api.csv\", \"../../../../etc/passwd\", \"/etc/hosts\"]}")
        // Symlink loops: a round pointing at its parent, a matrix_results folder pointing at itself.
        f.symlink("\(hist)/r0005_loop", to: ".")
        f.symlink("\(r0)/proposal_results/matrix_results_LOOP", to: "matrix_results_LOOP")
        f.symlink("\(r0)/proposal_results/matrix_results_UP", to: "..")
        let before = f.tree()
        let run = try RunLoader.load(path: f.root)
        let index = f.path("\(hist)/workflow_index.jsonl")
        #expect(run.diagnostics.contains { $0.path == index && $0.line == 3 && $0.severity == .error })
        #expect(run.diagnostics.contains { $0.path == index && $0.line == 4 && $0.severity == .note })
        let manifest = f.path("\(r0)/proposal_results_manifest.json")
        #expect(run.diagnostics.filter { $0.path == manifest && $0.reason.contains("outside the round") }.count == 2)
        #expect(run.diagnostics.contains { $0.path.hasSuffix("matrix_results_M9/aime24_raw_new_api.csv") && $0.reason.contains("absent") })
        #expect(run.diagnostics.contains { $0.path.hasSuffix("r0005_loop") && $0.reason.contains("symlink loop") })
        #expect(run.diagnostics.contains { $0.path.hasSuffix("matrix_results_LOOP") && $0.reason.contains("symlink loop") })
        #expect(run.diagnostics.contains { $0.path.hasSuffix("matrix_results_UP") && $0.reason.contains("symlink loop") })
        let r0Round = try #require(run.round(named: "r0000"))
        #expect(r0Round.manifest?.rejectedFiles == ["../../../../etc/passwd", "/etc/hosts"])
        #expect(r0Round.results.map(\.backbone) == ["M1"])
        #expect(run.rounds.map(\.shortName) == ["seed", "r0000", "r0001", "r0002"])
        #expect(f.tree() == before)
    }

    @Test func unreadableFilesAreReported() throws {
        let f = Fixture()
        f.workspace()
        let csv = "workspace/code_base/history/r0000_20260416_101500_0123abcd/proposal_results/matrix_results_M1/aime24_raw_new_api.csv"
        let method = "workspace/code_base/history/r0000_20260416_101500_0123abcd/code_base/method.py"
        if getuid() == 0 {
            // root reads every file: make them unreadable by being folders instead.
            try FileManager.default.removeItem(atPath: f.path(csv))
            f.mkdir(csv)
            try FileManager.default.removeItem(atPath: f.path(method))
            f.mkdir(method)
        } else {
            chmod(f.path(csv), 0)
            chmod(f.path(method), 0)
        }
        let run = try RunLoader.load(path: f.root)
        let reason = getuid() == 0 ? "not a regular file" : "permission denied"
        #expect(run.diagnostics.contains { $0.path == f.path(csv) && $0.reason.contains(reason) && $0.severity == .error })
        #expect(run.diagnostics.contains { $0.path == f.path(method) && $0.severity == .error })
        #expect(run.rounds.count == 4)
        #expect(run.round(named: "r0000")?.controllerSource == nil)
    }

    @Test func brokenProposalResult() throws {
        let f = Fixture()
        f.workspace()
        f.write("workspace/.workflow_logs/r0002_20260417_090000_feedbeef/proposal_result.json", "{\"final_result\": \"cut")
        let run = try RunLoader.load(path: f.root)
        #expect(run.rounds.last?.phase == .evaluating)
        #expect(run.rounds.last?.proposalSummary == nil)
        #expect(run.diagnostics.contains { $0.path.hasSuffix("proposal_result.json") && $0.reason.contains("not valid JSON") })
    }
}
