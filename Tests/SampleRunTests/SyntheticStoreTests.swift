import Foundation
import Testing
import ReplayCore
@testable import SampleRun

/// The generator writes stores the replay core reads, with the real stores' shape, the same
/// bytes for the same seed, and answers that say they are synthetic.
@Suite("Synthetic replay stores")
struct SyntheticStoreTests {
    @Test("same seed, same bytes; another seed, other bytes")
    func deterministic() {
        let a = SyntheticStoreGenerator.storeBytes(seed: 0, backbone: .medium, benchmark: .search)
        let b = SyntheticStoreGenerator.storeBytes(seed: 0, backbone: .medium, benchmark: .search)
        let c = SyntheticStoreGenerator.storeBytes(seed: 1, backbone: .medium, benchmark: .search)
        #expect(a == b)
        #expect(a != c)
    }

    @Test("a written store loads with ReplayStore.load and has the real shape")
    func shape() throws {
        let dir = TestPaths.temporaryFolder("store")
        defer { TestPaths.remove(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/Synth-S", withIntermediateDirectories: true)
        let bytes = SyntheticStoreGenerator.storeBytes(seed: 0, backbone: .small, benchmark: .heldout)
        #expect(FileManager.default.createFile(atPath: dir + "/Synth-S/synth-heldout.json", contents: Data(bytes)))
        let store = try ReplayStore.load(storesDirectory: dir, backbone: "Synth-S", benchmark: "synth-heldout")
        #expect(store.questions.count == SyntheticBenchmark.heldout.questionCount)
        var shorter = 0, longer = 0
        for q in store.questions {
            #expect(q.branchCount == 128)
            #expect(q.probeFreq == 500)
            #expect(q.text.hasPrefix("[SYNTHETIC]"))
            #expect(q.text.contains("not a real problem"))
            for b in 0..<q.branchCount {
                let n = q.probeCount(branch: b)
                #expect((3...80).contains(n))
                #expect((1_000...41_600).contains(Int(q.tokens[b])))
                // The last probe reads the final answer, as in every real branch.
                #expect(q.probes[Int(q.probeOffsets[b + 1]) - 1] == q.finals[b])
                if Int(q.tokens[b]) < n * 500 { shorter += 1 }
                if Int(q.tokens[b]) >= (n + 1) * 500 { longer += 1 }
            }
        }
        // `tokens` is not always probes * 500, in both directions.
        #expect(shorter > 100)
        #expect(longer > 100)
    }

    @Test("final_answers_trace repeats each branch's final, keys in the real order")
    func redundantFinals() throws {
        let json = SyntheticStoreGenerator.store(seed: 3, backbone: .large, benchmark: .search)
        let first = try #require(json.arrayValue?.first?.objectValue)
        #expect(first.keys == ["question", "final_answers_trace", "each_branch", "gold_answer", "probe_freq"])
        let finals = try #require(first["final_answers_trace"]?.arrayValue)
        let branches = try #require(first["each_branch"]?.arrayValue)
        #expect(finals.count == 128)
        #expect(finals == branches.map { $0.arrayValue![2] })
    }

    @Test("intermediate answers are noisy: ERR and partial expressions appear, mostly early")
    func noisyProbes() throws {
        let store = try SyntheticStoreGenerator.replayStore(seed: 0, backbone: .medium, benchmark: .search)
        let stats = StoreStatistics(store)
        let early = try #require(stats.errRate(bucket: 0))
        #expect(early > 0.01)
        #expect(stats.changeRate(bucket: 0)! > stats.changeRate(bucket: 3)!)
        let partial = store.questions.contains { q in q.answers.contains { $0.contains("\\frac{m}{n}") || $0.contains(" + ") } }
        #expect(partial)
    }

    @Test("stronger backbones are more accurate, by one branch and by majority")
    func strengthOrder() throws {
        for bench in SyntheticBenchmark.all {
            let s = SyntheticBackbone.all.map { StoreStatistics(try! SyntheticStoreGenerator.replayStore(seed: 0, backbone: $0, benchmark: bench)) }
            #expect(s[0].singleAccuracy < s[1].singleAccuracy && s[1].singleAccuracy < s[2].singleAccuracy)
            #expect(s[0].majority64Accuracy < s[1].majority64Accuracy && s[1].majority64Accuracy <= s[2].majority64Accuracy)
        }
    }

    @Test("deterministic exp matches the platform's to 1e-13 relative")
    func detExp() {
        for x in stride(from: -30.0, through: 30.0, by: 0.37) {
            let a = DetMath.exp(x), b = Foundation.exp(x)
            #expect(abs(a - b) <= 1e-13 * b)
        }
    }

    @Test("round times are fixed calendar dates")
    func calendar() {
        #expect(RunTime(epochSeconds: 0).compact == "19700101_000000")
        #expect(RunTime(epochSeconds: 1_776_375_856).compact == "20260416_214416")
        #expect(RunTime(epochSeconds: 1_776_375_856).iso == "2026-04-16T21:44:16Z")
        #expect(RunTime.days(year: 2026, month: 4, day: 16) * 86_400 + 21 * 3600 + 44 * 60 + 16 == 1_776_375_856)
    }
}
