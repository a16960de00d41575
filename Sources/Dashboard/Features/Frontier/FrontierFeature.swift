import Foundation

/// The Frontier tab: accuracy against tokens per backbone and benchmark, the series as a
/// switchboard (toggle, pin a baseline), a cursor that walks points by cost.
public enum FrontierFeature: Feature {
    public static let id: FeatureID = .frontier
    public static let tabTitle: String? = "Frontier"

    public static let bindings: [KeyBinding] = [
        .init(.frontier, [.left, .char("h"), .right, .char("l")], .move(.right), "Move the cursor to the previous / next point by cost", hint: "point",
              enabled: { $0.cursorTarget != nil }),
        .init(.frontier, [.up, .char("k"), .down, .char("j")], .move(.down), "Focus the previous / next series", hint: "series",
              enabled: { s in s.currentPanel.map { s.legendSeries($0).count > 1 } ?? false }),
        .init(.frontier, [.char(" ")], .frontier(.toggleSeries), "Show or hide the focused series", hint: "toggle",
              enabled: { $0.frontier.focusSeries != nil }),
        .init(.frontier, [.char("a")], .frontier(.showAllSeries), "Show all series"),
        .init(.frontier, [.char("p")], .frontier(.pinBaseline), "Pin the focused series as baseline (again to unpin)", hint: "pin",
              enabled: { $0.frontier.focusSeries != nil }),
        .init(.frontier, [.char("b")], .frontier(.nextBackbone), "Next backbone", hint: "backbone",
              enabled: { $0.frontierModel.backbones.count > 1 }),
        .init(.frontier, [.char("B")], .frontier(.previousBackbone), "Previous backbone"),
        .init(.frontier, [.char("d")], .frontier(.nextBenchmark), "Next benchmark", hint: "benchmark",
              enabled: { $0.frontierModel.benchmarks.count > 1 }),
        .init(.frontier, [.char("D")], .frontier(.previousBenchmark), "Previous benchmark"),
        .init(.frontier, [.char("m")], .frontier(.toggleSmallMultiples), "One large plot / all backbones side by side", hint: "all/one",
              enabled: { $0.frontierModel.backbones.count > 1 }),
        .init(.frontier, [.char("o")], .frontier(.toggleBraille), "Braille dots / block characters (for fonts without braille)"),
        .init(.frontier, [.char("/")], .beginFilter, "Filter series by name"),
    ]

    public static func reduce(_ s: inout AppState, _ action: FrontierAction) -> [Effect] {
        switch action {
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
        }
        return []
    }

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        FrontierView.render(state, rect, into: &buf)
    }

    public static func keyContexts(_ s: AppState) -> [KeyContext] { [.frontier, .global] }

    public static func move(_ s: inout AppState, _ d: Direction) {
        switch d {
        case .up: moveFocus(&s, by: -1)
        case .down: moveFocus(&s, by: 1)
        case .left, .right, .pageUp, .pageDown, .top, .bottom:
            moveCursorAlongCost(&s, d)
        }
    }

    /// Enter on a point: its questions, in the Trace view.
    public static func drillIn(_ s: inout AppState) -> [Effect] {
        guard let cursor = s.cursorTarget, let backbone = s.currentBackbone, let benchmark = s.currentBenchmark else { return [] }
        return [.navigate(.tracePoint(series: cursor.series.label, point: cursor.point, backbone: backbone, benchmark: benchmark))]
    }

    public static func filterPath(_ s: AppState) -> WritableKeyPath<AppState, FilterState>? { \.frontier.filter }
    public static func filterPrompt(_ s: AppState) -> String { "filter series" }
    public static func filterChanged(_ s: inout AppState) { snapCursor(&s) }
    public static func nextMatch(_ s: inout AppState, forward: Bool) { moveFocus(&s, by: forward ? 1 : -1) }

    /// Left/right: the nearest drawn point with lower/higher cost, across all drawn series.
    static func moveCursorAlongCost(_ s: inout AppState, _ d: Direction) {
        guard let panel = s.currentPanel else { return }
        var all: [(label: String, index: Int, cost: Double, acc: Double)] = []
        for series in s.drawnSeries(panel) {
            for (i, p) in series.pointsByCost.enumerated() { all.append((series.label, i, p.cost, p.acc)) }
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
        let sorted = series.pointsByCost
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

    /// After a reload: the backbone and benchmark by name, the cursor on the same point (by
    /// configuration, else nearest cost) of the same series; the data's baseline unless the
    /// user pinned one.
    public static func loaded(_ s: inout AppState, previous: DashboardSnapshot?) -> [Effect] {
        var before = s
        before.snapshot = previous
        let f = s.frontierModel
        if previous != nil {
            s.frontier.backbone = ListCursor.sameIndex(of: before.frontierModel.backbones, at: s.frontier.backbone, in: f.backbones)
            s.frontier.benchmark = ListCursor.sameIndex(of: before.frontierModel.benchmarks, at: s.frontier.benchmark, in: f.benchmarks)
        }
        s.frontier.backbone = min(s.frontier.backbone, max(0, f.backbones.count - 1))
        s.frontier.benchmark = min(s.frontier.benchmark, max(0, f.benchmarks.count - 1))
        if !s.frontier.pinnedByUser { s.frontier.pinned = f.baseline }
        if let old = before.cursorTarget, let panel = s.currentPanel,
           let series = s.legendSeries(panel).first(where: { $0.label == old.series.label }) {
            let sorted = series.pointsByCost
            if let i = sorted.firstIndex(where: { $0.config == old.point.config && $0.cost == old.point.cost })
                ?? sorted.firstIndex(where: { $0.config == old.point.config }) {
                s.frontier.cursorPoint = i
            } else {
                s.frontier.cursorPoint = nearestIndex(in: series, cost: old.point.cost)
            }
            return []
        }
        snapCursor(&s)
        return []
    }
}
