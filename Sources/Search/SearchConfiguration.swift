import ControllerHost
import Foundation
import ReplayCore
import Runs

/// Why a search cannot start, or had to stop: one line naming the option or file at fault.
public struct SearchError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Everything a search needs, as a user states it (the CLI's options, later the dashboard's form).
/// `SearchSession(configuration)` checks it against the disk before anything runs.
public struct SearchConfiguration: Sendable, Equatable {
    /// The AutoTTS workspace: the folder holding `code_base/` (and `.workflow_logs/`, made if missing).
    public var workspace: String
    /// Rounds this search makes in all. With `resume`, rounds it archived before count
    /// (nil on resume: the number the interrupted search was started with).
    public var rounds: Int?
    /// The proposer: a shell command run in the workspace (`sh -c`), or a preset name
    /// (`claude`, `codex`, `demo`; see `ProposerPreset`).
    public var proposer: String
    /// `method.py` SPECs, e.g. `OptimalController:beta=0:1:0.1`.
    public var controllers: [String]
    public var backbones: String
    public var benchmarks: String
    /// Replay stores; nil takes the workspace's `code_base/environment`.
    public var stores: String?
    public var seeds: Int
    /// `none`, `all` or `first:K`.
    public var traces: String
    /// Seconds the proposer may run before its process group is stopped.
    public var proposerTimeout: Double
    /// Seconds the whole evaluation of one round may take (nil: no limit).
    public var evalTimeout: Double?
    /// Seconds a configuration may go without finishing a shuffle seed (the host's own limit).
    public var methodTimeout: Double
    /// A prompt template file (`{{name}}` placeholders, see `PromptTemplate`); nil: the built-in one.
    public var promptTemplate: String?
    /// Continue after the last archived round; an unarchived round in progress is redone.
    public var resume: Bool
    /// Python worker processes for the evaluation.
    public var threads: Int
    /// Extra environment for the proposer.
    public var environment: [String: String]

    public static let defaultController = "OptimalController:beta=0:1:0.1"

    public init(workspace: String, rounds: Int?, proposer: String, controllers: [String] = [SearchConfiguration.defaultController],
                backbones: String = "all", benchmarks: String = "all", stores: String? = nil, seeds: Int = 100,
                traces: String = "none", proposerTimeout: Double = 30 * 60, evalTimeout: Double? = nil,
                methodTimeout: Double = HostedRequest.defaultTimeout, promptTemplate: String? = nil, resume: Bool = false,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, environment: [String: String] = [:]) {
        self.workspace = workspace; self.rounds = rounds; self.proposer = proposer; self.controllers = controllers
        self.backbones = backbones; self.benchmarks = benchmarks; self.stores = stores; self.seeds = seeds
        self.traces = traces; self.proposerTimeout = proposerTimeout; self.evalTimeout = evalTimeout
        self.methodTimeout = methodTimeout; self.promptTemplate = promptTemplate; self.resume = resume
        self.threads = threads; self.environment = environment
    }
}

/// Durations as people type them: `90`, `90s`, `30m`, `1h`, `1h30m`, `2.5m`.
public enum DurationText {
    public static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return nil }
        if let plain = Double(t) { return plain > 0 && plain.isFinite ? plain : nil }
        var total = 0.0
        var number = ""
        for c in t {
            if c.isNumber || c == "." { number.append(c); continue }
            guard let v = Double(number) else { return nil }
            switch c {
            case "s": total += v
            case "m": total += v * 60
            case "h": total += v * 3600
            case "d": total += v * 86400
            default: return nil
            }
            number = ""
        }
        guard number.isEmpty, total > 0, total.isFinite else { return nil }
        return total
    }

    /// `1h 30m`, `45s`, `2m 05s`.
    public static func format(_ s: Double) -> String {
        let t = Int(s.rounded())
        if t < 60 { return "\(t)s" }
        if t < 3600 { return String(format: "%dm %02ds", t / 60, t % 60) }
        return String(format: "%dh %02dm", t / 3600, (t % 3600) / 60)
    }
}
