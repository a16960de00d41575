import Foundation
import ReplayCore

/// The trace-bytes regression fixture: synthetic stores whose answers exercise every escape of
/// the JSON writer, the controller specs, the trace file an evaluation writes and its digest.
///
/// One file compiled into two targets: here (`ttsdash-bench trace-digests` prints the digests of
/// whatever ReplayCore it is built with, also an older commit's via `scripts/bench-baseline`, so
/// it may use only long-standing ReplayCore API) and into ReplayCoreTests through a link
/// (`TraceBytesTests` checks those digests).
enum TraceFixture {
    static let specs = [
        "sc:max_samples=8",
        "asc:max_samples=16,threshold=0.95",
        "asc:max_samples=64,threshold=0.5",
        "esc:max_samples=16,window_size=4",
        "pp:num_chains=8,T=3,prune_patience=2,warm_up=1",
        "pp:num_chains=64,T=40,prune_patience=7,warm_up=15",
        "cmc:beta=0,0.3,0.5,1",
    ]

    /// The synthetic stores by name, with their shuffle seeds per configuration.
    static let syntheticStores: [(name: String, seed: UInt64, questions: Int)] = [("synth-1", 1, 12), ("synth-7", 7, 9)]
    static let syntheticSeeds = 3
    /// The real stores (from ../shared/autotts), with their seeds.
    static let realStores = ["Qwen3-4B/aime24", "Qwen3-0.6B/hmmt25"]
    static let realSeeds = 2

    /// A synthetic store whose answers exercise every escape of the JSON writer.
    static func syntheticStore(seed: UInt64, questions: Int) -> ReplayStore {
        var rng = SplitMix(seed: seed)
        let pool = ["42", "\\frac{1}{2}", "a\"b", "tab\there", "line\nbreak", "\u{01}ctl", "é", "日本", "😀", "x/y", "", "0.5",
                    "\u{7F}del", "\u{2028}"]
        var qs: [ReplayQuestion] = []
        for q in 0..<questions {
            let branches = 4 + Int(rng.next() % 60)
            let probeFreq = 1 + Int(rng.next() % 300)
            var bs: [(probes: [String], tokens: Int, final: String)] = []
            for _ in 0..<branches {
                let n = Int(rng.next() % 12)
                let probes = (0..<n).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
                let tokens = Int(rng.next() % UInt64(probeFreq * (n + 2) + 1))
                bs.append((probes, tokens, pool[Int(rng.next() % 5)]))
            }
            qs.append(ReplayQuestion(text: "q\(q)", gold: pool[Int(rng.next() % 3)], probeFreq: probeFreq, branches: bs))
        }
        return ReplayStore(backbone: "Synth-\(seed)", benchmark: "bench\"\(seed)", path: "mem", questions: qs)
    }

    /// The trace file an evaluation writes, through `TraceFileWriter` (spill, order, rename).
    static func traceFile(_ store: ReplayStore, _ configs: [ControllerConfiguration], seeds: Int, traceSeeds: Int? = nil, threads: Int = 2) throws -> [UInt8] {
        let out = NSTemporaryDirectory() + "ttsdash-tracefixture-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let writer = TraceFileWriter(out: out, stores: [store])
        _ = try Evaluator.run(EvaluationRequest(stores: [store], configurations: configs, seeds: seeds, traceSeeds: traceSeeds ?? seeds),
                              threads: threads, traces: { writer.accept($0) })
        let files = try writer.finish()
        return try Array(Data(contentsOf: URL(fileURLWithPath: files[0])))
    }

    /// FNV-1a, 64 bits, with the length: enough to catch any change of a regression fixture.
    static func digest(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return "\(bytes.count):" + String(h, radix: 16)
    }
}

/// A small repeatable generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
