import ControllerHost
import Foundation
import ReplayCore

/// Shared command-line plumbing: one-line errors with a fixed exit code, interrupt handling.
enum CLI {
    /// Prints `ttsdash: error: …` on stderr and exits (2 for bad input, as documented).
    static func fail(_ message: String, code: Int32 = 2) -> Never {
        let line = "ttsdash: error: \(message.replacingOccurrences(of: "\n", with: " "))\n"
        FileHandle.standardError.write(line.data(using: .utf8)!)
        exit(code)
    }

    nonisolated(unsafe) private static var interruptHandler: (() -> Void)?
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Runs `handler` on SIGINT/SIGTERM (once; a second signal exits at once).
    static func onInterrupt(_ handler: @escaping () -> Void) {
        interruptHandler = handler
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            var fired = false
            source.setEventHandler {
                if fired { exit(130) }
                fired = true
                interruptHandler?()
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// A one-line progress bar on stderr: done/total question runs, rate and time left.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date.distantPast

    func update(_ p: EvaluationProgress) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        if now.timeIntervalSince(last) < 0.1 && p.completedRuns < p.totalRuns { return }
        last = now
        let width = 30
        let filled = Int(p.fraction * Double(width))
        let rate = p.elapsed > 0 ? Double(p.completedRuns) / p.elapsed : 0
        let left = rate > 0 ? Double(p.totalRuns - p.completedRuns) / rate : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let stats = String(format: "%3.0f%%  %d/%d configs  %.0fk runs/s  %.1fs left ", p.fraction * 100,
                           p.completedConfigurations, p.totalConfigurations, rate / 1000, left)
        let line = "\r" + bar + " " + stats
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }

    func finish() {
        FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
    }
}

/// Progress for logs (stdout is a file or pipe, e.g. under the AutoTTS workflow): one line each
/// time a configuration finishes, flushed at once so a tail shows it.
final class ProgressLines: @unchecked Sendable {
    private let lock = NSLock()
    private var reported = 0

    func update(_ p: EvaluationProgress) {
        lock.lock(); defer { lock.unlock() }
        guard p.completedConfigurations > reported else { return }
        reported = p.completedConfigurations
        let line = String(format: "progress: %d/%d configurations, %d/%d question runs, %.1f s\n",
                          p.completedConfigurations, p.totalConfigurations, p.completedRuns, p.totalRuns, p.elapsed)
        FileHandle.standardOutput.write(line.data(using: .utf8)!)
    }

    /// The reporter `eval` uses: a bar on a terminal, lines otherwise, none when quiet.
    static func reporter(quiet: Bool) -> (bar: ProgressBar?, update: (@Sendable (EvaluationProgress) -> Void)?) {
        if quiet { return (nil, nil) }
        if isatty(2) != 0 {
            let bar = ProgressBar()
            return (bar, { bar.update($0) })
        }
        let lines = ProgressLines()
        return (nil, { lines.update($0) })
    }
}

/// `method.py` configurations that gave no row: one line each on stderr, as the reference
/// prints `Error evaluating <Class>: <message>`, with where it happened.
enum FailureReport {
    static func print(_ failures: [HostedFailure]) {
        for f in failures {
            FileHandle.standardError.write("ttsdash: \(f.message)\n  \(f)\n".data(using: .utf8)!)
        }
    }
}
