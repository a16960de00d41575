import Foundation
import Runs

/// Everything the views need from one run at one moment.
public struct DashboardSnapshot: Sendable, Equatable {
    /// The run's folder or name, shown in the status bar.
    public var runPath: String
    /// When the run's files last changed (for "updated 12 s ago" and stuck detection).
    public var lastChange: Date?
    public var rounds: RoundsViewModel
    public var frontier: FrontierViewModel
    /// Problems found while reading the run, shown as warnings.
    public var notes: [String]
    /// The run as read by the runs layer, for views that need more than the view models
    /// (trace files, sources, per-question results); nil for a made-up snapshot.
    public var run: Run?

    public init(runPath: String, lastChange: Date? = nil, rounds: RoundsViewModel, frontier: FrontierViewModel,
                notes: [String] = [], run: Run? = nil) {
        self.runPath = runPath; self.lastChange = lastChange; self.rounds = rounds; self.frontier = frontier
        self.notes = notes; self.run = run
    }
}

/// What the dashboard reads a run through. The runs layer implements it; the UI calls it
/// off the UI thread and receives the result as an action, so slow loading never blocks keys.
public protocol DashboardDataSource: Sendable {
    /// Reads (or re-reads) the whole run. Called on a background queue.
    func load() throws -> DashboardSnapshot
    /// A cheap fingerprint of the run's files (e.g. latest mtime and sizes), polled every
    /// couple of seconds; a change triggers `load()`. Return nil to disable polling.
    func changeToken() -> String?
}

extension DashboardDataSource {
    public func changeToken() -> String? { nil }
}

extension DashboardSnapshot {
    /// A round is proposing or evaluating (the run may be live).
    public var isRunning: Bool { rounds.rows.contains { $0.phase == .proposing || $0.phase == .evaluating } }
}
