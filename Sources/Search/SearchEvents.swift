import ControllerHost
import Foundation
import ReplayCore

/// Where a round is. The files show the same (`run-layout.md`): proposing while
/// `.workflow_logs/<round>/` has no `proposal_result.json`, evaluating while `training_results/`
/// fills up, archived once `history/<round>/` and its index row exist.
public enum SearchPhase: Sendable, Equatable, CustomStringConvertible {
    /// The prompt is written; the proposer runs.
    case proposing
    /// `proposal_result.json` is written; the controller is evaluated, backbone by backbone.
    case evaluating
    /// The round's folder is being staged and renamed into `history/`.
    case archiving
    /// Archived with this `eval_returncode`.
    case archived(returnCode: Int)
    /// Stopped by a cancel: left unarchived (a `--resume` redoes it).
    case interrupted

    public var description: String {
        switch self {
        case .proposing: return "proposing"
        case .evaluating: return "evaluating"
        case .archiving: return "archiving"
        case .archived(let rc): return rc == 0 ? "archived" : "archived (eval_returncode \(rc))"
        case .interrupted: return "interrupted"
        }
    }
}

/// One round as the search runs it.
public struct SearchRoundInfo: Sendable, Equatable {
    public var roundID: String
    public var index: Int
    /// 1-based position in this search, and the search's length.
    public var step: Int
    public var of: Int
    /// The round was left unarchived by an interrupted search and is done again.
    public var redo: Bool
}

/// How an archived round came out.
public struct SearchRoundOutcome: Sendable, Equatable {
    public var roundID: String
    public var returnCode: Int
    /// Why the evaluation failed as a whole (does not import, timed out), when it did.
    public var error: String?
    /// Configurations that raised or timed out (no row), one line each.
    public var failures: [String]
    public var proposerReturnCode: Int
    public var proposerSeconds: Double
    public var evaluationSeconds: Double
    public var seconds: Double
    /// `history/<round>` and its summary file.
    public var path: String
    public var summaryPath: String
    /// Result rows per backbone/benchmark (`Synth-S/synth-search` → rows).
    public var rowCounts: [String: Int]
}

/// What the search reports as it goes (on the thread that called `run`).
public enum SearchEvent: Sendable {
    /// The plan: rounds `firstIndex ..< firstIndex + rounds` of which `done` are archived already.
    case started(firstIndex: Int, rounds: Int, done: Int, resumed: Bool)
    case roundStarted(SearchRoundInfo)
    case phase(roundID: String, SearchPhase)
    case proposerFinished(roundID: String, ProposerExit)
    /// A backbone is being evaluated; progress over its configurations and question runs.
    case evaluationProgress(roundID: String, backbone: String, EvaluationProgress)
    /// A backbone's result files are in `training_results/`.
    case backboneEvaluated(roundID: String, backbone: String, rows: Int, failures: [String])
    case roundArchived(SearchRoundOutcome)
    /// A note worth a line in a log (the archive of an earlier interrupted search completed, …).
    case note(String)
    /// Every round is archived; the workflow summary's path.
    case finished(summaryPath: String)
}

/// How `run` ended.
public struct SearchOutcome: Sendable {
    public enum End: Sendable, Equatable {
        case completed(summaryPath: String)
        /// Cancelled (Ctrl-C, SIGTERM, the dashboard's stop): the round in progress is unarchived.
        case cancelled(roundID: String?)
    }
    public var end: End
    /// Rounds archived by this call, in order.
    public var rounds: [SearchRoundOutcome]
}
