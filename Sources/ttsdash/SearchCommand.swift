import ArgumentParser
import Foundation
import ReplayCore
import Search
import Synchronization

/// `ttsdash search WORKSPACE --rounds N --proposer CMD`: the discovery loop, headless.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Run a controller discovery search on a workspace: propose, evaluate, archive, N rounds.",
        discussion: """
        Per round: a round id r<NNNN>_<date>_<time>_<hex>; .workflow_logs/<round>/rendered_prompt.txt; the proposer \
        run in the workspace (sh -c) with the prompt on stdin and in TTSDASH_PROMPT (also TTSDASH_ROUND_ID, \
        TTSDASH_METHOD, TTSDASH_HISTORY, TTSDASH_PROMPT_FILE, TTSDASH_FINAL_RESULT_FILE, ...), its output kept as the \
        round's transcript and its last message as proposal_result.json's final_result; code_base/method.py evaluated \
        by the embedded host into code_base/training_results/ backbone by backbone (progress in \
        .workflow_logs/search_eval.log); the round archived in code_base/history/<round>/ with its index row \
        (eval_returncode non-zero when the proposal does not import, raises or times out; the search goes on). \
        A workflow_summary_*.json is written when every round is archived.

        --proposer takes a shell command or a preset: claude (Claude Code: claude -p --output-format stream-json \
        --verbose --permission-mode acceptEdits), codex (codex exec --json --full-auto --skip-git-repo-check -o \
        $TTSDASH_FINAL_RESULT_FILE -), demo (ttsdash demo-proposer: offline, deterministic).

        Ctrl-C or SIGTERM stops the proposer's process group and the evaluator; the round in progress is left \
        unarchived and --resume redoes it. Watch it: ttsdash open WORKSPACE --eval-log WORKSPACE/.workflow_logs/search_eval.log
        """)

    @Argument(help: "The AutoTTS workspace (the folder holding code_base/ and .workflow_logs/).")
    var workspace: String

    @Option(name: .long, help: "Rounds the search makes in all (with --resume: default the interrupted search's number).")
    var rounds: Int?

    @Option(name: .long, help: "The proposer: a shell command run in the workspace, or claude, codex, demo.")
    var proposer: String

    @Option(name: .customLong("controller"), help: "The method.py SPEC evaluated each round (repeatable).")
    var controllers: [String] = []

    @Option(name: .long, help: "Backbones, comma-separated, or 'all'.")
    var backbone: String = "all"

    @Option(name: .long, help: "Benchmarks, comma-separated, or 'all'.")
    var benchmark: String = "all"

    @Option(name: .long, help: "Replay stores (default: the workspace's code_base/environment).")
    var stores: String?

    @Option(name: .long, help: "Shuffle seeds 0..<N per configuration.")
    var seeds: Int = 100

    @Option(name: .long, help: "Trace rows to keep: none, all, or first:K.")
    var traces: String = "none"

    @Flag(name: .long, help: "Continue after the last archived round; an unarchived round in progress is done again.")
    var resume = false

    @Option(name: .customLong("proposer-timeout"), help: ArgumentHelp("Stop the proposer after this long (90s, 30m, 1h).", valueName: "DURATION"))
    var proposerTimeout: String = "30m"

    @Option(name: .customLong("eval-timeout"), help: ArgumentHelp("Stop a round's evaluation after this long (eval_returncode 124). Default: none.", valueName: "DURATION"))
    var evalTimeout: String?

    @Option(name: .customLong("method-timeout"), help: ArgumentHelp("Stop a configuration that finishes no shuffle seed for this long.", valueName: "DURATION"))
    var methodTimeout: String = "300s"

    @Option(name: .customLong("prompt-template"), help: ArgumentHelp("A prompt template file with {{round_id}}, {{history_summary}}, {{summary_files}}, ... placeholders.", valueName: "FILE"))
    var promptTemplate: String?

    @Option(name: .long, help: "Python worker processes for the evaluation (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Only the one-line phase changes, no progress.")
    var quiet = false

    func run() throws {
        func duration(_ text: String, _ option: String) -> Double {
            guard let s = DurationText.seconds(text) else { CLI.fail("\(option) \(text): expected a duration such as 90s, 30m, 1h") }
            return s
        }
        let config = SearchConfiguration(
            workspace: workspace, rounds: rounds, proposer: proposer,
            controllers: controllers.isEmpty ? [SearchConfiguration.defaultController] : controllers,
            backbones: backbone, benchmarks: benchmark, stores: stores, seeds: seeds, traces: traces,
            proposerTimeout: duration(proposerTimeout, "--proposer-timeout"),
            evalTimeout: evalTimeout.map { duration($0, "--eval-timeout") },
            methodTimeout: duration(methodTimeout, "--method-timeout"),
            promptTemplate: promptTemplate, resume: resume, threads: max(1, threads))
        let session: SearchSession
        do { session = try SearchSession(config, ttsdashExecutable: Self.executablePath) } catch { CLI.fail(error.description) }
        Self.onSignals(
            first: {
                FileHandle.standardError.write("ttsdash: stopping the search (the round in progress stays unarchived; --resume redoes it)\n".data(using: .utf8)!)
                session.cancel()
            },
            second: {
                session.forceStop()
                FileHandle.standardError.write("ttsdash: stopped at once (proposer killed)\n".data(using: .utf8)!)
                Foundation.exit(130)
            })
        let printer = SearchPrinter(quiet: quiet, workspace: session.workspace)
        let outcome: SearchOutcome
        do { outcome = try session.run(events: { printer.print($0) }) } catch { CLI.fail(error.description, code: 1) }
        switch outcome.end {
        case .completed:
            let failed = outcome.rounds.filter { $0.returnCode != 0 }.count
            print("search finished: \(outcome.rounds.count) rounds archived by this run\(failed > 0 ? ", \(failed) with a non-zero eval_returncode" : "")")
            Foundation.exit(0)
        case .cancelled(let id):
            CLI.fail("interrupted\(id.map { ": round \($0) left unarchived; --resume redoes it" } ?? "")", code: 130)
        }
    }

    nonisolated(unsafe) static var signalSources: [DispatchSourceSignal] = []

    /// SIGINT/SIGTERM: the first stops the search cleanly; a second kills the proposer's group and exits.
    static func onSignals(first: @escaping @Sendable () -> Void, second: @escaping @Sendable () -> Void) {
        let count = Mutex<Int>(0)
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                let n = count.withLock { $0 += 1; return $0 }
                if n == 1 { first() } else { second() }
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// This binary, for the `demo` preset.
    static var executablePath: String? {
        if let exe = Bundle.main.executablePath { return exe }
        return CommandLine.arguments.first
    }
}

/// One line per event on stdout, flushed (a tail or a test reads it as it comes).
final class SearchPrinter: @unchecked Sendable {
    let quiet: Bool
    let workspace: SearchWorkspace
    private let lock = NSLock()
    private var lastProgress: [String: Int] = [:]

    init(quiet: Bool, workspace: SearchWorkspace) { self.quiet = quiet; self.workspace = workspace }

    func print(_ event: SearchEvent) {
        var line: String? = nil
        switch event {
        case .started(let first, let rounds, let done, let resumed):
            line = "search: \(rounds) rounds from r\(String(format: "%04d", first))\(resumed ? ", resumed with \(done) archived" : "")"
        case .roundStarted(let info):
            line = "[\(info.step)/\(info.of)] \(info.roundID)\(info.redo ? " (again: left unarchived before)" : "")"
        case .phase(let id, let phase):
            line = "\(id): \(phase)"
        case .proposerFinished(let id, let exit):
            line = "\(id): proposer exited \(exit.returnCode)\(exit.timedOut ? " (timed out)" : "") after \(String(format: "%.1f", exit.seconds)) s"
        case .evaluationProgress(let id, let bb, let p):
            guard !quiet else { return }
            lock.lock()
            let key = id + bb
            let shouldPrint = p.completedConfigurations > (lastProgress[key] ?? 0)
            if shouldPrint { lastProgress[key] = p.completedConfigurations }
            lock.unlock()
            if shouldPrint { line = "\(id): \(bb) \(p.completedConfigurations)/\(p.totalConfigurations) configurations" }
        case .backboneEvaluated(let id, let bb, let rows, let failures):
            line = "\(id): \(bb) results in (\(rows) rows\(failures.isEmpty ? "" : ", \(failures.count) failed"))"
            for f in failures { line! += "\n  \(f)" }
        case .roundArchived(let o):
            line = "\(o.roundID): archived in \(workspace.relative(o.path)), eval_returncode \(o.returnCode), \(String(format: "%.1f", o.seconds)) s (proposer \(String(format: "%.1f", o.proposerSeconds)) s, evaluation \(String(format: "%.1f", o.evaluationSeconds)) s)"
            if let e = o.error { line! += "\n  \(e)" }
        case .note(let text):
            line = "note: \(text)"
        case .finished(let path):
            line = "workflow summary: \(workspace.relative(path))"
        }
        if let line {
            FileHandle.standardOutput.write((line + "\n").data(using: .utf8)!)
        }
    }
}
