import Foundation
import Runs

/// The Live feature's state, actions and effects.
public struct LiveUIState: Sendable, Equatable {
    /// Phase times of the run's rounds, measured off the UI thread after each load.
    public var timeline: RunTimeline?
    /// What happened while watching, oldest first; at most `LiveEvents.limit`.
    public var events: [LiveEvent] = []
    /// The round under the cursor in the timeline, by id (survives reloads that add rounds).
    public var selectedRound: String?
    public var focus: LivePane = .rounds
    /// Lines scrolled away from the newest event (0 follows new events).
    public var eventsScroll = 0
    /// Lines scrolled up from the log's end (0 follows the tail).
    public var logScroll = 0
    public var log = LogTailState()
    /// Filters the event feed.
    public var filter = FilterState()
    public init() {}
}

/// The panes of the live view that take the cursor.
public enum LivePane: Sendable, Equatable, CaseIterable {
    case rounds, events, log
}

/// One line of the event feed.
public struct LiveEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case watching, started, proposed, results, archived, failed, removed, note
    }
    /// When it was seen (the load that noticed it) or, when the file says, when it happened.
    public var at: Date
    public var kind: Kind
    /// The round's short name, if the event concerns one.
    public var round: String?
    public var text: String

    public init(at: Date, kind: Kind, round: String? = nil, text: String) {
        self.at = at; self.kind = kind; self.round = round; self.text = text
    }
}

/// The tail of the evaluator's log file (`--eval-log`).
public struct LogTailState: Sendable, Equatable {
    public var path: String?
    /// Complete lines, oldest first, at most `LogTail.lineLimit`.
    public var lines: [String] = []
    /// The line being written (a progress bar redrawn with carriage returns shows its last state).
    public var partial: String?
    /// The latest thing worth saying about the file ("truncated; reading from the start").
    public var note: String?
    /// When new text last arrived (the UI clock at the time).
    public var lastChange: Date?
    public init() {}
}

public enum LiveAction: Equatable, Sendable {
    /// Phase times measured for the run as loaded.
    case timeline(RunTimeline)
    /// The evaluator log is being tailed.
    case logStarted(path: String)
    /// New complete lines, the current partial line, and a note (truncation, rotation, errors).
    case logAppended(lines: [String], partial: String?, note: String?)
    /// Move the cursor to the next / previous pane.
    case focusNext
    case focusPrevious
    /// Open the selected round in the Rounds view.
    case openRound
}

public enum LiveEffect: Equatable, Sendable {
    /// Measure the phase times of this run (reads small files), then post `.timeline`.
    case measure(Run)
    /// Start tailing the evaluator log (once): the one given with `--eval-log`, else the
    /// run's own search log (`ttsdash search` writes `.workflow_logs/search_eval.log`) once it exists.
    case tailLog(searchLog: String?)
}

extension Action { public static func live(_ a: LiveAction) -> Action { .feature(FeatureValue(a)) } }

extension Effect { public static func live(_ e: LiveEffect) -> Effect { .feature(FeatureValue(e)) } }

extension FeatureID { public static let live: FeatureID = "live" }

extension KeyContext { public static let live = KeyContext("Live") }
