import Foundation
import ReplayCore

/// A discovery run as read from disk: its rounds in order, and every problem met while reading.
///
/// A value type: the dashboard keeps it as state and replaces it whole when the watcher reports
/// a change (`RunFingerprint`). Build one with `RunLoader.load(path:)`.
public struct Run: Sendable, Equatable {
    /// The folder the user pointed at, as given.
    public var path: String
    /// Which layouts were recognised, and where their parts are.
    public var layout: RunLayout
    /// Seed baselines first, then archived rounds by index, then the live round, then held-out results.
    public var rounds: [Round]
    /// Every problem found, in the order found.
    public var diagnostics: [Diagnostic]
    /// When this value was read.
    public var loadedAt: Date

    public init(path: String, layout: RunLayout, rounds: [Round], diagnostics: [Diagnostic], loadedAt: Date) {
        self.path = path
        self.layout = layout
        self.rounds = rounds
        self.diagnostics = diagnostics
        self.loadedAt = loadedAt
    }

    /// True when nothing recognisable was found (no rounds at all).
    public var isEmpty: Bool { rounds.isEmpty }

    public func round(id: String) -> Round? { rounds.first { $0.id == id } }

    /// Finds a round by a name a user types: its id (`r0004_2026…`), its short name (`r0004`,
    /// `r4`, `4`), `seed` / `seed_algorithms`, `live`, `heldout`.
    public func round(named name: String) -> Round? {
        if let r = round(id: name) { return r }
        let n = name.lowercased()
        if n == "seed" || n == "seeds" || n == "baseline" || n == "baselines" { return rounds.first { $0.kind == .seedBaseline } }
        if n == "live" || n == "training_results" { return rounds.first { $0.kind == .live } }
        if n == "heldout" || n == "held-out" || n == "test" || n == "test_results" { return rounds.first { $0.kind == .heldOut } }
        var digits = Substring(n)
        if digits.hasPrefix("r") { digits = digits.dropFirst() }
        if let i = Int(digits) { return rounds.first { $0.index == i && ($0.kind == .archived || $0.kind == .live) } }
        return rounds.first { $0.shortName.lowercased() == n }
    }

    /// Every backbone with results in any round, in natural order.
    public var backbones: [String] {
        Set(rounds.flatMap { $0.results.map(\.backbone) }).sorted(by: FileSystem.naturalOrder)
    }

    /// Every benchmark with results in any round, in natural order.
    public var benchmarks: [String] {
        Set(rounds.flatMap { $0.results.map(\.benchmark) }).sorted(by: FileSystem.naturalOrder)
    }

    /// Diagnostics of at least the given severity.
    public func problems(atLeast severity: Diagnostic.Severity = .warning) -> [Diagnostic] {
        diagnostics.filter { $0.severity >= severity }
    }
}

/// One round of a run: the seed baselines, an archived round, the live round in progress, or a
/// held-out evaluation / a plain results folder.
public struct Round: Sendable, Identifiable, Equatable {
    public enum Kind: String, Sendable, Hashable {
        /// `history/seed_algorithms`: the reference baselines (SC, ASC, ESC, Parallel-Probe).
        case seedBaseline = "seed"
        /// `history/rNNNN_<date>_<time>_<uid>` or the published `logs/search_history/rNNNN`.
        case archived
        /// The round in progress: `.workflow_logs/<round_id>` not yet archived, and/or `training_results/`.
        case live
        /// `eval/test_results`: held-out evaluations.
        case heldOut = "heldout"
        /// A folder of `matrix_results_*` written by `ttsdash eval --out` (or any other tool).
        case results
    }

    public enum Phase: String, Sendable, Hashable {
        /// The agent is writing a proposal: its log folder exists, `proposal_result.json` does not.
        case proposing
        /// The proposal exists; results are being produced (`training_results/` fills up).
        case evaluating
        /// Finished and archived (or a static results folder).
        case archived
        /// Archived with a non-zero `eval_returncode`.
        case failed
    }

    /// Unique within the run: the folder name (`r0003_20260416_214416_01c8f9c6`, `r0004`,
    /// `seed_algorithms`), the live round's id, `test_results`, or the results folder's name.
    public var id: String
    public var kind: Kind
    /// The round number from `r<index>`; nil for seeds, held-out and plain results.
    public var index: Int?
    public var phase: Phase
    /// The folder holding this round's files (the round folder, `training_results`, …).
    public var directory: String
    /// `eval_returncode` from `workflow_index.jsonl`, when the round has a row there.
    public var evalReturnCode: Int?
    /// The time stamp in the round id (`20260416_214416`), as written (no time zone is known).
    public var idTimestamp: String?
    /// When the round began, as far as the files tell: the time stamp in its id, read as local
    /// time, else the earliest modification time among its files.
    public var startedAt: Date?
    /// When the agent's proposal (`proposal_result.json`) was written.
    public var proposedAt: Date?
    /// What `proposal_result.json` itself records: `started_at`, and the first of `finished_at`,
    /// `completed_at`, `ended_at` (the record, unlike file times, survives a copy).
    public var recordedStart: Date?
    public var recordedProposal: Date?
    /// The latest modification time among the round's files: a stuck round stops moving.
    public var lastChangedAt: Date?
    /// The controller this round proposed (`code_base/method.py`).
    public var controllerSource: String?
    public var controllerSourcePath: String?
    /// The agent's own summary of its proposal (`proposal_result.json` → `final_result`).
    public var proposalSummary: String?
    /// The proposer's log folder (`.workflow_logs/<round_id>`), when present.
    public var proposerLogDirectory: String?
    /// Files in the proposer's log folder worth opening (prompt, transcript, result).
    public var proposerLogFiles: [String]
    /// `proposal_results_manifest.json`, when present.
    public var manifest: Manifest?
    /// Results per backbone and benchmark, in natural order of backbone then benchmark.
    public var results: [ResultSet]
    /// Written by a launch from ttsdash (`launch.json` beside its results), not by the workflow:
    /// it is not part of the workflow's sequence of rounds (its time says nothing about the others').
    public var launched = false
    /// When a launched round started (`launched_at` in its `launch.json`); its start time when
    /// its name carries no time stamp (a labelled launch such as `r0007_cmc-sweep`).
    public var launchedAt: Date?
    /// A launched round that evaluated a `method.py` (its `launch.json` names one): its
    /// `code_base/method.py` is that controller, not a description of built-ins.
    public var launchedWithMethod = false
    /// A held-out evaluation of one round: that round's id (`eval/test_results/<round id>/`).
    public var heldOutOf: String?

    /// The round's own controller file, when it has one to replay: a discovered round's proposal
    /// or a launched round's evaluated `method.py` (nil for seed baselines and built-in launches).
    public var ownController: String? {
        guard kind != .seedBaseline, let path = controllerSourcePath else { return nil }
        return launched && !launchedWithMethod ? nil : path
    }

    public init(id: String, kind: Kind, index: Int? = nil, phase: Phase, directory: String) {
        self.id = id
        self.kind = kind
        self.index = index
        self.phase = phase
        self.directory = directory
        self.proposerLogFiles = []
        self.results = []
    }

    /// `r0003` for `r0003_20260416_214416_01c8f9c6`; `seed` for the baselines; otherwise the id.
    public var shortName: String {
        switch kind {
        case .seedBaseline: return "seed"
        case .heldOut:
            guard let of = heldOutOf else { return "heldout" }
            return "heldout-" + (RoundNaming.parse(of).map { "r" + String(format: "%04d", $0.index) } ?? of)
        case .archived, .live:
            if let index { return "r" + String(format: "%04d", index) }
            return id
        case .results: return id
        }
    }

    public func results(backbone: String, benchmark: String) -> ResultSet? {
        results.first { $0.backbone == backbone && $0.benchmark == benchmark }
    }

    /// When the round began by the run's own records only (never file times, which a checkout
    /// or copy resets): `proposal_result.json`'s `started_at`, else the time stamp in the round
    /// id, else a launched round's `launched_at`. nil when the run records none.
    public var recordedStartTime: Date? {
        recordedStart ?? idTimestamp.flatMap(RoundNaming.date) ?? launchedAt
    }

    /// Seconds since any of the round's files last changed (nil when no file has a time).
    public func secondsSinceLastChange(now: Date = Date()) -> Double? {
        lastChangedAt.map { now.timeIntervalSince($0) }
    }
}

/// `proposal_results_manifest.json`: where the results were copied from and which files.
public struct Manifest: Sendable, Hashable {
    public var path: String
    public var sourceDirectory: String?
    /// Relative paths as listed.
    public var copiedFiles: [String]
    /// Listed files that are not in the round folder (the published rounds ship no traces).
    public var missingFiles: [String]
    /// Listed paths that are absolute or climb out of the round (`../`): never followed.
    public var rejectedFiles: [String]
}

/// The results of one round on one backbone and benchmark: the CSV's rows and the trace file.
public struct ResultSet: Sendable, Equatable {
    public var backbone: String
    public var benchmark: String
    /// `matrix_results_<backbone>/<benchmark>_raw_new_api.csv`; nil when only a trace exists.
    public var csvPath: String?
    /// Rows in file order (completion order, not sorted).
    public var rows: [ResultRow]
    /// The trace file for this backbone and benchmark (present, or only listed in a manifest).
    public var trace: TraceFileRef?
    /// Modification time of the CSV.
    public var modifiedAt: Date?

    public init(backbone: String, benchmark: String, csvPath: String?, rows: [ResultRow], trace: TraceFileRef?, modifiedAt: Date?) {
        self.backbone = backbone
        self.benchmark = benchmark
        self.csvPath = csvPath
        self.rows = rows
        self.trace = trace
        self.modifiedAt = modifiedAt
    }

    /// The row with the highest Acc (ties: the lower Cost, then file order); rows with no Acc are ignored.
    public var best: ResultRow? {
        var best: ResultRow?
        for r in rows {
            guard let a = r.acc else { continue }
            if let b = best, let ba = b.acc {
                if a > ba || (a == ba && (r.cost ?? .infinity) < (b.cost ?? .infinity)) { best = r }
            } else {
                best = r
            }
        }
        return best
    }

    /// The row whose configuration has `beta` equal to `beta` (within 1e-9), if any.
    public func row(beta: Double) -> ResultRow? {
        rows.first { r in r.configuration.number("beta").map { abs($0 - beta) < 1e-9 } ?? false }
    }
}

/// Where the trace JSONL of a result set is, and whether it can be read.
public struct TraceFileRef: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case present
        /// Listed in the round's manifest but not in the folder (the published rounds ship none).
        case listedButAbsent = "listed-but-absent"
    }
    public var path: String
    public var status: Status
    /// Size in bytes when present.
    public var size: UInt64?
}

/// One row of a results CSV.
public struct ResultRow: Sendable, Equatable {
    /// 1-based line of the row in its CSV (the header is line 1).
    public var line: Int
    /// The `Method` column (`ASCMethod`, `OptimalController`).
    public var method: String
    /// Accuracy in percent; nil when the file does not report one ("not reported", never 0).
    public var acc: Double?
    /// Average tokens per question; nil when not reported.
    public var cost: Double?
    public var stdAcc: Double?
    /// The `Description` column, as written.
    public var description: String
    /// The configuration parsed from `Description` (or, failing that, the `config` column).
    public var configuration: RowConfiguration
    /// Every other column (controller attributes, object addresses…), in file order, as text.
    public var attributes: [Attribute]

    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    public init(line: Int, method: String, acc: Double?, cost: Double?, stdAcc: Double?, description: String,
                configuration: RowConfiguration, attributes: [Attribute]) {
        self.line = line
        self.method = method
        self.acc = acc
        self.cost = cost
        self.stdAcc = stdAcc
        self.description = description
        self.configuration = configuration
        self.attributes = attributes
    }
}

/// A row's controller configuration: the name before ` | config=` and the parsed Python dict.
public struct RowConfiguration: Sendable, Equatable {
    /// The name in the Description (`asc`, `Parallel_Probe`, `optimal_controller`).
    public var name: String
    /// The dict's entries in written order.
    public var parameters: [Parameter]
    /// The built-in replay controller this Description names, with its values, when it names one.
    /// A discovered round's controller may share a built-in's name (`optimal_controller`) with
    /// different code: only the round's `method.py` tells.
    public var builtIn: ControllerConfiguration?

    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var value: PythonLiteral
    }

    public init(name: String, parameters: [Parameter], builtIn: ControllerConfiguration?) {
        self.name = name
        self.parameters = parameters
        self.builtIn = builtIn
    }

    /// The method family: the built-in key (`sc`, `asc`, `esc`, `pp`, `cmc`) when the name is a
    /// built-in's, else the lower-cased name.
    public var family: String {
        ControllerRegistry.definition(for: name)?.key ?? name.lowercased()
    }

    public func value(_ key: String) -> PythonLiteral? { parameters.first { $0.name == key }?.value }

    /// A numeric parameter (ints, floats and booleans as numbers).
    public func number(_ key: String) -> Double? { value(key)?.asDouble }

    /// `asc max_samples=16,threshold=0.95`: the family and every parameter, compact.
    public var label: String {
        if parameters.isEmpty { return family }
        return family + " " + parameters.map { "\($0.name)=\($0.value.display)" }.joined(separator: ",")
    }

    /// A compact label: for a built-in family, its first parameter (the main knob) and any other
    /// that differs from the reference default (`pp num_chains=16`, `asc max_samples=64`); for
    /// other families, `label`.
    public var shortLabel: String {
        guard let b = builtIn, let def = ControllerRegistry.definition(for: b.key) else { return label }
        var shown: [String] = []
        for (i, v) in b.values.enumerated() {
            let d = def.parameters.first { $0.name == v.name }?.defaultValue
            if i == 0 || d != v.value { shown.append("\(v.name)=\(v.value.pythonRepr)") }
        }
        return shown.isEmpty ? b.key : b.key + " " + shown.joined(separator: ",")
    }

    /// Parses `name | config={...}`; nil when the text has no ` | config=` part or the dict is not a literal.
    public static func parse(description: String) -> RowConfiguration? {
        guard let bar = description.range(of: "| config=") else { return nil }
        let name = description[..<bar.lowerBound].trimmingCharacters(in: .whitespaces)
        guard let dict = PythonLiteral.parseDict(String(description[bar.upperBound...])) else { return nil }
        return RowConfiguration(name: name, parameters: dict.map { Parameter(name: $0.key, value: $0.value) },
                                builtIn: ControllerSpec.configuration(fromDescription: description))
    }

    /// Parameter order: `a` before `b` when its values, compared parameter by parameter in the
    /// written order (numbers by value, other values by their text), are smaller (β 0.0 before
    /// 0.1 … 1.0; `max_samples` 1, 4, 8 … 64). Ties: false (sorts stay stable).
    public static func parameterOrder(_ a: RowConfiguration, _ b: RowConfiguration) -> Bool {
        for (x, y) in zip(a.parameters, b.parameters) {
            if x.name != y.name { return x.name < y.name }
            if let dx = x.value.asDouble, let dy = y.value.asDouble {
                if dx != dy { return dx < dy }
            } else if x.value.display != y.value.display {
                return x.value.display < y.value.display
            }
        }
        return a.parameters.count < b.parameters.count
    }

    /// Descriptions (as a results CSV or trace file writes them) in the order people read a
    /// sweep: families in first-seen order, within a family by `parameterOrder`; duplicates
    /// dropped, unparseable descriptions last in their given order. The files list
    /// configurations in completion order (β 1.0, 0.8, …, 0.2, 0.9), which no one wants to walk.
    public static func inParameterOrder(_ descriptions: [String]) -> [String] {
        var unique: [String] = []
        for d in descriptions where !unique.contains(d) { unique.append(d) }
        let parsed = unique.map { RowConfiguration.parse(description: $0) }
        var families: [String] = []
        for c in parsed.compactMap({ $0 }) where !families.contains(c.family) { families.append(c.family) }
        let order = unique.indices.sorted { i, j in
            switch (parsed[i], parsed[j]) {
            case let (a?, b?):
                let fa = families.firstIndex(of: a.family)!, fb = families.firstIndex(of: b.family)!
                if fa != fb { return fa < fb }
                if parameterOrder(a, b) { return true }
                if parameterOrder(b, a) { return false }
                return i < j
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return i < j
            }
        }
        return order.map { unique[$0] }
    }

    /// True when both name the same controller (case-insensitive, aliases resolved) with the same
    /// parameter values: numbers compare by value (`64` equals `64.0`); a parameter missing on one
    /// side matches the built-in default on the other.
    public func matches(_ other: RowConfiguration) -> Bool {
        guard family == other.family else { return false }
        if let a = builtIn, let b = other.builtIn { return a == b }
        let keys = Set(parameters.map(\.name)).union(other.parameters.map(\.name))
        for k in keys {
            guard let x = value(k), let y = other.value(k) else { return false }
            if let dx = x.asDouble, let dy = y.asDouble {
                if dx != dy { return false }
            } else if x != y {
                return false
            }
        }
        return true
    }
}
