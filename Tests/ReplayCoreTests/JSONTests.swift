import Testing
@testable import ReplayCore

@Suite("JSON parser and writer")
struct JSONTests {
    @Test("parses every kind of value and keeps key order")
    func parsesValues() throws {
        let v = try JSONParser.parse(#"{"b": [1, -2, 3.5, 1e-05, true, false, null], "a": {"z": "x\u00e9\n", "y": NaN}, "c": -Infinity}"#)
        #expect(v.objectValue?.keys == ["b", "a", "c"])
        #expect(v["b"] == [1, -2, 3.5, 1e-05, true, false, nil])
        #expect(v["a"]?["z"] == "x\u{e9}\n")
        #expect(v["a"]?["y"]?.doubleValue?.isNaN == true)
        #expect(v["c"] == .double(-.infinity))
    }

    @Test("surrogate pairs and escapes")
    func escapes() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00 \"q\" \\ \/""#) == "\u{1F600} \"q\" \\ /")
    }

    @Test("errors name line and column", arguments: [
        ("[1, 2,\n 3", 2, "unexpected end"),
        ("{\"a\" 1}", 1, "expected ':'"),
        ("[01x]", 1, "expected ',' or ']'"),
        ("\"abc", 1, "unterminated string"),
        ("[1]\n\n x", 3, "unexpected data"),
        ("[\"a\u{01}\"]", 1, "control character"),
    ])
    func errors(text: String, line: Int, message: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("writes as Python's json.dumps does")
    func writesPythonStyle() {
        let v: JSONValue = ["a": [1, 0.5, 5.0, 1e-05, 1e16, true, nil], "é": "\u{1F600}\t\"", "n": .double(-0.0)]
        #expect(JSONWriter.string(v) == #"{"a": [1, 0.5, 5.0, 1e-05, 1e+16, true, null], "\u00e9": "\ud83d\ude00\t\"", "n": -0.0}"#)
    }

    @Test("random documents survive a write and a parse")
    func roundTrip() throws {
        var rng = SplitMix(seed: 7)
        for _ in 0..<300 {
            let v = randomValue(&rng, depth: 0)
            #expect(try JSONParser.parse(JSONWriter.string(v)) == v)
        }
    }

    @Test("random bytes never crash the parser")
    func fuzz() {
        var rng = SplitMix(seed: 11)
        let alphabet = Array("{}[],:\"\\ 0123456789.eE-+truefalsnNIaiy\n\tu".utf8)
        for _ in 0..<3000 {
            let bytes = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            _ = try? JSONParser.parse(bytes)
        }
        // Deep nesting is refused, not a stack overflow.
        #expect(throws: JSONParser.ParseError.self) { try JSONParser.parse(String(repeating: "[", count: 100_000)) }
    }

    func randomValue(_ rng: inout SplitMix, depth: Int) -> JSONValue {
        switch rng.next() % (depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .int(Int(truncatingIfNeeded: rng.next()) >> 8)
        case 3: return .double(Double(Int64(truncatingIfNeeded: rng.next()) >> 20) / 1024)
        case 4: return .string(String((0..<Int(rng.next() % 6)).map { _ in Character(UnicodeScalar(UInt8(32 + rng.next() % 95))) }) + (rng.next() % 3 == 0 ? "\u{e9}\u{1F600}" : ""))
        case 5: return .array((0..<Int(rng.next() % 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        default: return .object(JSONObject(pairs: (0..<Int(rng.next() % 4)).map { ("k\($0)", randomValue(&rng, depth: depth + 1)) }))
        }
    }
}
