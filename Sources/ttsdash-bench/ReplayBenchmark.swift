import Foundation
import ReplayCore

/// The full evaluation matrix of the replay-core issue: 4 backbones x 3 benchmarks x
/// {SC 64; ASC 1..64; ESC 16,32,64; Parallel-Probe 1..64; CMC β 0..1 step 0.1} x 100 seeds,
/// traces off. Prints wall time, CPU time, evaluations per second and peak memory.
enum ReplayBenchmark {
    static let matrix = [
        "sc:max_samples=64",
        "asc:max_samples=1,4,8,16,32,64,threshold=0.95",
        "esc:max_samples=16,32,64,window_size=8",
        "pp:num_chains=1,4,8,16,32,64,T=40,prune_patience=7,warm_up=15",
        "cmc:beta=0:1:0.1",
    ]

    static func run(arguments: [String]) throws {
        var stores = "../shared/autotts/efficient_reasoning_controller/workspace/code_base/environment"
        var seeds = 100
        var traceSweep = true
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--stores": i += 1; stores = arguments[i]
            case "--seeds": i += 1; seeds = Int(arguments[i]) ?? seeds
            case "--no-trace-sweep": traceSweep = false
            default: break
            }
            i += 1
        }
        guard FileManager.default.fileExists(atPath: stores) else {
            print("replay benchmark skipped: no replay stores at \(stores)")
            return
        }
        let configs = try matrix.flatMap { try ControllerSpec.parse($0) }
        let t0 = Date(), c0 = cpuSeconds()
        let keys = ReplayStore.catalog(storesDirectory: stores).flatMap { e in e.benchmarks.map { (backbone: e.backbone, benchmark: $0) } }
        let loaded = try ReplayStore.loadAll(storesDirectory: stores, keys: keys)
        let t1 = Date(), c1 = cpuSeconds()
        let request = EvaluationRequest(stores: loaded, configurations: configs, seeds: seeds)
        let results = try Evaluator.run(request)
        let t2 = Date(), c2 = cpuSeconds()
        let evaluations = loaded.count * configs.count
        let wall = t2.timeIntervalSince(t1)
        print("replay matrix: \(loaded.count) stores x \(configs.count) configurations x \(seeds) seeds = \(request.totalRuns) question runs")
        print(String(format: "  load stores:   %.3f s wall, %.3f s CPU", t1.timeIntervalSince(t0), c1 - c0))
        print(String(format: "  evaluate:      %.3f s wall, %.3f s CPU (%d threads)", wall, c2 - c1, ProcessInfo.processInfo.activeProcessorCount))
        print(String(format: "  total:         %.3f s wall", t2.timeIntervalSince(t0)))
        print(String(format: "  rate:          %.1f configuration evaluations/s (100 seeds each), %.0f question runs/s", Double(evaluations) / wall, Double(request.totalRuns) / wall))
        print(String(format: "  peak memory:   %.1f MB", peakMemoryMB()))
        print("  reference:     about 2660 CPU-seconds for this matrix; speed-up vs CPU time: \(Int(2660 / max(c2 - c0, 1e-9)))x")
        _ = results

        if traceSweep {
            // Traces for one full configuration sweep: CMC β 0..1 on one store, all seeds.
            let out = NSTemporaryDirectory() + "ttsdash-bench-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: out) }
            let store = loaded.first { $0.backbone == "Qwen3-4B" && $0.benchmark == "aime24" } ?? loaded[0]
            let sweep = try ControllerSpec.parse("cmc:beta=0:1:0.1")
            let writer = TraceFileWriter(out: out, stores: [store])
            let t3 = Date()
            let r = try Evaluator.run(EvaluationRequest(stores: [store], configurations: sweep, seeds: seeds, traceSeeds: seeds),
                                      traces: { writer.accept($0) })
            _ = try ResultFiles.writeCSVs(r, out: out)
            let files = try writer.finish()
            let t4 = Date()
            let size = ((try? FileManager.default.attributesOfItem(atPath: files[0]))?[.size] as? NSNumber)?.uint64Value ?? 0
            print(String(format: "trace sweep: CMC β 0..1 (11 configurations) on %@/%@, %d seeds, traces on: %.2f s wall, %.0f MB of trace rows",
                         store.backbone, store.benchmark, seeds, t4.timeIntervalSince(t3), Double(size) / 1e6))
            print(String(format: "  peak memory:   %.1f MB", peakMemoryMB()))
        }
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}
