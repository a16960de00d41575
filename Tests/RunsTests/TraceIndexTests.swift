import Foundation
import Testing
import ReplayCore
@testable import Runs

@Suite("Trace index")
struct TraceIndexTests {
    func lines(_ n: Int, _ d: String = Fixture.cmc("0.5"), actions: Bool = false) -> [String] {
        (0..<n).map { Fixture.traceRow(d, seed: $0 / 3, question: $0 % 3, actions: actions) }
    }

    @Test func indexesFetchesAndSkipsATruncatedLastLine() throws {
        let f = Fixture()
        let rows = lines(6) + lines(3, Fixture.cmc("1.0"))
        f.write("t.jsonl", rows.joined(separator: "\n") + "\n" + "{\"model\": \"M\", \"description\": \"x\", \"shuf")
        let index = try TraceIndex.build(path: f.path("t.jsonl"))
        #expect(index.rowCount == 9)
        #expect(index.descriptions == [Fixture.cmc("0.5"), Fixture.cmc("1.0")])
        #expect(index.truncatedTailBytes > 0)
        #expect(index.badLineCount == 0)
        let e = try #require(index.entry(description: Fixture.cmc("1.0"), seed: 0, question: 2))
        #expect(e.line == 9)
        let row = try index.fetch(e)
        #expect(row.description == Fixture.cmc("1.0") && row.shuffleSeed == 0 && row.questionIndex == 2)
        #expect(row.cost == 1002)
        #expect(row.steps.map(\.event) == ["start", "stop"])
        #expect(row.steps[1].decisionText == "return 42")
        #expect(index.entry(description: 0, seed: 5, question: 0) == nil)
    }

    @Test func actionLogIsReadBack() throws {
        let f = Fixture()
        f.write("t.jsonl", lines(3, actions: true).joined(separator: "\n") + "\n")
        let index = try TraceIndex.build(path: f.path("t.jsonl"))
        let row = try #require(try index.fetch(description: 0, seed: 0, question: 1))
        let actions = try #require(row.actions)
        #expect(actions.map(\.operation) == [.open, .fullRead])
        #expect(actions.map(\.storeBranch) == [7, 3])
        #expect(row.answerText(actions[0].answer) == "ERR" && row.answerText(actions[1].answer) == "42")
        #expect(row.answer == "42" && row.goldAnswer == "42")
    }

    @Test func badLinesAreCountedNotFatal() throws {
        let f = Fixture()
        var rows = lines(3)
        rows.insert("not json", at: 1)
        rows.insert("{\"description\": \"d\", \"shuffle_seed\": \"zero\", \"question_index\": 1}", at: 2)
        rows.insert("{\"description\": \"d\", \"question_index\": 1, \"trace\": [1, {\"a\": \"}\"}]}", at: 3)
        rows.insert("", at: 4)
        rows.append(rows[0])  // a duplicate key
        f.write("t.jsonl", rows.joined(separator: "\n") + "\n")
        let index = try TraceIndex.build(path: f.path("t.jsonl"))
        #expect(index.rowCount == 3)
        #expect(index.badLineCount == 3)
        #expect(index.badLines.map(\.line) == [2, 3, 4])
        #expect(index.badLines[1].reason.contains("shuffle_seed"))
        #expect(index.badLines[2].reason.contains("shuffle_seed"))
        #expect(index.duplicateCount == 1)
    }

    @Test func keysInAnyOrderAndEscapedDescriptions() throws {
        let f = Fixture()
        let d = "quote \\\"x\\\" | config={'beta': 0.5}"
        f.write("t.jsonl", "{\"trace\": [{\"x\": \"{[\\\"\"}], \"question_index\": 4.0, \"shuffle_seed\": 2, \"description\": \"\(d)\"}\n")
        let index = try TraceIndex.build(path: f.path("t.jsonl"))
        #expect(index.descriptions == ["quote \"x\" | config={'beta': 0.5}"])
        #expect(index.entries.first.map { ($0.seed, $0.question) }! == (2, 4))
        _ = try index.fetch(index.entries[0])
    }

    @Test func linesLongerThanTheReadBufferAreIndexed() throws {
        let f = Fixture()
        let long = Fixture.traceRow(Fixture.cmc("0.5"), seed: 9, question: 9, padding: TraceIndexBuilder.blockSize + 100)
        f.write("t.jsonl", lines(2).joined(separator: "\n") + "\n" + long + "\n" + Fixture.traceRow(Fixture.cmc("0.5"), seed: 1, question: 1) + "\n")
        let index = try TraceIndex.build(path: f.path("t.jsonl"))
        #expect(index.rowCount == 4)
        let e = try #require(index.entry(description: 0, seed: 9, question: 9))
        #expect(Int(e.length) == long.utf8.count)
        #expect(try index.fetch(e).steps.count == 2)
        #expect(try index.fetch(description: 0, seed: 1, question: 1)?.line == 4)
    }

    @Test func cacheIsUsedExtendedOnAppendAndRebuiltOnRewrite() throws {
        let f = Fixture()
        let cacheDir = Fixture("cache")
        let cache = TraceIndexCache(directory: cacheDir.root + "/ttsdash/trace-index")
        f.write("run/t.jsonl", lines(6).joined(separator: "\n") + "\n")
        let runBefore = f.tree()
        let first = try TraceIndex.open(path: f.path("run/t.jsonl"), cache: cache)
        #expect(!first.fromCache && first.rowCount == 6)
        #expect(FileManager.default.fileExists(atPath: cache.cacheFile(for: f.path("run/t.jsonl"))))
        #expect(f.tree() == runBefore, "the index must not be written beside the trace")
        let second = try TraceIndex.open(path: f.path("run/t.jsonl"), cache: cache)
        #expect(second.fromCache && second.rowCount == 6 && second.entries == first.entries)
        // Appended rows: extended from the cached prefix.
        f.append("run/t.jsonl", lines(3, Fixture.cmc("1.0")).joined(separator: "\n") + "\n")
        let third = try TraceIndex.open(path: f.path("run/t.jsonl"), cache: cache)
        #expect(third.fromCache && third.rowCount == 9 && third.descriptions.count == 2)
        #expect(try third.fetch(description: 1, seed: 0, question: 2)?.line == 9)
        // Rewritten: rebuilt.
        f.write("run/t.jsonl", lines(2, Fixture.cmc("0.9")).joined(separator: "\n") + "\n")
        let fourth = try TraceIndex.open(path: f.path("run/t.jsonl"), cache: cache)
        #expect(!fourth.fromCache && fourth.rowCount == 2 && fourth.descriptions == [Fixture.cmc("0.9")])
        // A corrupt cache file is ignored.
        try "garbage".write(toFile: cache.cacheFile(for: f.path("run/t.jsonl")), atomically: false, encoding: .utf8)
        let fifth = try TraceIndex.open(path: f.path("run/t.jsonl"), cache: cache)
        #expect(!fifth.fromCache && fifth.rowCount == 2)
    }

    @Test func fetchNoticesAChangedFile() throws {
        let f = Fixture()
        f.write("t.jsonl", lines(3).joined(separator: "\n") + "\n")
        let index = try TraceIndex.build(path: f.path("t.jsonl"))
        f.write("t.jsonl", lines(3, Fixture.cmc("0.7")).joined(separator: "\n") + "\n")
        #expect(throws: TraceIndexError.self) { try index.fetch(index.entries[1]) }
    }

    @Test func matchingAConfigurationToADescription() throws {
        let f = Fixture()
        let pp = "Parallel_Probe | config={'num_chains': 16, 'K': 5, 'T': 40, 'eps_inter': 5.0, 'eps_intra': 5.0, 'prune_patience': 7, 'warm_up': 15, 'probe_burst': 1, 'max_steps': 100}"
        f.write("t.jsonl", [Fixture.traceRow(Fixture.asc(64), seed: 0, question: 0), Fixture.traceRow(pp, seed: 0, question: 0)].joined(separator: "\n") + "\n")
        let index = try TraceIndex.build(path: f.path("t.jsonl"))
        let want = try #require(ControllerSpec.parse("pp:num_chains=16").first)
        #expect(index.descriptionIndex(matching: RowConfiguration.parse(description: want.descriptionString)!) == 1)
        let asc = try #require(ControllerSpec.parse("asc:max_samples=64").first)
        #expect(index.descriptionIndex(matching: RowConfiguration.parse(description: asc.descriptionString)!) == 0)
        let other = try #require(ControllerSpec.parse("asc:max_samples=32").first)
        #expect(index.descriptionIndex(matching: RowConfiguration.parse(description: other.descriptionString)!) == nil)
    }

    @Test func scannerOnEdgeCases() {
        func scan(_ s: String) -> Result<TraceRowScanner.Key, TraceRowScanner.Failure> {
            let b = Array(s.utf8)
            return b.withUnsafeBufferPointer { TraceRowScanner.scan($0.baseAddress!, count: b.count) }
        }
        #expect((try? scan("{\"description\": \"a\", \"shuffle_seed\": -3, \"question_index\": 0}").get())?.seed == -3)
        #expect(scan("[1]") == .failure(.notAnObject))
        #expect(scan("{\"description\": \"a\", \"shuffle_seed\": 1.5, \"question_index\": 0}") == .failure(.notAnInteger("shuffle_seed")))
        #expect(scan("{\"description\": 3, \"shuffle_seed\": 1, \"question_index\": 0}") == .failure(.missing("description")))
        #expect(scan("{\"description\": \"a\", \"shuffle_seed\": 1}") == .failure(.missing("question_index")))
        #expect(scan("{\"description\": \"a") == .failure(.malformed(at: 16)))
    }
}
