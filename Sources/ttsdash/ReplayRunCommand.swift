import ArgumentParser
import Foundation
import Runs

/// `ttsdash replay-run RUN --out DIR [--speed 60x] [--max-gap S]`: writes a recorded run's files
/// into a new folder in the order and at the pace its records imply, so the dashboard's live
/// view can be watched (and tested) without a real search.
struct ReplayRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay-run",
        abstract: "Replay a recorded run into a new folder at the pace its own records imply.",
        discussion: """
        Rounds start, propose, receive results backbone by backbone and are archived when their records say, \
        compressed by --speed. Every file is written atomically (a reader never sees half of one); an archived round \
        folder appears whole. --out must be absent or empty. Open the folder with 'ttsdash OUT' while it runs.
        """)

    @Argument(help: "The run to replay (any folder inside it).")
    var runFolder: String

    @Option(name: .long, help: "The new folder to write into (absent or empty).")
    var out: String

    @Option(name: .long, help: "How much faster than recorded: 60x, 600, 1x, or max (no waiting).")
    var speed: String = "60x"

    @Option(name: .long, help: "Longest wait between two steps, in seconds (keeps demos short).")
    var maxGap: Double?

    @Flag(name: .long, help: "Print the plan with its times and write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Print only errors.")
    var quiet = false

    func run() throws {
        guard let factor = Self.parseSpeed(speed) else { CLI.fail("--speed: '\(speed)' is not a speed (use e.g. 60x, 600, 1x or max)") }
        if let g = maxGap, !(g >= 0) { CLI.fail("--max-gap: must be zero or more seconds") }
        guard FileManager.default.fileExists(atPath: runFolder) else { CLI.fail("\(runFolder): no such folder") }
        let plan: ReplayPlan
        do { plan = try ReplayPlan.make(path: runFolder) } catch { CLI.fail(error.description) }
        if !dryRun {
            do { try RunReplayer.prepare(destination: out) } catch { CLI.fail(error.description) }
        }
        let offsets = plan.wallOffsets(speed: factor, maxGap: maxGap)
        let total = offsets.last ?? 0
        let speedText = factor.isInfinite ? "as fast as possible" : "at \(Self.format(factor))x"
        say("replaying \(plan.source) into \(out): \(plan.steps.count) steps, \(Self.clock(plan.steps.last?.at ?? 0)) of run time \(speedText)"
            + (maxGap.map { ", waits capped at \(Self.format($0)) s" } ?? "") + " -> about \(Self.clock(total)) wall time")
        say("times: \(plan.clockNote)")
        if dryRun {
            for (i, step) in plan.steps.enumerated() { print(Self.line(step, wall: offsets[i], verbose: true)) }
            return
        }
        let stop = StopFlag()
        CLI.onInterrupt {
            stop.set()
        }
        let replayer = RunReplayer(plan: plan, destination: out)
        do {
            // Waits are sliced so Ctrl-C stops a long wait at once.
            let sleep: (Double) -> Void = { seconds in
                let until = Date().addingTimeInterval(seconds)
                while !stop.isSet, Date() < until { Thread.sleep(forTimeInterval: min(0.1, until.timeIntervalSinceNow)) }
            }
            try replayer.run(speed: factor, maxGap: maxGap, sleep: sleep, shouldStop: { stop.isSet }) { i, wall in
                say(Self.line(plan.steps[i], wall: wall, verbose: false))
            }
        } catch {
            CLI.fail(error.description, code: 1)
        }
        if stop.isSet { CLI.fail("interrupted: \(out) holds the run as far as it was replayed", code: 130) }
        say("done: \(out) now holds the whole run")
    }

    func say(_ s: String) {
        guard !quiet else { return }
        FileHandle.standardOutput.write((s + "\n").data(using: .utf8)!)
    }

    /// `60x`, `60`, `0.5x`, `max`/`inf` (no waiting).
    static func parseSpeed(_ s: String) -> Double? {
        let t = s.lowercased().trimmingCharacters(in: .whitespaces)
        if t == "max" || t == "inf" || t == "instant" { return .infinity }
        let digits = t.hasSuffix("x") ? String(t.dropLast()) : t
        guard let v = Double(digits), v > 0, v.isFinite else { return nil }
        return v
    }

    static func format(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.2g", v) }

    /// `1:02:03` or `2:03.4` for seconds.
    static func clock(_ seconds: Double) -> String {
        let s = max(0, seconds)
        let h = Int(s) / 3600, m = (Int(s) % 3600) / 60
        let rest = s - Double(h * 3600 + m * 60)
        return h > 0 ? String(format: "%d:%02d:%04.1f", h, m, rest) : String(format: "%d:%04.1f", m, rest)
    }

    static func line(_ step: ReplayPlan.Step, wall: Double, verbose: Bool) -> String {
        let head = "[\(clock(wall))] run +\(clock(step.at))  \((step.round ?? "-").padding(toLength: 6, withPad: " ", startingAt: 0)) \(step.what)"
        if verbose || step.operations.count <= 3 {
            return head + step.operations.map { "\n      \($0.summary)" }.joined()
        }
        return head + "\n      " + step.operations.prefix(2).map(\.summary).joined(separator: "\n      ") + "\n      … and \(step.operations.count - 2) more"
    }
}

/// Set from the signal handler, read between steps.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
