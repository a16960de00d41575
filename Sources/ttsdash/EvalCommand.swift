import ArgumentParser
import ControllerHost
import Foundation
import Presentation
import ReplayCore
import Runs

/// `ttsdash eval`: replay controllers against replay stores and write the reference's result files.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate controllers on replay stores (no model calls) and write result CSVs and traces.",
        discussion: """
        SPEC is a controller and its parameters: sc:max_samples=64, asc:max_samples=64,threshold=0.95, esc:max_samples=64,window_size=8, pp:num_chains=64,T=40,prune_patience=7,warm_up=15, cmc:beta=0.5. A value may be a grid start:stop:step (cmc:beta=0:1:0.1) or a list (asc:max_samples=1,4,8,16); several varying parameters give their cross product. Unspecified parameters take the reference values.

        With --method FILE, each SPEC names a class of that method.py (by class name or its NAME) and the config dict to build it with: OptimalController:beta=0:1:0.1 gives OptimalController(config={'beta': 0.0}) ... {'beta': 1.0}. It runs in python3 worker processes (numpy and scipy needed) exactly as the AutoTTS evaluator runs it. A configuration that raises or times out is reported and gets no row; the others are written, and the exit code is 1.

        As the AutoTTS workflow's evaluator (WORKFLOW_EVAL_CMD, run in the workspace folder):
          ttsdash eval --method code_base/method.py --controller OptimalController:beta=0:1:0.1 --stores code_base/environment --benchmark aime24 --traces all --out code_base/training_results --force
        """)

    @Option(name: .long, help: "Folder of replay stores, <backbone>/<benchmark>.json (with --as-round: default the run's code_base/environment).")
    var stores: String?

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

    @Option(name: .long, help: "Output folder (matrix_results_<backbone>/<benchmark>_raw_new_api.csv); with --as-round, the run the new round joins.")
    var out: String

    @Option(name: .customLong("as-round"), help: ArgumentHelp("Write the results as a new round of the run at --out: a round id (r0012, r0012_sweep), a label (cmc-sweep, becomes r<next>_cmc-sweep), or 'auto' (r<next>_<date>_<time>_<hex>). An existing round is never overwritten.", valueName: "NAME"))
    var asRound: String?

    @Option(name: .long, help: ArgumentHelp("A round's method.py: the SPECs name its classes (OptimalController:beta=0:1:0.1).", valueName: "FILE"))
    var method: String?

    @Option(name: .customLong("method-timeout"), help: ArgumentHelp("With --method: stop a configuration that finishes no shuffle seed's questions for this long.", valueName: "SECONDS"))
    var methodTimeout: Double = HostedRequest.defaultTimeout

    @Option(name: .customLong("held-out-of"), help: ArgumentHelp("Evaluate this round of the run at --out on the held-out stores (default: the run's test_environment), its own controller and recorded configurations unless --method / --controller say otherwise; results go to eval/test_results/<round id>/, tied to the round.", valueName: "ROUND"))
    var heldOutOf: String?

    @Option(name: .long, help: "Worker threads, or Python worker processes with --method (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Write into a non-empty --out folder, replacing the result files of the same names.")
    var force = false

    @Flag(name: .long, help: "No progress bar and no summary table.")
    var quiet = false

    func run() throws {
        if let heldOutOf { runHeldOut(heldOutOf) }
        if let asRound { runAsRound(asRound) }
        guard let stores else { CLI.fail("--stores is required (or --as-round NAME to evaluate into a run, with its own stores)") }
        let plan: EvaluationPlan
        do {
            plan = try EvaluationPlan.make(stores: stores, backbones: backbone, benchmarks: benchmark,
                                           controllers: controllers, seeds: seeds, traces: traces,
                                           method: method, methodTimeout: methodTimeout)
        } catch {
            CLI.fail(error.description)
        }
        // Results are never replaced by surprise (a second run with one configuration would
        // silently swap a four-row CSV for a one-row one).
        if !force, let names = try? FileManager.default.contentsOfDirectory(atPath: out), names.contains(where: { !$0.hasPrefix(".") }) {
            CLI.fail("\(out): the folder is not empty; nothing was written. Choose an empty or new --out, or pass --force to replace its result files")
        }
        do {
            try AtomicFile.makeDirectory(out)
        } catch {
            CLI.fail("\(error)")
        }
        let loaded: [ReplayStore]
        do {
            loaded = try ReplayStore.loadAll(storesDirectory: stores, keys: plan.storeKeys)
        } catch {
            CLI.fail("\(error)")
        }
        for note in plan.capNotes(stores: loaded) { FileHandle.standardError.write("ttsdash: note: \(note)\n".data(using: .utf8)!) }
        let (bar, onProgress) = ProgressLines.reporter(quiet: quiet)
        let interrupted = CancellationFlag()
        CLI.onInterrupt { interrupted.cancel() }
        let started = Date()
        do {
            let outcome = try EvaluationRun.execute(plan, stores: loaded, storesDirectory: stores, out: out, threads: threads,
                                                    cancel: interrupted, progress: onProgress)
            bar?.finish()
            if !quiet {
                print(SummaryTable.render(outcome.results))
                let elapsed = Date().timeIntervalSince(started)
                let seconds = String(format: "%.2f", elapsed)
                let files = outcome.files.count == 1 ? "1 file" : "\(outcome.files.count) files"
                print("\(plan.configurationCount) configurations x \(loaded.count) stores x \(seeds) seeds in \(seconds) s; wrote \(files) under \(out)")
            }
            FailureReport.print(outcome.failures)
            if !outcome.failures.isEmpty {
                CLI.fail("\(outcome.failures.count) of \(plan.configurationCount * loaded.count) configurations gave no row (above)", code: 1)
            }
        } catch is EvaluationCancelled {
            bar?.finish()
            CLI.fail("interrupted: no result files written", code: 130)
        } catch {
            bar?.finish()
            CLI.fail("\(error)")
        }
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
            let labels = rows.map { $0.row.label }
            let width = max(13, labels.map(\.count).max() ?? 0)
            out.append("")
            out.append(key)
            out.append("configuration".padding(toLength: width, withPad: " ", startingAt: 0) + "      Acc       Cost")
            for (r, label) in zip(rows, labels) {
                let acc = String(format: "%7.2f", r.acc)
                let cost = NumberText.cost(Double(r.cost)).leftPadded(10)
                out.append(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + acc + " " + cost)
            }
        }
        return out.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
