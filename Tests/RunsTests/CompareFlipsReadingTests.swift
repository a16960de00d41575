import Foundation
import Testing
import TestSupport
@testable import Runs

/// Flips read only each trace row's head; these check that the head scan agrees with parsing
/// the whole row, and falls back when the fields are not in the head.
@Suite("Compare: reading outcomes from trace rows")
struct CompareFlipsReadingTests {
    func head(_ s: String) -> QuestionFlips.Outcome? {
        Array(s.utf8).withUnsafeBufferPointer { QuestionFlips.headOutcome($0) }
    }

    @Test func headScan() {
        // The reference's order: is_correct and cost before the trace.
        #expect(head(#"{"model": "m", "description": "x | config={'beta': 0.5}", "shuffle_seed": 0, "question_index": 3, "is_correct": true, "cost": 1234, "trace": [{"event": "start"}]}"#)
                == .init(isCorrect: true, cost: 1234))
        #expect(head(#"{"is_correct": null, "cost": 7, "trace": []}"#) == .init(isCorrect: nil, cost: 7))
        // A description that mentions the keys inside its string does not fool the scan.
        #expect(head(#"{"description": "\"is_correct\": true, \"cost\": 1", "is_correct": false, "cost": 99, "trace": []}"#)
                == .init(isCorrect: false, cost: 99))
        // Keys nested deeper are not the row's.
        #expect(head(#"{"meta": {"is_correct": true, "cost": 5}, "is_correct": false, "cost": 6}"#) == .init(isCorrect: false, cost: 6))
        // Trace first, or a head cut before the fields: nil (the caller fetches the whole row).
        #expect(head(#"{"trace": [], "is_correct": true, "cost": 1}"#) == nil)
        #expect(head(#"{"model": "m", "is_correct": true, "co"#) == nil)
        #expect(head(#"{"is_correct": true, "cost": 12"#) == nil)    // the number may go on
        #expect(head(#"{"is_correct": true, "cost": 1.5, "trace": []}"#) == nil)
    }

    @Test("the head scan gives what parsing whole rows gives, on the sample run's traces")
    func agreesWithFullRows() throws {
        let run = try RunLoader.load(path: PackagePaths.sampleRun)
        var checked = 0
        let cacheDir = NSTemporaryDirectory() + "ttsdash-flips-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: cacheDir) }
        for round in run.rounds {
            for set in round.results {
                guard let ref = set.trace, ref.status == .present else { continue }
                let index = try ref.openIndex(cache: TraceIndexCache(directory: cacheDir))
                for d in index.descriptions.indices {
                    let fast = try QuestionFlips.outcomes(index, description: d)
                    for e in index.entries where e.description == Int32(d) {
                        let r = try index.fetch(e)
                        #expect(fast[.init(seed: r.shuffleSeed, question: r.questionIndex)] == .init(isCorrect: r.isCorrect, cost: r.cost))
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 50)
    }
}
