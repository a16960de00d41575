import ArgumentParser
import Foundation
import ReplayCore

/// `ttsdash eval`: replay controllers against replay stores and write the reference's result files.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate controllers on replay stores (no model calls) and write result CSVs and traces.",
        discussion: """
        SPEC is a controller and its parameters: sc:max_samples=64, asc:max_samples=64,threshold=0.95, esc:max_samples=64,window_size=8, pp:num_chains=64,T=40,prune_patience=7,warm_up=15, cmc:beta=0.5. A value may be a grid start:stop:step (cmc:beta=0:1:0.1) or a list (asc:max_samples=1,4,8,16); several varying parameters give their cross product. Unspecified parameters take the reference values.
        """)

    @Option(name: .long, help: "Folder of replay stores, <backbone>/<benchmark>.json.")
    var stores: String

    @Option(name: .long, help: "Backbones, comma-separated, or 'all'.")
    var backbone: String = "all"

    @Option(name: .long, help: "Benchmarks, comma-separated, or 'all'.")
    var benchmark: String = "all"

    @Option(name: .customLong("controller"), help: "A controller SPEC (repeatable).")
    var controllers: [String] = []

    @Option(name: .long, help: "Shuffle seeds 0..<N.")
    var seeds: Int = 100

    @Option(name: .long, help: "Trace rows to keep: none, all, or first:K (seeds 0..<K).")
    var traces: String = "none"

    @Option(name: .long, help: "Output folder (matrix_results_<backbone>/<benchmark>_raw_new_api.csv).")
    var out: String

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "No progress bar and no summary table.")
    var quiet = false

    func run() throws {
        let plan: EvaluationPlan
        do {
            plan = try EvaluationPlan.make(stores: stores, backbones: backbone, benchmarks: benchmark,
                                           controllers: controllers, seeds: seeds, traces: traces)
        } catch let error as PlanError {
            CLI.fail(error.description)
        }
        do {
            try AtomicFile.makeDirectory(out)
        } catch {
            CLI.fail("\(error)")
        }
        let loaded: [ReplayStore]
        do {
            loaded = try ReplayStore.loadAll(storesDirectory: stores, keys: plan.storeKeys.map { (backbone: $0.0, benchmark: $0.1) })
        } catch {
            CLI.fail("\(error)")
        }
        let request = EvaluationRequest(stores: loaded, configurations: plan.configurations, seeds: seeds, traceSeeds: plan.traceSeeds)
        let bar = (!quiet && isatty(2) != 0) ? ProgressBar() : nil
        let traceWriter = plan.traceSeeds > 0 ? TraceFileWriter(out: out, stores: loaded) : nil
        let interrupted = CancellationFlag()
        CLI.onInterrupt { interrupted.cancel() }
        let started = Date()
        let results: [ConfigurationResult]
        do {
            var onProgress: (@Sendable (EvaluationProgress) -> Void)? = nil
            if let bar { onProgress = { bar.update($0) } }
            var onTrace: (@Sendable (TraceChunk) -> Void)? = nil
            if let traceWriter { onTrace = { traceWriter.accept($0) } }
            results = try Evaluator.run(request, threads: max(1, threads), cancel: interrupted,
                                        progress: onProgress, traces: onTrace)
            bar?.finish()
            var written = try ResultFiles.writeCSVs(results, out: out)
            if let traceWriter { written += try traceWriter.finish() }
            if !quiet {
                print(SummaryTable.render(results))
                let elapsed = Date().timeIntervalSince(started)
                let seconds = String(format: "%.2f", elapsed)
                print("\(plan.configurations.count) configurations x \(loaded.count) stores x \(seeds) seeds in \(seconds) s; wrote \(written.count) files under \(out)")
            }
        } catch is EvaluationCancelled {
            bar?.finish()
            traceWriter?.discard()
            CLI.fail("interrupted: no result files written", code: 130)
        } catch {
            bar?.finish()
            traceWriter?.discard()
            CLI.fail("\(error)")
        }
    }
}

struct PlanError: Error, CustomStringConvertible {
    let description: String
}

/// A validated `eval` request: which stores, which configurations, which trace seeds.
struct EvaluationPlan {
    var storeKeys: [(String, String)]
    var configurations: [ControllerConfiguration]
    var traceSeeds: Int

    static func make(stores: String, backbones: String, benchmarks: String, controllers: [String],
                     seeds: Int, traces: String) throws -> EvaluationPlan {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: stores, isDirectory: &isDir), isDir.boolValue else {
            throw PlanError(description: "\(stores): --stores is not a folder")
        }
        let catalog = ReplayStore.catalog(storesDirectory: stores)
        if catalog.isEmpty { throw PlanError(description: "\(stores): no replay stores (<backbone>/<benchmark>.json) found") }
        let allBackbones = catalog.map(\.backbone)
        let wantedBackbones = backbones == "all" ? allBackbones : backbones.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        var keys: [(String, String)] = []
        for b in wantedBackbones {
            guard let entry = catalog.first(where: { $0.backbone == b }) else {
                throw PlanError(description: "\(stores): no backbone '\(b)' (found: \(allBackbones.joined(separator: ", ")))")
            }
            let wanted = benchmarks == "all" ? entry.benchmarks : benchmarks.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            for d in wanted {
                guard entry.benchmarks.contains(d) else {
                    throw PlanError(description: "\(stores)/\(b): no benchmark '\(d)' (found: \(entry.benchmarks.joined(separator: ", ")))")
                }
                keys.append((b, d))
            }
        }
        if controllers.isEmpty { throw PlanError(description: "no --controller given (e.g. --controller cmc:beta=0:1:0.1)") }
        var configs: [ControllerConfiguration] = []
        for spec in controllers {
            do {
                for c in try ControllerSpec.parse(spec) where !configs.contains(c) { configs.append(c) }
            } catch {
                throw PlanError(description: error.description)
            }
        }
        guard seeds >= 1 && seeds <= 100_000 else { throw PlanError(description: "--seeds \(seeds): expected 1 to 100000") }
        let traceSeeds: Int
        switch traces {
        case "none": traceSeeds = 0
        case "all": traceSeeds = seeds
        default:
            guard traces.hasPrefix("first:"), let k = Int(traces.dropFirst(6)), k >= 0 else {
                throw PlanError(description: "--traces \(traces): expected none, all or first:K")
            }
            traceSeeds = min(k, seeds)
        }
        return EvaluationPlan(storeKeys: keys, configurations: configs, traceSeeds: traceSeeds)
    }
}

/// The table `eval` prints when done: per backbone and benchmark, each configuration's Acc and Cost.
enum SummaryTable {
    static func render(_ results: [ConfigurationResult]) -> String {
        var out: [String] = []
        var groups: [(String, [ConfigurationResult])] = []
        for r in results {
            let key = "\(r.backbone) / \(r.benchmark)"
            if let i = groups.firstIndex(where: { $0.0 == key }) { groups[i].1.append(r) } else { groups.append((key, [r])) }
        }
        for (key, rows) in groups {
            let labels = rows.map { $0.configuration.spec }
            let width = max(13, labels.map(\.count).max() ?? 0)
            out.append("")
            out.append(key)
            out.append("configuration".padding(toLength: width, withPad: " ", startingAt: 0) + "      Acc       Cost")
            for (r, label) in zip(rows, labels) {
                let acc = String(format: "%7.2f", r.acc)
                let cost = String(r.cost).leftPadded(10)
                out.append(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + acc + " " + cost)
            }
        }
        return out.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
