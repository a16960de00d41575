import Foundation
import ReplayCore

/// `ttsdash-bench trace-digests`: prints the digests that `TraceBytesTests` expects, computed by
/// whatever ReplayCore this binary is built with. Built against the previous commit
/// (`scripts/bench-baseline`), it records the old path's bytes; the test then proves the new
/// path writes the same. The synthetic stores and the digest are the test's, line for line.
enum TraceDigests {
    static func run(arguments: [String]) throws {
        var stores = "../shared/autotts/efficient_reasoning_controller/workspace/code_base/environment"
        if let i = arguments.firstIndex(of: "--stores"), i + 1 < arguments.count { stores = arguments[i + 1] }
        let haveReal = FileManager.default.fileExists(atPath: stores)
        for spec in specs {
            for name in ["synth-1", "synth-7"] + (haveReal ? ["Qwen3-4B/aime24", "Qwen3-0.6B/hmmt25"] : []) {
                let store: ReplayStore
                switch name {
                case "synth-1": store = syntheticStore(seed: 1, questions: 12)
                case "synth-7": store = syntheticStore(seed: 7, questions: 9)
                default:
                    let p = name.split(separator: "/")
                    store = try ReplayStore.load(storesDirectory: stores, backbone: String(p[0]), benchmark: String(p[1]))
                }
                let seeds = name.hasPrefix("synth") ? 3 : 2
                let bytes = try traceFile(store, try ControllerSpec.parse(spec), seeds: seeds)
                print("        \"\(name) \(spec)\": \"\(digest(bytes))\",")
            }
        }
    }

    // Keep identical to TraceBytesTests.
    static let specs = [
        "sc:max_samples=8",
        "asc:max_samples=16,threshold=0.95",
        "asc:max_samples=64,threshold=0.5",
        "esc:max_samples=16,window_size=4",
        "pp:num_chains=8,T=3,prune_patience=2,warm_up=1",
        "pp:num_chains=64,T=40,prune_patience=7,warm_up=15",
        "cmc:beta=0,0.3,0.5,1",
    ]

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

    static func traceFile(_ store: ReplayStore, _ configs: [ControllerConfiguration], seeds: Int) throws -> [UInt8] {
        let out = NSTemporaryDirectory() + "ttsdash-tracedigests-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let writer = TraceFileWriter(out: out, stores: [store])
        _ = try Evaluator.run(EvaluationRequest(stores: [store], configurations: configs, seeds: seeds, traceSeeds: seeds),
                              threads: 2, traces: { writer.accept($0) })
        let files = try writer.finish()
        return try Array(Data(contentsOf: URL(fileURLWithPath: files[0])))
    }

    static func digest(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return "\(bytes.count):" + String(h, radix: 16)
    }
}
