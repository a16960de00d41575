import Foundation
import ReplayCore
import Runs

extension EvalCommand {
    /// `eval --out RUN --as-round NAME`: evaluate into a new round of RUN, staged in a hidden
    /// folder and renamed into place when complete (never a partial round, never an overwrite).
    func runAsRound(_ name: String) -> Never {
        let request = LaunchRequest(run: out, stores: stores, backbones: backbone, benchmarks: benchmark,
                                    controllers: controllers, seeds: seeds, traces: traces, roundName: name,
                                    clash: .refuse, threads: max(1, threads), method: method, methodTimeout: methodTimeout)
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
            print("new round \(outcome.roundID) at \(outcome.roundPath)")
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
