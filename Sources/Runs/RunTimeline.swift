import Foundation
import ReplayCore

/// When each round of a run entered each phase (proposing -> evaluating, backbone by backbone
/// -> archived / failed), for the live view's timeline and its "is this round stalled?" judgement.
///
/// Two clocks: the files' modification times (exact for a run being written, and for a replay)
/// and the run's records (round-id time stamps, `proposal_result.json`'s `started_at` and
/// `finished_at`, the next round's start). A checked-out or copied run has fresh, meaningless
/// file times, so the file clock is used only when it tells a consistent story (every round's
/// events in phase order, spaced apart rather than written within a moment); otherwise the records are.
/// Building one reads a few small files and `stat`s; call it off the UI thread.
public struct RunTimeline: Sendable, Equatable {
    public enum Clock: String, Sendable, Equatable {
        /// File modification times.
        case files
        /// Times written in the run's records.
        case records
    }

    public var rounds: [RoundTimeline]
    /// When each part of the run last changed on disk (proposer logs, live results, history),
    /// most recent first: a hung search stops moving everywhere.
    public var sources: [SourceTime] = []
    public var clock: Clock
    /// The `Run.loadedAt` of the run this was built from.
    public var runLoadedAt: Date

    public init(rounds: [RoundTimeline], clock: Clock, runLoadedAt: Date) {
        self.rounds = rounds
        self.clock = clock
        self.runLoadedAt = runLoadedAt
    }

    public func round(id: String) -> RoundTimeline? { rounds.first { $0.roundID == id } }

    /// The round still in progress (the last one proposing or evaluating), if any.
    public var current: RoundTimeline? { rounds.last { $0.phase == .proposing || $0.phase == .evaluating } }

    /// How long each earlier round spent in `phase` (finished phases only, before `roundID`).
    public func durations(of phase: Round.Phase, before roundID: String) -> [Double] {
        var out: [Double] = []
        for r in rounds {
            if r.roundID == roundID { break }
            if !r.launched, let d = r.duration(of: phase) { out.append(d) }
        }
        return out
    }

    /// The longest time any round spent in a finished phase (proposing or evaluating).
    public var longestPhase: Double? {
        rounds.flatMap { [$0.duration(of: .proposing), $0.duration(of: .evaluating)].compactMap { $0 } }.max()
    }

    /// The newest change the timeline saw in any part of the run (nil: no file time known).
    public var lastSourceChange: Date? { sources.compactMap(\.modifiedAt).max() }

    /// Whether the round in progress has been in its phase unusually long (nil when no round
    /// is in progress or its phase has no known start).
    public func stall(now: Date) -> StallVerdict? {
        guard let r = current, let start = r.phaseStart else { return nil }
        return StallRule.judge(phase: r.phase, elapsed: now.timeIntervalSince(start),
                               earlier: durations(of: r.phase, before: r.roundID))
    }
}

/// When one part of a run last changed.
public struct SourceTime: Sendable, Equatable {
    public var name: String
    public var modifiedAt: Date?
    public init(name: String, modifiedAt: Date?) { self.name = name; self.modifiedAt = modifiedAt }
}

/// One round's phase times.
public struct RoundTimeline: Sendable, Equatable {
    public struct Arrival: Sendable, Equatable {
        public var backbone: String
        /// When its results were written (nil when unknown).
        public var at: Date?
        /// The best row's Acc and Cost on the round's first benchmark.
        public var bestAcc: Double?
        public var bestCost: Double?

        public init(backbone: String, at: Date?, bestAcc: Double?, bestCost: Double?) {
            self.backbone = backbone; self.at = at; self.bestAcc = bestAcc; self.bestCost = bestCost
        }
    }

    public var roundID: String
    public var name: String
    public var phase: Round.Phase
    public var startedAt: Date?
    public var proposedAt: Date?
    /// Backbones with results, in arrival order (by time when known, else natural order).
    public var arrivals: [Arrival]
    public var archivedAt: Date?
    public var returnCode: Int?
    /// For a round in progress, when its current phase began by its files' times, which are
    /// its live clock even where the run's older files were copied (nil: use the phase times).
    public var phaseSince: Date?
    /// Launched from ttsdash: not part of the workflow's sequence, so its times are its own and
    /// it is no earlier round to compare a workflow round with.
    public var launched = false

    public init(roundID: String, name: String, phase: Round.Phase, startedAt: Date? = nil, proposedAt: Date? = nil,
                arrivals: [Arrival] = [], archivedAt: Date? = nil, returnCode: Int? = nil) {
        self.roundID = roundID; self.name = name; self.phase = phase; self.startedAt = startedAt
        self.proposedAt = proposedAt; self.arrivals = arrivals; self.archivedAt = archivedAt; self.returnCode = returnCode
    }

    /// When the current phase began.
    public var phaseStart: Date? {
        if let phaseSince { return phaseSince }
        return switch phase {
        case .proposing: startedAt
        case .evaluating: proposedAt ?? startedAt
        case .archived, .failed: archivedAt
        }
    }

    /// Time spent in a finished phase.
    public func duration(of phase: Round.Phase) -> Double? {
        switch phase {
        case .proposing:
            guard let s = startedAt, let p = proposedAt, p >= s else { return nil }
            return p.timeIntervalSince(s)
        case .evaluating:
            guard let p = proposedAt, let a = archivedAt, a >= p else { return nil }
            return a.timeIntervalSince(p)
        case .archived, .failed:
            return nil
        }
    }
}

extension RunTimeline {
    /// Reads the times of every archived or live round of `run`.
    public static func make(run: Run) -> RunTimeline {
        let rounds = run.rounds.filter { $0.kind == .archived || $0.kind == .live }
        let files = rounds.map(fileTimes)
        let records = recordTimes(rounds)
        // Launched rounds are written by this machine at launch: they say nothing about the clock
        // of the workflow's own rounds.
        let useFiles = fileClockIsConsistent(zip(rounds, files).filter { !$0.0.launched }.map(\.1))
        var out: [RoundTimeline] = []
        for (i, r) in rounds.enumerated() {
            let f = files[i], rec = records[i]
            var t = RoundTimeline(roundID: r.id, name: r.shortName, phase: r.phase, startedAt: nil, proposedAt: nil,
                                  arrivals: [], archivedAt: nil, returnCode: r.evalReturnCode)
            t.launched = r.launched
            if r.launched {
                // Its own times: launched (launch.json) and evaluating at once, archived when its
                // folder was renamed into place.
                t.startedAt = r.launchedAt ?? rec.started
                t.proposedAt = t.startedAt
                t.archivedAt = f.archived
                out.append(t)
                continue
            }
            if useFiles {
                t.startedAt = f.started ?? rec.started
                t.proposedAt = f.proposed ?? (r.phase == .proposing ? nil : rec.proposed)
                t.archivedAt = (r.phase == .archived || r.phase == .failed) ? (f.archived ?? rec.archived) : nil
            } else {
                // The round in progress is timed by its files when its records say nothing.
                t.startedAt = rec.started ?? f.started
                t.proposedAt = r.phase == .proposing ? nil : (rec.proposed ?? f.proposed)
                t.archivedAt = (r.phase == .archived || r.phase == .failed) ? rec.archived : nil
            }
            if r.phase == .proposing { t.phaseSince = f.started }
            if r.phase == .evaluating { t.phaseSince = f.proposed }
            let benchmark = r.results.first?.benchmark
            t.arrivals = r.results.filter { $0.benchmark == benchmark }.map { set in
                let best = set.best
                return RoundTimeline.Arrival(backbone: set.backbone, at: useFiles || r.kind == .live ? set.modifiedAt : nil,
                                             bestAcc: best?.acc, bestCost: best?.cost)
            }
            .sorted { a, b in
                switch (a.at, b.at) {
                case let (x?, y?) where x != y: return x < y
                default: return FileSystem.naturalOrder(a.backbone, b.backbone)
                }
            }
            out.append(t)
        }
        var timeline = RunTimeline(rounds: out, clock: useFiles ? .files : .records, runLoadedAt: run.loadedAt)
        timeline.sources = sourceTimes(run)
        return timeline
    }

    /// The latest modification time in each part of the run that a search writes to.
    static func sourceTimes(_ run: Run) -> [SourceTime] {
        func latest(_ paths: [String]) -> Date? {
            paths.compactMap { p -> Date? in if case .success(let i) = FileSystem.info(p) { return i.modified } else { return nil } }.max()
        }
        var out: [SourceTime] = []
        if let logs = run.layout.workflowLogs {
            out.append(SourceTime(name: "proposer logs", modifiedAt: latest([logs] + run.rounds.flatMap { r in r.proposerLogFiles + [r.proposerLogDirectory].compactMap { $0 } })))
        }
        if let tr = run.layout.trainingResults {
            let files = run.rounds.filter { $0.kind == .live }.flatMap { $0.results.compactMap(\.csvPath) }
            out.append(SourceTime(name: "training_results", modifiedAt: latest([tr] + files)))
        }
        if let h = run.layout.history {
            out.append(SourceTime(name: "history", modifiedAt: latest([h, FileSystem.join(h, "workflow_index.jsonl")])))
        }
        return out.sorted { ($0.modifiedAt ?? .distantPast) > ($1.modifiedAt ?? .distantPast) }
    }

    struct Times {
        var started: Date?
        var proposed: Date?
        var archived: Date?
    }

    /// Proposing began when the first proposer log file was written; evaluating when
    /// `proposal_result.json` was; archiving when the history folder was last added to.
    static func fileTimes(_ r: Round) -> Times {
        var t = Times()
        if let dir = r.proposerLogDirectory {
            var earliest: Date?
            for f in r.proposerLogFiles where !f.hasSuffix("/proposal_result.json") {
                if case .success(let i) = FileSystem.info(f) { earliest = min(earliest ?? i.modified, i.modified) }
            }
            if earliest == nil, case .success(let i) = FileSystem.info(dir) { earliest = i.modified }
            t.started = earliest
        }
        t.proposed = r.proposedAt
        if r.kind == .archived, case .success(let i) = FileSystem.info(r.directory) { t.archived = i.modified }
        return t
    }

    /// Start from `started_at` or the id's time stamp, proposal from `finished_at` (as the
    /// loader read them), archiving from the next round's start.
    static func recordTimes(_ rounds: [Round]) -> [Times] {
        var out: [Times] = rounds.map { r in
            var t = Times()
            t.started = r.recordedStart ?? r.idTimestamp.flatMap(RoundNaming.date)
            t.proposed = r.recordedProposal
            return t
        }
        // Archived when the next workflow round started (a launched round in between is not one).
        for i in out.indices where rounds[i].kind == .archived && !rounds[i].launched {
            guard let j = rounds.indices.first(where: { $0 > i && !rounds[$0].launched }) else { continue }
            if let next = out[j].started, next >= (out[i].proposed ?? out[i].started ?? next) { out[i].archived = next }
        }
        return out
    }

    /// True when every round's file times run in phase order and its events are spaced
    /// apart (median gap at least `minimumGap` seconds): a checkout or copy writes everything
    /// within milliseconds, a search (or a paced replay) takes its time.
    static func fileClockIsConsistent(_ times: [Times], minimumGap: Double = 0.25) -> Bool {
        var all: [Date] = []
        for t in times {
            let seq = [t.started, t.proposed, t.archived].compactMap { $0 }
            if zip(seq, seq.dropFirst()).contains(where: { $0 > $1 }) { return false }
            all += seq
        }
        all.sort()
        let gaps = zip(all, all.dropFirst()).map { $1.timeIntervalSince($0) }
        guard let median = ReplayPlanBuilder.median(gaps) else { return false }
        return median >= minimumGap
    }
}

/// The judgement "has this round been in its phase unusually long?", shared by the live view
/// and the status bar: more than `factor` times the median time earlier rounds spent in the
/// same phase, and at least `floor` seconds; with no earlier round to compare, `fallback`.
public enum StallRule {
    public static let factor = 3.0
    public static let floor = 30.0
    public static let fallback = 15.0 * 60

    /// A run nobody writes to any more (a recording, a copy, a search that stopped): nothing in
    /// it changed for more than `quietFactor` times the longest phase any round took, and for at
    /// least `quietFloor` (one hour). Such a run gets no stall judgement: "evaluating for 5h,
    /// 20× the usual" says nothing about a recording. A live search writes something at least
    /// once per phase, so it is judged by `judge` until it has been silent that long.
    public static let quietFactor = 3.0
    public static let quietFloor = 3600.0

    /// Also recorded: a copied run (its file times tell no story, so the timeline uses records;
    /// the caller passes `recordedAge` only then) whose round "in progress" began, by its own
    /// records (`Round.recordedStartTime`), more than the threshold plus `recordSlack` (a day:
    /// the records carry no time zone) ago. A checkout has fresh file times but old records (the
    /// sample run's fixed clock dates its round in progress 2026-03-02), so silence alone would
    /// call it stalled for its first hour and more.
    public static let recordSlack = 86_400.0

    public static func isRecorded(quietFor: Double, longestPhase: Double?, recordedAge: Double? = nil) -> Bool {
        let threshold = quietThreshold(longestPhase: longestPhase)
        if quietFor > threshold { return true }
        if let age = recordedAge, age > threshold + recordSlack { return true }
        return false
    }

    /// Seconds of silence after which a run counts as recorded.
    public static func quietThreshold(longestPhase: Double?) -> Double {
        max(quietFactor * (longestPhase ?? 0), quietFloor)
    }

    public static func judge(phase: Round.Phase, elapsed: Double, earlier: [Double]) -> StallVerdict {
        let median = ReplayPlanBuilder.median(earlier)
        let threshold = median.map { max(factor * $0, floor) } ?? fallback
        return StallVerdict(phase: phase, elapsed: max(0, elapsed), median: median, samples: earlier.count, threshold: threshold)
    }
}

public struct StallVerdict: Sendable, Equatable {
    public var phase: Round.Phase
    /// Seconds in the phase so far.
    public var elapsed: Double
    /// Median seconds earlier rounds spent in this phase (nil: none to compare).
    public var median: Double?
    public var samples: Int
    /// Seconds after which the phase counts as unusually long.
    public var threshold: Double

    public var isStalled: Bool { elapsed > threshold }

    /// "evaluating for 4m 10s, 3.4× the median of 6 earlier rounds (1m 13s)".
    public var words: String {
        let head = "\(phase.rawValue) for \(Self.duration(elapsed))"
        guard let m = median else {
            return head + (isStalled ? ", over \(Self.duration(threshold)) with no earlier round to compare" : " (no earlier round to compare)")
        }
        let rounds = samples == 1 ? "1 earlier round" : "\(samples) earlier rounds"
        guard m <= 0 || elapsed >= m else { return head + "; the median of \(rounds) is \(Self.duration(m))" }
        let ratio = m > 0 ? String(format: "%.1f×", elapsed / m) : "far more than"
        return head + ", \(ratio) the median of \(rounds) (\(Self.duration(m)))"
    }

    /// "evaluating 4m 10s, 3.4× the usual 1m 13s": for a status line.
    public var shortWords: String {
        let head = "\(phase.rawValue) \(Self.duration(elapsed))"
        guard let m = median, m > 0 else { return head + (median == nil ? ", nothing to compare" : "") }
        guard elapsed >= m else { return head + ", usually " + Self.duration(m) }
        return head + String(format: ", %.1f× the usual ", elapsed / m) + Self.duration(m)
    }

    /// "42s", "5m 03s", "2h 10m", "3d 4h".
    public static func duration(_ seconds: Double) -> String {
        let t = Int(max(0, seconds))
        if t < 60 { return "\(t)s" }
        if t < 3600 { return String(format: "%dm %02ds", t / 60, t % 60) }
        if t < 86_400 { return String(format: "%dh %02dm", t / 3600, (t % 3600) / 60) }
        return "\(t / 86_400)d \((t % 86_400) / 3600)h"
    }
}
