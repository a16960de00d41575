import Foundation
import Runs

/// The Launch feature's state: the form (an overlay over any view) and the evaluations it started.
public struct LaunchUIState: Sendable, Equatable {
    public var isOpen = false
    public var form = LaunchForm()
    /// Every job started in this session, oldest first.
    public var jobs: [LaunchJob] = []
    /// The job the cancel key acts on (index into `jobs`).
    public var selectedJob = 0
    var nextJobID = 1
    public init() {}
}

/// The fields of the launch form, in display order.
public enum LaunchField: Int, CaseIterable, Sendable {
    case method, controllers, stores, backbones, benchmarks, seeds, traces, roundName

    public var label: String {
        switch self {
        case .method: "Method file"
        case .controllers: "Controllers"
        case .stores: "Stores"
        case .backbones: "Backbones"
        case .benchmarks: "Benchmarks"
        case .seeds: "Seeds"
        case .traces: "Traces"
        case .roundName: "Round name"
        }
    }
}

/// A backbone's replay stores in a stores folder.
public struct StoreEntry: Sendable, Equatable {
    public var backbone: String
    public var benchmarks: [String]
    public init(backbone: String, benchmarks: [String]) { self.backbone = backbone; self.benchmarks = benchmarks }
}

public struct LaunchForm: Sendable, Equatable {
    public var values: [String] = LaunchField.allCases.map { _ in "" }
    public var focus: LaunchField = .controllers
    /// Fields the user typed into (defaults never overwrite those).
    public var edited: Set<Int> = []
    public var error: String?
    public var errorField: LaunchField?
    /// The run the defaults were taken from (the run's folder, as loaded).
    public var runPath: String?
    /// The run's root folder: relative stores paths are read from there.
    public var runRoot: String?
    /// Stores found in `catalogPath` (absolute), or why it could not be read.
    public var catalogPath: String?
    public var catalog: [StoreEntry]?
    public var catalogError: String?
    /// The name the next automatic round will get (shown as the round name's placeholder).
    public var nextRoundHint: String?
    /// A held-out evaluation of this round (its id): results go to `eval/test_results/<id>/`,
    /// and the round name does not apply.
    public var heldOutOf: String?
    /// The round's short name, for the title.
    public var heldOutName: String?
    public init() {}

    public subscript(_ f: LaunchField) -> String {
        get { values[f.rawValue] }
        set { values[f.rawValue] = newValue }
    }

    /// The stores field as an absolute path (relative paths are read from the run's root).
    public var storesPath: String {
        let v = self[.stores].trimmingCharacters(in: .whitespaces)
        if v.hasPrefix("/") || v.isEmpty { return v }
        if v.hasPrefix("~") { return (v as NSString).expandingTildeInPath }
        guard let root = runRoot else { return v }
        return (root as NSString).appendingPathComponent(v)
    }

    /// The method file as an absolute path (relative paths are read from the run's root); nil
    /// when empty: the SPECs then name built-in controllers.
    public var methodPath: String? {
        let v = self[.method].trimmingCharacters(in: .whitespaces)
        if v.isEmpty { return nil }
        if v.hasPrefix("/") { return v }
        if v.hasPrefix("~") { return (v as NSString).expandingTildeInPath }
        guard let root = runRoot else { return v }
        return (root as NSString).appendingPathComponent(v)
    }

    /// Several SPECs are separated by `;` (a comma belongs to the SPEC's own lists).
    public var controllerSpecs: [String] {
        self[.controllers].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Progress of a job as last reported (throttled by the service).
public struct JobProgress: Sendable, Equatable {
    public var configurationsDone: Int
    public var configurationsTotal: Int
    public var runsDone: Int
    public var runsTotal: Int
    public var elapsed: Double
    public init(configurationsDone: Int, configurationsTotal: Int, runsDone: Int, runsTotal: Int, elapsed: Double) {
        self.configurationsDone = configurationsDone; self.configurationsTotal = configurationsTotal
        self.runsDone = runsDone; self.runsTotal = runsTotal; self.elapsed = elapsed
    }

    public var fraction: Double { runsTotal == 0 ? 0 : min(1, Double(runsDone) / Double(runsTotal)) }
    /// Question runs per second so far.
    public var rate: Double { elapsed > 0 ? Double(runsDone) / elapsed : 0 }
    public var secondsLeft: Double? { rate > 0 ? Double(runsTotal - runsDone) / rate : nil }
}

public struct LaunchJob: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case preparing
        case queued
        case loadingStores
        case evaluating
        case writing
        case cancelling
        case done(seconds: Double)
        case failed(String)
        case cancelled

        public var isActive: Bool {
            switch self {
            case .preparing, .queued, .loadingStores, .evaluating, .writing, .cancelling: true
            case .done, .failed, .cancelled: false
            }
        }
    }

    public var id: Int
    /// What runs: "cmc:beta=0:1:0.1 · 3 backbones × 1 benchmark · 100 seeds".
    public var summary: String
    /// The round it will write (known once the service has named it).
    public var roundID: String?
    public var status: Status
    public var progress: JobProgress?
    public init(id: Int, summary: String, roundID: String? = nil, status: Status = .preparing, progress: JobProgress? = nil) {
        self.id = id; self.summary = summary; self.roundID = roundID; self.status = status; self.progress = progress
    }
}

public enum LaunchAction: Equatable, Sendable {
    case open
    /// The form for a held-out evaluation of the round selected in the Rounds view.
    case openHeldOut
    case close
    case focusNext
    case focusPrevious
    case input(Character)
    case deleteBackward
    case clearField
    /// Enter: validate and start.
    case submit
    case selectJob(Int)
    case cancelSelected
    // From the service
    case storesScanned(path: String, entries: [StoreEntry], error: String?)
    case nextRoundName(String)
    case jobAccepted(id: Int, roundID: String)
    case jobRejected(id: Int, message: String, part: PlanError.Part?)
    case jobStage(id: Int, LaunchJob.Status)
    case jobProgress(id: Int, JobProgress)
    case jobFinished(id: Int, roundID: String, seconds: Double)
    case jobFailed(id: Int, message: String)
    case jobCancelled(id: Int)
}

public enum LaunchEffect: Equatable, Sendable {
    /// List the replay stores in a folder (and the run's next free round name).
    case scanStores(path: String, run: String?)
    case start(id: Int, request: LaunchRequest)
    case cancel(id: Int)
}

extension Action { public static func launch(_ a: LaunchAction) -> Action { .feature(FeatureValue(a)) } }

extension Effect { public static func launch(_ e: LaunchEffect) -> Effect { .feature(FeatureValue(e)) } }

extension FeatureID { public static let launch: FeatureID = "launch" }

extension KeyContext { public static let launchForm = KeyContext("Launch form") }
