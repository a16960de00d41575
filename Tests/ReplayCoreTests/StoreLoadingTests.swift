import Foundation
import Testing
@testable import ReplayCore

@Suite("Replay store loading and validation")
struct StoreLoadingTests {
    static let good = #"[{"question": "q", "gold_answer": "7", "probe_freq": 500, "each_branch": [[["ERR", "7"], 1400, "7"], [[], 300, "8"]], "final_answers_trace": ["7", "8"]}]"#

    func load(_ text: String) throws(StoreError) -> ReplayStore {
        try ReplayStore.parse(data: Array(text.utf8), path: "m/b.json", backbone: "m", benchmark: "b")
    }

    @Test("a well-formed store")
    func wellFormed() throws {
        let s = try load(Self.good)
        let q = s.questions[0]
        #expect(q.branchCount == 2)
        #expect(q.probeTexts(branch: 0) == ["ERR", "7"])
        #expect(q.answers[Int(q.goldID)] == "7")
        #expect(q.finals.map { q.answers[Int($0)] } == ["7", "8"])
        #expect(Array(q.tokens) == [1400, 300])
    }

    @Test("bad stores name the file, question and field", arguments: [
        ("not json", "line 1, column 1"),
        ("{}", "expected an array of questions"),
        ("[]", "no questions"),
        ("[1]", "question 0: expected an object"),
        (#"[{"gold_answer": "1", "probe_freq": 500, "each_branch": []}]"#, "question 0, question: missing"),
        (#"[{"question": "q", "gold_answer": 1, "probe_freq": 500, "each_branch": []}]"#, "gold_answer: expected a string, found an integer"),
        (#"[{"question": "q", "gold_answer": "1", "probe_freq": 0, "each_branch": []}]"#, "probe_freq: expected a positive integer"),
        (#"[{"question": "q", "gold_answer": "1", "probe_freq": 500, "each_branch": []}]"#, "each_branch: no branches"),
        (#"[{"question": "q", "gold_answer": "1", "probe_freq": 500, "each_branch": [[["1"], 10]]}]"#, "each_branch[0]: expected [probes, tokens, final]"),
        (#"[{"question": "q", "gold_answer": "1", "probe_freq": 500, "each_branch": [[["1", 2], 10, "1"]]}]"#, "each_branch[0][0][1]: expected an answer string"),
        (#"[{"question": "q", "gold_answer": "1", "probe_freq": 500, "each_branch": [[["1"], -5, "1"]]}]"#, "each_branch[0][1]: expected a non-negative token count"),
        (#"[{"question": "q", "gold_answer": "1", "probe_freq": 500, "each_branch": [[["1"], 10, null]]}]"#, "each_branch[0][2]: branch has no final answer"),
    ])
    func errors(text: String, message: String) {
        do {
            _ = try load(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("m/b.json: "))
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("a missing file and a folder are reported")
    func missing() {
        #expect(throws: StoreError.self) { try ReplayStore.load(path: "/nonexistent/x.json") }
        #expect(throws: StoreError.self) { try ReplayStore.load(path: NSTemporaryDirectory()) }
    }

    @Test("mutated stores never crash the loader")
    func fuzz() {
        var rng = SplitMix(seed: 5)
        var accepted = 0
        let base = Array(Self.good.utf8)
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes.remove(at: i)
                case 1:
                    let inserts = Array("[]{}\",:0-9n".utf8)
                    bytes.insert(inserts[Int(rng.next() % UInt64(inserts.count))], at: i)
                default: bytes[i] = UInt8(32 + rng.next() % 95)
                }
                if bytes.isEmpty { bytes = [0x20] }
            }
            if let s = try? ReplayStore.parse(data: bytes, path: "f", backbone: "m", benchmark: "b") {
                // Anything accepted is replayable.
                accepted += 1
                for q in s.questions {
                    var env = ReplayEnvironment(question: q, order: Array(0..<q.branchCount))
                    var t = TraceRecorder(enabled: false)
                    _ = ConfidenceMomentum(configuration: try! ControllerSpec.parse("cmc:beta=1")[0]).solve(&env, trace: &t)
                }
            }
        }
        #expect(accepted > 0, "some mutations (e.g. of answer text) keep the store valid")
    }
}
