import ReplayCore
import Runs

/// The Compare feature's state, actions and effects.
public struct CompareUIState: Sendable, Equatable {
    /// Rounds marked in the Rounds view, by round id (ids survive reloads), in marking order.
    public var marked: [String] = []
    /// The baseline: a round id (pinned in the Rounds view) or a side label (`seed/asc`).
    public var pinned: String?
    public var section: CompareSection = .frontiers
    public var backbone = 0
    public var benchmark = 0
    /// All backbones of the benchmark as small multiples.
    public var smallMultiples = false
    /// The seed baselines as one side per method family instead of one side.
    public var splitFamilies = false
    /// Scroll offsets of the table, code and trajectory sections.
    public var tableScroll = 0
    /// Columns the delta table is scrolled sideways (its configuration column stays).
    public var tableColumn = 0
    public var codeScroll = 0
    public var trajectoryScroll = 0
    /// The β of the round trajectory (the paper's Figure 4 uses 1.0).
    public var trajectoryBeta = 1.0
    /// SC@64 replayed from the store, per `backbone|benchmark` (nil value: no store).
    public var references: [String: ReferenceResult] = [:]
    public var flips = FlipsState()

    public init() {}

    /// A replayed SC@64 point, or why there is none.
    public enum ReferenceResult: Sendable, Equatable {
        case pending
        case ready(HeadlineReference)
        case unavailable
    }
}

/// The Compare view's sections.
public enum CompareSection: String, CaseIterable, Sendable, Equatable {
    case frontiers, table, flips, code, trajectory

    public var title: String {
        switch self {
        case .frontiers: "Frontiers"
        case .table: "Deltas"
        case .flips: "Flips"
        case .code: "Code"
        case .trajectory: "Trajectory"
        }
    }

    /// The key that opens it (also shown in the section bar).
    public var key: Character {
        switch self {
        case .frontiers: "f"
        case .table: "t"
        case .flips: "x"
        case .code: "c"
        case .trajectory: "y"
        }
    }
}

/// What the flips section shows: the two traces' shared configurations, the chosen one's
/// per-question outcomes, and the detail pane of one flipped question.
public struct FlipsState: Sendable, Equatable {
    /// The comparison the result belongs to (old side, new side, backbone, benchmark).
    public var key: FlipsKey?
    public var status: Status = .idle
    /// Configurations both traces have (labels), and the chosen one.
    public var configurations: [String] = []
    public var configuration = 0
    public var result: QuestionFlips?
    public var selected = 0
    public var detailOpen = false
    public var detail: [FlipRowSummary] = []
    /// The two rows' branch timelines, in the order of `detail`.
    public var detailTimelines: [QuestionTimeline] = []
    public var detailStatus: Status = .idle

    public enum Status: Sendable, Equatable {
        case idle
        case loading
        case ready
        case failed(String)
    }

    public init() {}
}

public struct FlipsKey: Sendable, Hashable {
    public var old: String
    public var new: String
    public var backbone: String
    public var benchmark: String
}

public enum CompareAction: Equatable, Sendable {
    /// Rounds view: mark or unmark the selected round; pin it as the baseline; open Compare.
    case toggleMark
    case pinRound
    case open
    case clearMarks
    // The Compare view
    case showSection(CompareSection)
    case nextSection
    case previousSection
    case nextBackbone
    case previousBackbone
    case nextBenchmark
    case previousBenchmark
    case toggleSmallMultiples
    case toggleSplitFamilies
    /// Pin the next side as baseline.
    case pinNextSide
    case nextConfiguration
    case previousConfiguration
    case trajectoryBetaUp
    case trajectoryBetaDown
    // Background results
    case referenceReady(key: String, HeadlineReference?)
    case flipsLoaded(FlipsKey, configurations: [String], configuration: Int, QuestionFlips?)
    case flipsFailed(FlipsKey, String)
    case flipDetailLoaded(FlipsKey, [FlipRowSummary], timelines: [QuestionTimeline])
    case flipDetailFailed(FlipsKey, String)
}

public enum CompareEffect: Equatable, Sendable {
    /// Replay SC@64 for a backbone and benchmark from the first store that exists.
    case replayReference(key: String, storePaths: [String], backbone: String, benchmark: String, root: String)
    /// Index both traces and compare outcomes at a configuration (by label; nil: the first shared).
    case loadFlips(FlipsKey, old: TraceFileRef, new: TraceFileRef, configuration: String?)
    /// Fetch one question's rows from both traces at a seed.
    /// Fetch one question's rows from both traces at a seed, with their branch timelines
    /// (re-run on the replay stores in `storesDirectories` when a row has no action log).
    case loadFlipDetail(FlipsKey, old: TraceFileRef, new: TraceFileRef, configuration: String, seed: Int, question: Int,
                        storesDirectories: [String])
}

extension Action { public static func compare(_ a: CompareAction) -> Action { .feature(FeatureValue(a)) } }

extension Effect { public static func compare(_ e: CompareEffect) -> Effect { .feature(FeatureValue(e)) } }

extension FeatureID { public static let compare: FeatureID = "compare" }

extension KeyContext { public static let compare = KeyContext("Compare"); public static let compareDiff = KeyContext("Compare: code diff") }
