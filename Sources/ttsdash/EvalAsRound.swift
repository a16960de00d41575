import Foundation
import ReplayCore
import Runs

extension EvalCommand {
    /// `eval --out RUN --as-round NAME`: evaluate into a new round of RUN, staged in a hidden
    /// folder and renamed into place when complete (never a partial round, never an overwrite).
    func runAsRound(_ name: String) -> Never {
        launch(LaunchRequest(run: out, stores: stores, backbones: backbone, benchmarks: benchmark,
                             controllers: controllers, seeds: seeds, traces: traces, roundName: name,
                             clash: .refuse, threads: max(1, threads), method: method, methodTimeout: methodTimeout))
    }

    /// `eval --out RUN --held-out-of R`: round R's controller (its method.py, else the built-ins
    /// its rows name) and recorded configurations on the held-out stores, into eval/test_results/<R>/.
    func runHeldOut(_ name: String) -> Never {
        let run = RunCLI.load(out)
        guard let round = run.round(named: name), round.kind == .archived || round.kind == .live else {
            RunCLI.fail("--held-out-of \(name): no such round in \(out) (rounds: \(run.rounds.filter { $0.kind != .heldOut }.map(\.shortName).joined(separator: ", ")))")
        }
        let specs = controllers.isEmpty ? (round.recordedSpecs ?? []) : controllers
        guard !specs.isEmpty else { RunCLI.fail("--held-out-of \(name): the round's rows name no configuration to run; give --controller") }
        let methodFile = method ?? (controllers.isEmpty ? round.ownController : nil)
        launch(LaunchRequest(run: out, stores: stores, backbones: backbone, benchmarks: benchmark,
                             controllers: specs, seeds: seeds, traces: traces, roundName: nil,
                             clash: .refuse, threads: max(1, threads), method: methodFile, methodTimeout: methodTimeout,
                             heldOutOf: round.id))
    }

    func launch(_ request: LaunchRequest) -> Never {
        let prepared: PreparedLaunch
        do { prepared = try RoundLauncher.prepare(request) } catch { CLI.fail(error.description) }
        let (bar, onProgress) = ProgressLines.reporter(quiet: quiet)
        let interrupted = CancellationFlag()
        CLI.onInterrupt { interrupted.cancel() }
        do {
            let outcome = try RoundLauncher.run(prepared, cancel: interrupted, progress: onProgress)
            bar?.finish()
            if !quiet {
                print(SummaryTable.render(outcome.results))
                let seconds = String(format: "%.2f", outcome.seconds)
                print("\(prepared.plan.configurationCount) configurations x \(prepared.plan.storeKeys.count) stores x \(seeds) seeds in \(seconds) s")
            }
            print(request.heldOutOf == nil ? "new round \(outcome.roundID) at \(outcome.roundPath)"
                                           : "held-out evaluation of \(outcome.roundID) at \(outcome.roundPath)")
            FailureReport.print(outcome.failures)
            Foundation.exit(outcome.failures.isEmpty ? 0 : 1)
        } catch is EvaluationCancelled {
            bar?.finish()
            CLI.fail("interrupted: no round written", code: 130)
        } catch {
            bar?.finish()
            CLI.fail("\(error)")
        }
    }
}
