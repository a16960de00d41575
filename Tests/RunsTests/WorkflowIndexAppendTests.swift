import Foundation
import Testing
@testable import Runs

@Suite("Launched rounds' workflow_index.jsonl rows")
struct WorkflowIndexAppendTests {
    /// The workflow appends to the index as it archives rounds; a launched round appends too,
    /// never rewriting what is there, and mends a last line left without its newline.
    @Test("the row is appended after the existing lines, a missing final newline is added")
    func appendsAfterExistingLines() throws {
        let fixture = Fixture("index-append")
        fixture.mkdir("history")
        let history = fixture.path("history")
        let existing = #"{"round_id": "r0000", "eval_returncode": 0}"#
        try existing.write(toFile: history + "/workflow_index.jsonl", atomically: false, encoding: .utf8)
        let staging = try RoundStaging(history: history, roundID: "r0001_sweep")
        try staging.appendIndexRow()
        try staging.appendIndexRow()
        let lines = try String(contentsOfFile: history + "/workflow_index.jsonl", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)   // two rows after the old one, and the final newline
        #expect(lines[0] == Substring(existing))
        #expect(lines[1].contains(#""round_id": "r0001_sweep""#))
        #expect(lines[2] == lines[1])
        #expect(lines[3].isEmpty)
        staging.discard()
    }

    @Test("an index that does not exist yet is created with the row")
    func createsTheIndex() throws {
        let fixture = Fixture("index-create")
        fixture.mkdir("history")
        let staging = try RoundStaging(history: fixture.path("history"), roundID: "r0000_first")
        try staging.appendIndexRow()
        let text = try String(contentsOfFile: fixture.path("history/workflow_index.jsonl"), encoding: .utf8)
        #expect(text.hasPrefix(#"{"round_id": "r0000_first""#))
        #expect(text.hasSuffix("\n"))
        staging.discard()
    }
}
