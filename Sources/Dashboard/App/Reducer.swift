import Foundation

/// The pure state transition: `reduce(state, action) -> (state, effects)`. No I/O here;
/// loading and quitting are requested as effects and performed by the runner.
public enum Reducer {
    public static func reduce(_ state: AppState, _ action: Action) -> (AppState, [Effect]) {
        var s = state
        var effects: [Effect] = []
        switch action {
        case .quit:
            s.quitting = true
            effects.append(.quit)
        case .refresh:
            s.loading = true
            effects.append(.load)
        case .toggleHelp:
            s.showHelp.toggle()
            s.helpScroll = 0
        case .resize(let w, let h):
            s.width = max(0, w)
            s.height = max(0, h)
        case .tick(let date):
            s.now = date
            if let since = s.messageSince, date.timeIntervalSince(since) >= AppState.messageLifetime {
                s.message = nil
            }
        case .showMessage(let m):
            s.message = m
        case .dismissMessage:
            s.message = nil
        case .selectTab(let t):
            s.tab = t
            s.showHelp = false
        case .nextTab:
            s.tab = s.tab.next()
            s.showHelp = false
        case .previousTab:
            s.tab = s.tab.previous()
            s.showHelp = false
        case .move(let d):
            move(&s, d)
        case .drillIn:
            if let feature = Focus.feature(s) {
                effects += feature.drillIn(&s)
            } else if s.tab == .rounds, !s.rounds.detailOpen, s.selectedRound != nil {
                s.rounds.detailOpen = true
                s.rounds.detailScroll = 0
            } else if s.tab == .frontier {
                // Enter on a point opens its questions in the trace view.
                effects += TraceFeature.openFromFrontier(&s)
            }
        case .back:
            if s.showHelp { s.showHelp = false } else if let feature = Focus.feature(s), feature.back(&s) {
                // The feature closed a pane or cleared its own filter.
            } else if s.tab == .rounds, s.rounds.detailOpen {
                s.rounds.detailOpen = false
                s.rounds.search = FilterState()
            } else if activeFilter(s).isActive {
                updateFilter(&s) { $0 = FilterState() }
            }
        case .beginFilter:
            updateFilter(&s) { f in f.previous = f.text; f.editing = true }
        case .filterInput(let c):
            updateFilter(&s) { $0.text.append(c) }
            filterChanged(&s)
        case .filterDeleteBackward:
            updateFilter(&s) { f in if !f.text.isEmpty { f.text.removeLast() } }
            filterChanged(&s)
        case .filterCommit:
            updateFilter(&s) { $0.editing = false }
            if let feature = Focus.feature(s) {
                feature.filterCommitted(&s)
            } else if s.tab == .rounds, s.rounds.detailOpen {
                jumpToMatch(&s, forward: true, includeCurrent: true)
            }
        case .filterCancel:
            updateFilter(&s) { f in f.text = f.previous; f.editing = false }
            filterChanged(&s)
        case .nextMatch:
            nextMatch(&s, forward: true)
        case .previousMatch:
            nextMatch(&s, forward: false)
        case .toggleSeries:
            if let label = s.frontier.focusSeries {
                if s.frontier.hidden.contains(label) { s.frontier.hidden.remove(label) } else { s.frontier.hidden.insert(label) }
            }
        case .showAllSeries:
            s.frontier.hidden = []
        case .pinBaseline:
            if let label = s.frontier.focusSeries {
                s.frontier.pinned = s.frontier.pinned == label ? nil : label
                s.frontier.pinnedByUser = true
            }
        case .nextBackbone, .previousBackbone:
            let n = s.frontierModel.backbones.count
            if n > 0 { s.frontier.backbone = (s.frontier.backbone + (action == .nextBackbone ? 1 : n - 1)) % n }
            snapCursor(&s)
        case .nextBenchmark, .previousBenchmark:
            let n = s.frontierModel.benchmarks.count
            if n > 0 { s.frontier.benchmark = (s.frontier.benchmark + (action == .nextBenchmark ? 1 : n - 1)) % n }
            snapCursor(&s)
        case .toggleSmallMultiples:
            s.frontier.smallMultiples.toggle()
        case .toggleBraille:
            s.frontier.braille.toggle()
        case .trace(let a):
            effects += TraceFeature.reduce(&s, a)
        case .compare(let a):
            effects += CompareFeature.reduce(&s, a)
        case .live(let a):
            effects += LiveFeature.reduce(&s, a)
        case .launch(let a):
            effects += LaunchFeature.reduce(&s, a)
        case .loadStarted:
            s.loading = true
        case .loaded(let snap):
            let previous = s.snapshot
            s.snapshot = snap
            s.loading = false
            s.loadError = nil
            clampAfterLoad(&s, previous: previous)
            effects += TraceFeature.loaded(&s, previous: previous)
            effects += CompareFeature.loaded(&s, previous: previous)
            effects += LiveFeature.loaded(&s, previous: previous)
            effects += LaunchFeature.loaded(&s, previous: previous)
        case .loadFailed(let e):
            s.loading = false
            s.loadError = e
        }
        // Any message that appeared (or changed) is timed from now; a cleared one has no time.
        if s.message == nil {
            s.messageSince = nil
        } else if s.message != state.message {
            s.messageSince = s.now
        }
        return (s, effects)
    }

    // MARK: Filters

    /// Where the filter that `/` edits in the current context lives, if there is one.
    static func filterPath(_ s: AppState) -> WritableKeyPath<AppState, FilterState>? {
        if let feature = Focus.feature(s) { return feature.filterPath(s) }
        switch s.tab {
        case .rounds: return s.rounds.detailOpen ? \.rounds.search : \.rounds.filter
        case .frontier: return \.frontier.filter
        default: return nil
        }
    }

    /// The filter that `/` edits in the current context.
    static func activeFilter(_ s: AppState) -> FilterState {
        filterPath(s).map { s[keyPath: $0] } ?? FilterState()
    }

    static func updateFilter(_ s: inout AppState, _ change: (inout FilterState) -> Void) {
        if let path = filterPath(s) { change(&s[keyPath: path]) }
    }

    static func filterChanged(_ s: inout AppState) {
        if let feature = Focus.feature(s) { return feature.filterChanged(&s) }
        switch s.tab {
        case .rounds:
            if s.rounds.detailOpen {
                jumpToMatch(&s, forward: true, includeCurrent: true)
            } else {
                s.rounds.selected = min(s.rounds.selected, max(0, s.visibleRounds.count - 1))
            }
        case .frontier: snapCursor(&s)
        default: break
        }
    }

    /// n/N: the next match of the search in the detail pane, or the next filtered round.
    static func nextMatch(_ s: inout AppState, forward: Bool) {
        if let feature = Focus.feature(s) {
            feature.nextMatch(&s, forward: forward)
        } else if s.tab == .rounds, s.rounds.detailOpen {
            jumpToMatch(&s, forward: forward, includeCurrent: false)
        } else if s.tab == .rounds {
            let n = s.visibleRounds.count
            if n > 0 { s.rounds.selected = (s.rounds.selected + (forward ? 1 : n - 1)) % n }
        } else if s.tab == .frontier {
            moveFocus(&s, by: forward ? 1 : -1)
        }
    }

    static func jumpToMatch(_ s: inout AppState, forward: Bool, includeCurrent: Bool) {
        let needle = s.rounds.search.text.lowercased()
        guard !needle.isEmpty else { return }
        let lines = s.detailLines
        guard !lines.isEmpty else { return }
        let start = s.rounds.detailScroll
        for step in (includeCurrent ? 0 : 1)...lines.count {
            let i = ((start + (forward ? step : -step)) % lines.count + lines.count) % lines.count
            if lines[i].lowercased().contains(needle) {
                s.rounds.detailScroll = i
                return
            }
        }
    }

    // MARK: Movement

    static func move(_ s: inout AppState, _ d: Direction) {
        if s.showHelp {
            let last = HelpOverlay.maxScroll(screenHeight: s.height, screenWidth: s.width)
            if let v = ListCursor.moved(min(s.helpScroll, last), d, count: last + 1) { s.helpScroll = v }
            return
        }
        if let feature = Focus.feature(s) { return feature.move(&s, d) }
        switch s.tab {
        case .rounds: moveRounds(&s, d)
        case .frontier: moveFrontier(&s, d)
        default: break
        }
    }

    static func moveRounds(_ s: inout AppState, _ d: Direction) {
        if s.rounds.detailOpen {
            if let v = ListCursor.moved(s.rounds.detailScroll, d, count: s.detailLines.count, page: max(1, s.height - 6)) {
                s.rounds.detailScroll = v
            }
            return
        }
        switch d {
        case .left: s.rounds.backboneOffset = max(0, s.rounds.backboneOffset - 1)
        case .right:
            let b = s.snapshot?.rounds.backbones.count ?? 0
            s.rounds.backboneOffset = min(max(0, b - 1), s.rounds.backboneOffset + 1)
        default:
            if let sel = ListCursor.moved(s.rounds.selected, d, count: s.visibleRounds.count) { s.rounds.selected = sel }
        }
    }

    static func moveFrontier(_ s: inout AppState, _ d: Direction) {
        switch d {
        case .up: moveFocus(&s, by: -1)
        case .down: moveFocus(&s, by: 1)
        case .left, .right, .pageUp, .pageDown, .top, .bottom:
            moveCursorAlongCost(&s, d)
        }
    }

    /// Left/right: the nearest drawn point with lower/higher cost, across all drawn series.
    static func moveCursorAlongCost(_ s: inout AppState, _ d: Direction) {
        guard let panel = s.currentPanel else { return }
        var all: [(label: String, index: Int, cost: Double, acc: Double)] = []
        for series in s.drawnSeries(panel) {
            for (i, p) in series.points.sorted(by: { $0.cost < $1.cost }).enumerated() {
                all.append((series.label, i, p.cost, p.acc))
            }
        }
        guard !all.isEmpty else { return }
        all.sort { $0.cost != $1.cost ? $0.cost < $1.cost : $0.acc < $1.acc }
        let current = all.firstIndex { $0.label == s.frontier.focusSeries && $0.index == s.frontier.cursorPoint }
        var k: Int
        switch d {
        case .left: k = (current ?? 1) - 1
        case .right: k = (current ?? -1) + 1
        case .pageUp, .top: k = 0
        default: k = all.count - 1
        }
        k = min(max(0, k), all.count - 1)
        s.frontier.focusSeries = all[k].label
        s.frontier.cursorPoint = all[k].index
    }

    /// Up/down: the previous/next series in the legend; the cursor snaps to its point
    /// nearest in cost to where the cursor was.
    static func moveFocus(_ s: inout AppState, by delta: Int) {
        guard let panel = s.currentPanel else { return }
        let series = s.legendSeries(panel)
        guard !series.isEmpty else { return }
        let oldCost = s.cursorTarget?.point.cost
        let i = series.firstIndex { $0.label == s.frontier.focusSeries } ?? (delta > 0 ? -1 : series.count)
        let next = series[min(max(0, i + delta), series.count - 1)]
        s.frontier.focusSeries = next.label
        s.frontier.cursorPoint = nearestIndex(in: next, cost: oldCost)
    }

    static func nearestIndex(in series: PlotSeries, cost: Double?) -> Int {
        let sorted = series.points.sorted { $0.cost < $1.cost }
        guard let cost, cost > 0, !sorted.isEmpty else { return 0 }
        var best = 0
        var bestDist = Double.infinity
        for (i, p) in sorted.enumerated() where p.cost > 0 {
            let dist = abs(log10(p.cost) - log10(cost))
            if dist < bestDist { bestDist = dist; best = i }
        }
        return best
    }

    /// Keeps the cursor on an existing series after the panel or filter changed.
    static func snapCursor(_ s: inout AppState) {
        guard let panel = s.currentPanel else { return }
        let series = s.legendSeries(panel)
        let oldCost = s.cursorTarget?.point.cost
        if let label = s.frontier.focusSeries, let same = series.first(where: { $0.label == label }) {
            s.frontier.cursorPoint = nearestIndex(in: same, cost: oldCost)
            s.frontier.cursorPoint = min(s.frontier.cursorPoint, max(0, same.points.count - 1))
        } else if let first = series.last ?? series.first {
            s.frontier.focusSeries = first.label
            s.frontier.cursorPoint = max(0, first.points.count - 1)
        }
    }

    /// After a reload, keeps every cursor on the same thing rather than the same index: the
    /// selected round by id, the backbone and benchmark by name, the Frontier cursor on the same
    /// point of the same series, scroll positions where they were (clamped to what exists).
    static func clampAfterLoad(_ s: inout AppState, previous: DashboardSnapshot? = nil) {
        var before = s
        before.snapshot = previous
        let f = s.frontierModel
        if previous != nil {
            // Rounds: the same round stays selected, even when rounds are inserted before it.
            if let id = before.selectedRound?.id, let i = s.visibleRounds.firstIndex(where: { $0.id == id }) {
                s.rounds.selected = i
            }
            if before.selectedRound?.id != s.selectedRound?.id { s.rounds.detailScroll = 0 }
            // Backbone columns and Frontier panels: by name.
            s.rounds.backboneOffset = sameIndex(of: before.snapshot?.rounds.backbones, at: s.rounds.backboneOffset,
                                                in: s.snapshot?.rounds.backbones ?? [])
            s.frontier.backbone = sameIndex(of: before.frontierModel.backbones, at: s.frontier.backbone, in: f.backbones)
            s.frontier.benchmark = sameIndex(of: before.frontierModel.benchmarks, at: s.frontier.benchmark, in: f.benchmarks)
        }
        s.rounds.selected = min(s.rounds.selected, max(0, s.visibleRounds.count - 1))
        s.rounds.detailScroll = min(s.rounds.detailScroll, max(0, s.detailLines.count - 1))
        s.rounds.backboneOffset = min(s.rounds.backboneOffset, max(0, (s.snapshot?.rounds.backbones.count ?? 0) - 1))
        s.frontier.backbone = min(s.frontier.backbone, max(0, f.backbones.count - 1))
        s.frontier.benchmark = min(s.frontier.benchmark, max(0, f.benchmarks.count - 1))
        if !s.frontier.pinnedByUser { s.frontier.pinned = f.baseline }
        // Frontier cursor: the same point (by configuration, else nearest cost) of the same series.
        if let old = before.cursorTarget, let panel = s.currentPanel,
           let series = s.legendSeries(panel).first(where: { $0.label == old.series.label }) {
            let sorted = series.points.sorted { $0.cost < $1.cost }
            if let i = sorted.firstIndex(where: { $0.config == old.point.config && $0.cost == old.point.cost })
                ?? sorted.firstIndex(where: { $0.config == old.point.config }) {
                s.frontier.cursorPoint = i
            } else {
                s.frontier.cursorPoint = nearestIndex(in: series, cost: old.point.cost)
            }
            return
        }
        snapCursor(&s)
    }

    /// The index of the name that was at `index` in `old`, found in `new`; else `index` itself.
    static func sameIndex(of old: [String]?, at index: Int, in new: [String]) -> Int {
        guard let old, old.indices.contains(index), let i = new.firstIndex(of: old[index]) else { return index }
        return i
    }
}
