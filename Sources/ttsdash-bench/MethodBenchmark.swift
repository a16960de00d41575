import ControllerHost
import Foundation
import ReplayCore

/// A round's own method.py through the controller host: the r0004 β sweep (11 configurations,
/// 100 seeds) on one store, as `ttsdash eval --method` runs it, beside the reference's figure for
/// the same work on this kind of machine (its process pool, one worker per core: 75 s wall);
/// then the on-demand replay the Trace view does (cold, then with the worker warm).
enum MethodBenchmark {
    static func run(arguments: [String]) throws {
        var history = "../shared/autotts/efficient_reasoning_controller/logs/search_history"
        var stores = "../shared/autotts/efficient_reasoning_controller/workspace/code_base/environment"
        var round = "r0004", backbone = "Qwen3-4B", benchmark = "aime24"
        var runs = 1
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--history": i += 1; history = arguments[i]
            case "--stores": i += 1; stores = arguments[i]
            case "--round": i += 1; round = arguments[i]
            case "--backbone": i += 1; backbone = arguments[i]
            case "--runs": i += 1; runs = Int(arguments[i]) ?? runs
            default: break
            }
            i += 1
        }
        let method = "\(history)/\(round)/code_base/method.py"
        guard FileManager.default.fileExists(atPath: method), FileManager.default.fileExists(atPath: stores) else {
            print("method benchmark skipped: no \(method) or no stores at \(stores)")
            return
        }
        let storePath = ReplayStore.path(storesDirectory: stores, backbone: backbone, benchmark: benchmark)
        let count = try ReplayStore.load(path: storePath).questions.count
        let store = HostedStore(backbone: backbone, benchmark: benchmark, path: storePath, questionCount: count)
        let sweep = try HostedConfiguration.parse("OptimalController:beta=0:1:0.1")
        print("method.py host: \(round) OptimalController β 0.0-1.0 (\(sweep.count) configurations) on \(backbone)/\(benchmark), 100 seeds, \(ProcessInfo.processInfo.activeProcessorCount) workers; load \(loadAverage())")
        for r in 1...max(1, runs) {
            let t0 = Date()
            let outcome = try HostedEvaluator.run(HostedRequest(method: method, stores: [store], configurations: sweep, seeds: 100))
            let wall = Date().timeIntervalSince(t0)
            print(String(format: "  run %d: %.2f s wall, %.1f worker CPU-s (%.2f per configuration), %d rows, %d failures; reference 75 s wall: %.1fx",
                         r, wall, outcome.workerCPUSeconds, outcome.workerCPUSeconds / Double(sweep.count), outcome.results.count,
                         outcome.failures.count, 75 / wall))
        }
        let replayer = HostedReplayer()
        defer { replayer.stop() }
        let beta = HostedConfiguration(className: "OptimalController", parameters: [.init(name: "beta", value: .float(0.5))])
        var t0 = Date()
        _ = try replayer.replay(method: method, configuration: beta, store: store, seed: 0, questions: [17])
        let cold = Date().timeIntervalSince(t0)
        var warm: [Double] = []
        for seed in 0..<10 {
            t0 = Date()
            _ = try replayer.replay(method: method, configuration: beta, store: store, seed: seed, questions: [17])
            warm.append(Date().timeIntervalSince(t0))
        }
        t0 = Date()
        let all = try replayer.replay(method: method, configuration: beta, store: store, seed: 3)
        let list = Date().timeIntervalSince(t0)
        warm.sort()
        print(String(format: "  trace replay, β=0.5 question 17: cold %.0f ms (worker start, imports, store); warm median %.0f ms, max %.0f ms over 10 seeds",
                     cold * 1000, warm[warm.count / 2] * 1000, warm.last! * 1000))
        print(String(format: "  trace replay, the 30-question list of seed 3: %.0f ms (%@)", list * 1000, all.order))
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }
}
