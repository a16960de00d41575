import Foundation
import Testing
@testable import ReplayCore

@Suite("Reference trace rows reproduced event by event", .enabled(if: SharedData.available, SharedData.skipMessage))
struct ReferenceTraceTests {
    static let files: [String] = {
        guard SharedData.available else { return [] }
        let root = SharedData.referenceTraces
        let found = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".jsonl") } ?? []
        return found.sorted()
    }()

    @Test("every row of every reference trace file", arguments: files)
    func reproduce(file: String) throws {
        let parts = file.split(separator: "/")
        let store = try SharedData.store(String(parts[0]), String(parts[1]))
        var rows = 0
        for line in SharedData.lines(SharedData.referenceTraces + "/" + file) {
            let ref = try JSONParser.parse(line)
            let description = try #require(ref["description"]?.stringValue)
            let config = try #require(ControllerSpec.configuration(fromDescription: description), "\(description)")
            #expect(config.descriptionString == description)
            let seed = try #require(ref["shuffle_seed"]?.intValue)
            let qi = try #require(ref["question_index"]?.intValue)
            let mine = Evaluator.replayOne(store: store, configuration: config, seed: seed, questionIndex: qi)
            let at = "\(file) seed \(seed) question \(qi)"
            #expect(mine.row["is_correct"] == ref["is_correct"], "\(at): is_correct")
            #expect(mine.row["cost"] == ref["cost"], "\(at): cost")
            let expected = try #require(ref["trace"]?.arrayValue)
            let got = try #require(mine.row["trace"]?.arrayValue)
            #expect(got.count == expected.count, "\(at): \(got.count) events, reference has \(expected.count)")
            for (i, (g, e)) in zip(got, expected).enumerated() {
                let g = normalized(g), e = normalized(e)
                if !g.isClose(to: e) {
                    Issue.record("\(at): event \(i) differs\n  mine: \(JSONWriter.string(g))\n  ref:  \(JSONWriter.string(e))")
                    break
                }
            }
            // Fields in the reference's order first, then ours.
            #expect(Array(mine.row.objectValue!.keys.prefix(10)) == ref.objectValue!.keys)
            rows += 1
        }
        #expect(rows > 0)
    }

    /// Drops the one field that cannot match: the Python object address in `start` events.
    func normalized(_ step: JSONValue) -> JSONValue {
        guard case .object(var o) = step, o["event"] == "start", case .object(var input)? = o["input"], input["question"] != nil else { return step }
        input["question"] = "<question>"
        o["input"] = .object(input)
        return .object(o)
    }
}
