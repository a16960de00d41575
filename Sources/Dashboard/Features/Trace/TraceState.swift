import ReplayCore
import Runs

/// The Trace feature's state, actions and effects.
public struct TraceUIState: Sendable, Equatable {
    /// What is being looked at: round, backbone, benchmark, configuration, seed.
    public var target: TraceTarget?
    /// The questions of the target (nil until the service answered).
    public var list: TraceQuestionList?
    public var loadingList = false
    /// Index into the visible (sorted, filtered) questions.
    public var selected = 0
    public var sort: TraceSort = .question
    public var wrongOnly = false
    public var filter = FilterState()
    /// The timeline is open on this question.
    public var openQuestion: Int?
    public var timeline: QuestionTimeline?
    public var timelineError: String?
    /// The environment action the timeline stands on (0 = nothing done yet).
    public var step = 0
    /// The decision event the page keys stand on (nil: the one in force at `step`).
    public var event: Int?
    /// First branch row shown.
    public var rowScroll = 0
    /// The question text and gold answer, shown over the timeline.
    public var showQuestion = false
    /// Bumped by every request; results for an older one are dropped.
    public var request = 0
    public init() {}
}

/// One question trace to look at, as chosen in the run.
public struct TraceTarget: Sendable, Equatable {
    public var roundID: String
    public var backbone: String
    public var benchmark: String
    /// The configuration as the results CSV describes it.
    public var description: String
    /// nil: the first seed in the trace file.
    public var seed: Int?
    /// False when the configuration was only a default guess (entry from Rounds): a trace file
    /// without rows for it then shows the first configuration it has instead.
    public var exact: Bool

    public init(roundID: String, backbone: String, benchmark: String, description: String, seed: Int? = nil, exact: Bool = true) {
        self.roundID = roundID; self.backbone = backbone; self.benchmark = benchmark
        self.description = description; self.seed = seed; self.exact = exact
    }
}

/// Where the service reads a target from (resolved from the run by the reducer).
public struct TraceRequest: Sendable, Equatable {
    public var id: Int
    public var target: TraceTarget
    /// The trace JSONL, or why there is none.
    public var tracePath: String?
    public var missingReason: String?
    /// Replay store folders to look for the backbone's store in (search split, then held-out).
    public var storesDirectories: [String]
    /// How to re-run rows the trace file lacks (or when there is none): the round's controller
    /// and the store folder it was evaluated on; nil when nothing can re-run them.
    public var replay: TraceReplaySource?

    public init(id: Int, target: TraceTarget, tracePath: String?, missingReason: String?, storesDirectories: [String],
                replay: TraceReplaySource? = nil) {
        self.id = id; self.target = target; self.tracePath = tracePath; self.missingReason = missingReason
        self.storesDirectories = storesDirectories
        self.replay = replay
    }
}

/// The round's own controller and the stores to replay a configuration on, on demand.
public struct TraceReplaySource: Sendable, Equatable {
    public var controller: ReplayController
    public var storesDirectory: String
    /// Shuffle seeds the user can pick (the evaluation's 0..<100).
    public var seeds: Int

    public init(controller: ReplayController, storesDirectory: String, seeds: Int = 100) {
        self.controller = controller
        self.storesDirectory = storesDirectory
        self.seeds = seeds
    }
}

public enum TraceSort: String, Sendable, Equatable, CaseIterable {
    case question = "question"
    case costDescending = "cost ↓"
    case costAscending = "cost ↑"

    public var next: TraceSort {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// The parts of the target the choosing keys cycle through.
public enum TraceField: String, Sendable, Equatable {
    case round, backbone, benchmark, configuration, seed
}

public enum TraceAction: Equatable, Sendable {
    /// Show a target's questions (from Frontier, Rounds, or the choosing keys).
    case choose(TraceTarget)
    /// `t` in the Rounds view: the selected round's questions.
    case openSelectedRound
    /// Cycle one part of the target.
    case cycle(TraceField, forward: Bool)
    case toggleWrongOnly
    case cycleSort
    /// Open the selected question's timeline.
    case openQuestion
    case questionsLoaded(request: Int, TraceQuestionList)
    case timelineLoaded(request: Int, question: Int, QuestionTimeline?, error: String?)
    /// One environment action forward (+1) or back (-1).
    case step(Int)
    /// One decision event forward or back.
    case stepEvent(Int)
    /// The next (or previous) prune, widening or stop.
    case jump(DecisionEvent.Mark, forward: Bool)
    case toggleQuestionText
}

public enum TraceEffect: Equatable, Sendable {
    case loadQuestions(TraceRequest)
    case loadTimeline(TraceRequest, question: Int)
}

extension Action { public static func trace(_ a: TraceAction) -> Action { .feature(FeatureValue(a)) } }

extension Effect { public static func trace(_ e: TraceEffect) -> Effect { .feature(FeatureValue(e)) } }

extension FeatureID { public static let trace: FeatureID = "trace" }

extension KeyContext { public static let trace = KeyContext("Trace"); public static let traceQuestions = KeyContext("Trace: questions") }
