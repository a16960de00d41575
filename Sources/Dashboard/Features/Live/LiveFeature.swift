import Foundation
import Runs

/// The Live feature's hooks into the reducer, key table and root view: a run still being
/// written, as a timeline of round phases, an event feed and the evaluator's log.
public enum LiveFeature: Feature {
    public static let id: FeatureID = .live
    public static let tabTitle: String? = "Live"
    public static func makeService(_ context: ServiceContext) -> (any FeatureService)? { LiveService(context: context) }

    /// Lines of the evaluator log kept in memory.
    public static let logLineLimit = 1000

    public static func reduce(_ s: inout AppState, _ action: LiveAction) -> [Effect] {
        switch action {
        case .timeline(let t):
            // A measurement of an older load than the one shown is stale.
            if let current = s.live.timeline, current.runLoadedAt > t.runLoadedAt { return [] }
            s.live.timeline = t
        case .logStarted(let path):
            s.live.log.path = path
        case .logAppended(let lines, let partial, let note):
            s.live.log.lines += lines
            if s.live.log.lines.count > logLineLimit { s.live.log.lines.removeFirst(s.live.log.lines.count - logLineLimit) }
            // Scrolled back: keep the same lines in view while new ones arrive below.
            if s.live.logScroll > 0 { s.live.logScroll = min(s.live.logScroll + lines.count, max(0, s.live.log.lines.count - 1)) }
            if !lines.isEmpty || partial != s.live.log.partial { s.live.log.lastChange = s.now }
            s.live.log.partial = partial
            if let note { s.live.log.note = note }
        case .focusNext, .focusPrevious:
            let panes = LivePane.allCases.filter { $0 != .log || s.live.log.path != nil }
            let i = panes.firstIndex(of: s.live.focus) ?? 0
            let step = action == .focusNext ? 1 : panes.count - 1
            s.live.focus = panes[(i + step) % panes.count]
        case .openRound:
            return openSelectedRound(s)
        }
        return []
    }

    public static let bindings: [KeyBinding] = [
        .init(.live, [.up, .char("k"), .down, .char("j")], .move(.down), "Select a round / scroll the focused pane", hint: "move",
              enabled: { $0.snapshot?.run != nil }),
        .init(.live, [.right, .char("l")], .live(.focusNext), "Next pane (rounds, events, evaluator log)", hint: "pane",
              enabled: { $0.snapshot?.run != nil }),
        .init(.live, [.left, .char("h")], .live(.focusPrevious), "Previous pane"),
        .init(.live, [.enter], .drillIn, "Open the selected round (in the feed: the top event's round) in the Rounds view", hint: "open",
              enabled: { !timelineRounds($0).isEmpty }),
        .init(.live, [.char("/")], .beginFilter, "Filter the event feed", hint: "filter",
              enabled: { !$0.live.events.isEmpty || $0.live.filter.isActive }),
        .init(.live, [.end, .char("G")], .move(.bottom), "Last round / follow the newest events and log lines"),
    ]

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        LiveView.render(state, rect, into: &buf)
    }

    public static func keyContexts(_ s: AppState) -> [KeyContext] { [.live, .global] }

    public static func filterPath(_ s: AppState) -> WritableKeyPath<AppState, FilterState>? { \.live.filter }

    public static func filterPrompt(_ s: AppState) -> String { "filter events" }

    public static func filterChanged(_ s: inout AppState) { s.live.eventsScroll = 0 }

    public static func drillIn(_ s: inout AppState) -> [Effect] { openSelectedRound(s) }

    public static func move(_ s: inout AppState, _ d: Direction) {
        switch s.live.focus {
        case .rounds:
            let ids = timelineRounds(s).map(\.id)
            guard !ids.isEmpty else { return }
            let i = s.live.selectedRound.flatMap { ids.firstIndex(of: $0) } ?? ids.count - 1
            s.live.selectedRound = ids[ListCursor.moved(i, d, count: ids.count) ?? i]
        case .events:
            let n = max(0, visibleEvents(s).count - 1)
            s.live.eventsScroll = scrolled(s.live.eventsScroll, d, max: n, downIsOlder: true)
        case .log:
            let n = max(0, s.live.log.lines.count - 1)
            s.live.logScroll = scrolled(s.live.logScroll, d, max: n, downIsOlder: false)
        }
    }

    /// Scroll offsets count lines away from the newest: 0 follows new lines.
    static func scrolled(_ v: Int, _ d: Direction, max: Int, downIsOlder: Bool) -> Int {
        var v = v
        let older = downIsOlder ? 1 : -1
        switch d {
        case .down: v += older
        case .up: v -= older
        case .pageDown: v += 10 * older
        case .pageUp: v -= 10 * older
        case .top: v = downIsOlder ? 0 : max
        case .bottom: v = downIsOlder ? max : 0
        case .left, .right: break
        }
        return Swift.min(Swift.max(0, v), max)
    }

    public static func loaded(_ s: inout AppState, previous: DashboardSnapshot?) -> [Effect] {
        guard let run = s.snapshot?.run else { return [] }
        var effects: [Effect] = []
        var new: [LiveEvent] = []
        if let old = previous?.run {
            new = LiveEvents.diff(from: old, to: run, at: run.loadedAt)
        } else {
            new = [LiveEvents.watching(run, at: run.loadedAt)]
        }
        // Asked on every load until a log is followed: a search may start writing one later.
        if s.live.log.path == nil {
            effects.append(.live(.tailLog(searchLog: run.layout.workflowLogs.map { ($0 as NSString).appendingPathComponent("search_eval.log") })))
        }
        LiveEvents.append(new, to: &s.live.events)
        // Scrolled back in the feed: keep the same events in view as new ones arrive on top.
        if s.live.eventsScroll > 0 {
            let shown = new.filter { matches($0, s.live.filter.text) }.count
            s.live.eventsScroll = min(s.live.eventsScroll + shown, max(0, visibleEvents(s).count - 1))
        }
        let ids = timelineRounds(s).map(\.id)
        if s.live.selectedRound.map({ !ids.contains($0) }) ?? true {
            s.live.selectedRound = run.rounds.last { $0.phase == .proposing || $0.phase == .evaluating }?.id ?? ids.last
        }
        effects.append(.live(.measure(run)))
        return effects
    }

    // MARK: Queries shared with the view and the status bar

    /// The rounds the timeline lists: archived and live rounds, in run order.
    public static func timelineRounds(_ s: AppState) -> [Round] {
        s.snapshot?.run?.rounds.filter { $0.kind == .archived || $0.kind == .live } ?? []
    }

    /// Events passing the feed filter, newest first.
    public static func visibleEvents(_ s: AppState) -> [LiveEvent] {
        s.live.events.reversed().filter { matches($0, s.live.filter.text) }
    }

    static func matches(_ e: LiveEvent, _ filter: String) -> Bool {
        filter.isEmpty || e.text.lowercased().contains(filter.lowercased()) || (e.round?.lowercased().contains(filter.lowercased()) ?? false)
    }

    /// Why a run counts as recorded (nobody writes to it, `StallRule.isRecorded`), and when it
    /// last changed: by its files when it has been silent too long, else (a checkout or copy,
    /// whose file times are fresh) by its records.
    public struct Recording: Equatable, Sendable {
        public var lastChange: Date
        /// True when the judgement came from the records (a copy), not from silence.
        public var byRecords: Bool
        public var quietFor: Double
        public var threshold: Double
    }

    /// nil: live, or no file time known.
    public static func recordedRun(_ s: AppState) -> Recording? {
        guard let snap = s.snapshot else { return nil }
        guard let last = [snap.lastChange, s.live.timeline?.lastSourceChange].compactMap({ $0 }).max() else { return nil }
        let quiet = s.now.timeIntervalSince(last)
        let longest = s.live.timeline?.longestPhase
        let threshold = StallRule.quietThreshold(longestPhase: longest)
        if StallRule.isRecorded(quietFor: quiet, longestPhase: longest) {
            return Recording(lastChange: last, byRecords: false, quietFor: quiet, threshold: threshold)
        }
        // Records count only when the files were all written at once (a checkout or copy: the
        // timeline's clock fell back to the records); a replay or a live search writes its files
        // in order, and its file times are its clock.
        guard s.live.timeline?.clock == .records, let run = snap.run,
              let current = run.rounds.last(where: { $0.phase == .proposing || $0.phase == .evaluating }),
              let started = current.recordedStartTime,
              StallRule.isRecorded(quietFor: quiet, longestPhase: longest, recordedAge: s.now.timeIntervalSince(started)) else { return nil }
        let newest = run.rounds.flatMap { [$0.recordedStartTime, $0.recordedProposal].compactMap { $0 } }.max() ?? started
        return Recording(lastChange: newest, byRecords: true, quietFor: quiet, threshold: threshold)
    }

    /// The judgement on the round in progress, when its phase times are known and still
    /// describe the run as shown.
    public static func stallVerdict(_ s: AppState) -> StallVerdict? {
        guard let t = s.live.timeline, let current = t.current,
              let round = s.snapshot?.run?.round(id: current.roundID), round.phase == current.phase else { return nil }
        return t.stall(now: s.now)
    }

    /// Enter: the round under the timeline cursor, or, in the feed, the round of the event at
    /// the top of the view.
    static func openSelectedRound(_ s: AppState) -> [Effect] {
        var target = s.live.selectedRound
        if s.live.focus == .events {
            let events = visibleEvents(s)
            guard events.indices.contains(s.live.eventsScroll), let name = events[s.live.eventsScroll].round,
                  let round = s.snapshot?.run?.rounds.first(where: { $0.shortName == name }) else { return [] }
            target = round.id
        }
        guard let id = target else { return [] }
        return [.navigate(.openRound(id: id))]
    }

    /// The status bar's liveness: a recording (nobody writes to the run) or a stalled round.
    public static func liveness(_ s: AppState) -> LivenessVerdict? {
        guard let snap = s.snapshot, snap.isRunning else { return nil }
        if let rec = recordedRun(s) {
            // Nobody writes to it: a recording, not a stalled search. A copy's file times are
            // its copying's: its records say when it last changed.
            let when = rec.byRecords ? Format.clock(rec.lastChange) + " (records)" : Format.ago(rec.lastChange, now: s.now)
            return LivenessVerdict("◼ recorded run, last change \(when)", Style(.accent), saysWhen: true)
        }
        // The judgement on time in phase against earlier rounds when measured; else the same
        // rule with nothing to compare: no file change for the stall threshold.
        if let v = stallVerdict(s) {
            if v.isStalled, let name = s.live.timeline?.current?.name {
                return LivenessVerdict("⚠ \(name) stalled? \(v.shortWords)", Style(.warning, bold: true))
            }
        } else if let last = snap.lastChange,
                  StallRule.judge(phase: .evaluating, elapsed: s.now.timeIntervalSince(last), earlier: []).isStalled {
            return LivenessVerdict("⚠ running, no change for \(Format.duration(s.now.timeIntervalSince(last))) (stuck?)", Style(.warning, bold: true))
        }
        return nil
    }
}
