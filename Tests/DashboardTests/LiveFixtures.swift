import Foundation
@testable import Dashboard
import Runs

/// The bundled sample run replayed step by step into a temporary folder, with every file's
/// modification time set from the plan's run clock (starting at `LiveRun.origin`), so the
/// live view's screens and judgements are deterministic.
final class LiveRun {
    static let origin = Date(timeIntervalSince1970: 1_764_390_000)

    let folder: String
    let plan: ReplayPlan
    let replayer: RunReplayer
    private(set) var next = 0
    /// The run-clock time of the last step performed.
    private(set) var clock = LiveRun.origin

    init() throws {
        var template = Array((NSTemporaryDirectory() + "ttsdash-live-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let root = String(cString: made!)
        folder = root + "/run"
        plan = try ReplayPlan.make(path: RunSnapshotTests.samplePath)
        try RunReplayer.prepare(destination: folder)
        replayer = RunReplayer(plan: plan, destination: folder)
    }

    deinit { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }

    /// Performs steps until (not including) the first for which `stop` holds, or to the end.
    func advance(until stop: (ReplayPlan.Step) -> Bool = { _ in false }) throws {
        while next < plan.steps.count, !stop(plan.steps[next]) {
            try replayer.perform(next)
            clock = LiveRun.origin.addingTimeInterval(plan.steps[next].at)
            for op in plan.steps[next].operations { pin(folder + "/" + op.target) }
            next += 1
        }
    }

    /// Performs the next `n` steps.
    func step(_ n: Int = 1) throws {
        var left = n
        try advance { _ in defer { left -= 1 }; return left <= 0 }
    }

    /// Sets the times of what a step wrote, and of the folders above it (whose times a new
    /// or removed entry changes), to the run clock.
    private func pin(_ path: String) {
        var dir = (path as NSString).deletingLastPathComponent
        while dir.hasPrefix(folder) {
            try? FileManager.default.setAttributes([.modificationDate: clock], ofItemAtPath: dir)
            dir = (dir as NSString).deletingLastPathComponent
        }
        guard FileManager.default.fileExists(atPath: path) else { return }
        if let e = FileManager.default.enumerator(atPath: path) {
            for case let rel as String in e { try? FileManager.default.setAttributes([.modificationDate: clock], ofItemAtPath: path + "/" + rel) }
        }
        try? FileManager.default.setAttributes([.modificationDate: clock], ofItemAtPath: path)
    }

    /// The run as it is now, loaded "at" the current run clock, shaped for the dashboard.
    func snapshot() throws -> DashboardSnapshot {
        var run = try RunLoader.load(path: folder)
        run.loadedAt = clock
        var snap = RunSnapshot.make(run: run, now: clock)
        snap.runPath = "replayed-run"
        return snap
    }

    /// Loads the run into `state` as the dashboard would, with its phase times measured.
    func load(into state: AppState, now: Date? = nil) throws -> AppState {
        var s = state
        s.now = now ?? clock
        let snap = try snapshot()
        s = Reducer.reduce(s, .loaded(snap)).0
        if let run = snap.run { s = Reducer.reduce(s, .live(.timeline(RunTimeline.make(run: run)))).0 }
        return s
    }
}
