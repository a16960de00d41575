import Foundation
import Testing
import ReplayCore
import Presentation
@testable import Runs

@Suite("Text output helpers and lazy trace rows")
struct TextOutputTests {
    @Test func tableAlignsColumns() {
        var t = TextTable(headers: ["round", "Acc"], alignments: [.left, .right])
        t.add(["r0000", "7.5"])
        t.add(["seed", "80.17"])
        #expect(t.render() == "round    Acc\nr0000    7.5\nseed   80.17")
    }

    @Test("headless tables: wide characters measured in columns, bidi overrides escaped")
    func tablesAndSafety() {
        var t = TextTable(headers: ["name", "Acc"], alignments: [.left, .right])
        t.add(["日本語", "1.00"])
        t.add(["ab", "22.00"])
        let lines = t.render().components(separatedBy: "\n")
        // Every "Acc" cell ends in the same display column.
        #expect(Set(lines.map { CharWidth.of($0) }).count == 1, "\(lines)")
        let evil = "safe\u{202E}txt.exe"
        #expect(!PlainText.safe(evil).unicodeScalars.contains { $0.value == 0x202E })
        #expect(PlainText.safe(evil).contains("\\u{202e}"))
        #expect(Sanitizer.clean(evil) == "safetxt.exe")
    }

    @Test func numberFormats() {
        // One marker for "not reported" in the CLI and the dashboard.
        #expect(NumberText.acc(nil) == Format.missing && NumberText.acc(79.333) == "79.33" && Format.acc(79.333) == "79.3")
        #expect(NumberText.cost(1234567) == "1,234,567" && NumberText.cost(999) == "999" && NumberText.cost(nil) == "–")
        #expect(NumberText.compact(50000) == "50k" && NumberText.compact(1_000_000) == "1M" && NumberText.compact(1500) == "1.5k")
    }

    @Test func logTicks() {
        #expect(FrontierPlot.ticks(from: 40000, to: 600000) == [50000, 100000, 200000, 500000])
        #expect(FrontierPlot.ticks(from: 1000, to: 10_000_000) == [1000, 10000, 100000, 1_000_000, 10_000_000])
        #expect(FrontierPlot.ticks(from: 0, to: 10) == [])
    }

    @Test func plotMarksFrontierPointsInUpperCase() throws {
        let f = Fixture()
        f.workspace()
        let run = try RunLoader.load(path: f.root)
        let text = FrontierPlot.render(FrontierData.make(run: run, backbone: "M1", benchmark: "aime24"), width: 40, height: 10)
        let grid = text.split(separator: "\n").prefix(10).joined()
        // seed/asc is 'a', r0000/cmc 'b', r0002/cmc 'c': 4 frontier points, 3 others.
        #expect(grid.filter { "ABC".contains($0) }.count == 4)
        #expect(grid.filter { "abc".contains($0) }.count == 3)
        #expect(text.contains("a seed/asc (3 points)"))
        #expect(text.contains("50k") && text.contains("100k"))
    }

    @Test func lazyStepsWithEscapesAndNonStringDecisions() throws {
        let line = #"{"description": "d", "shuffle_seed": 1, "question_index": 2, "trace": [{"event": "a\"b", "goal": "g", "input": {"x": [1, "]"]}, "output": null, "state": {}, "decision": {"stop": true}}, 7], "cost": 5}"#
        let r = try #require(TraceRecord(bytes: Array(line.utf8), line: 3))
        #expect(r.stepCount == 1 && r.problems == ["trace[1] is not an object"])
        #expect(r.stepSummaries[0] == .init(event: "a\"b", goal: "g", decision: #"{"stop": true}"#))
        let s = r.step(0)
        #expect(s.input == ["x": [1, "]"]] && s.output == .null && s.decision == ["stop": true])
        #expect(r.cost == 5)
        #expect(TraceRecord(bytes: Array("[1]".utf8), line: 1) == nil)
        #expect(TraceRecord(bytes: Array(#"{"description": "d"}"#.utf8), line: 1) == nil)
    }
}

@Suite("Terminal-safe plain text")
struct PlainTextTests {
    @Test func escapesControlCharacters() {
        let hostile = "ok\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\tx\ny"
        let safe = PlainText.safe(hostile)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!safe.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
        #expect(safe == "ok\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{9b}31m x\ny")
        #expect(PlainText.safe("a\nb", keepNewlines: false) == "a\\u{a}b")
        #expect(PlainText.safe("Qwen3-4B · 80.97 @ 144,300") == "Qwen3-4B · 80.97 @ 144,300")
    }

    @Test func dataStringsStayRawInTheModel() throws {
        // The model keeps data as written; sanitising is the presenter's job.
        let p = ResultsCSV.parse("Method,Acc,Cost,Description\nX\u{1B}[31m,50,10,\"evil\u{1B}]0;t\u{07} | config={'beta': 0.5}\"\n", path: "e.csv")
        #expect(p.rows[0].method == "X\u{1B}[31m")
        #expect(p.rows[0].configuration.name == "evil\u{1B}]0;t\u{07}")
    }
}
