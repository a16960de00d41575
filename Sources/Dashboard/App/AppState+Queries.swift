import Foundation

/// Derived data the reducer and the views share, so both agree on what is shown.
extension AppState {
    /// Rounds rows that pass the filter, with their index in the full list.
    public var visibleRounds: [RoundRow] {
        guard let rows = snapshot?.rounds.rows else { return [] }
        let f = rounds.filter.text.lowercased()
        if f.isEmpty { return rows }
        return rows.filter { row in
            row.name.lowercased().contains(f) || row.id.lowercased().contains(f) || row.phase.label.contains(f)
                || (row.detail.summary?.lowercased().contains(f) ?? false)
        }
    }

    public var selectedRound: RoundRow? {
        let rows = visibleRounds
        return rows.indices.contains(rounds.selected) ? rows[rounds.selected] : nil
    }

    public var frontierModel: FrontierViewModel { snapshot?.frontier ?? .empty }

    public var currentBackbone: String? {
        let b = frontierModel.backbones
        return b.isEmpty ? nil : b[min(frontier.backbone, b.count - 1)]
    }

    public var currentBenchmark: String? {
        let d = frontierModel.benchmarks
        return d.isEmpty ? nil : d[min(frontier.benchmark, d.count - 1)]
    }

    /// The panel the cursor lives in.
    public var currentPanel: FrontierPanel? {
        guard let b = currentBackbone, let d = currentBenchmark else { return nil }
        return frontierModel.panel(backbone: b, benchmark: d)
    }

    /// Series of a panel that pass the filter (hidden ones included; the legend shows them off).
    public func legendSeries(_ panel: FrontierPanel) -> [PlotSeries] {
        let f = frontier.filter.text.lowercased()
        return panel.series.filter { f.isEmpty || $0.label.lowercased().contains(f) || $0.family.lowercased().contains(f) }
    }

    /// Series of a panel that are drawn.
    public func drawnSeries(_ panel: FrontierPanel) -> [PlotSeries] {
        legendSeries(panel).filter { !frontier.hidden.contains($0.label) }
    }

    /// The point under the cursor, if its series is drawn.
    public var cursorTarget: (series: PlotSeries, point: PlotPoint, index: Int)? {
        guard let panel = currentPanel, let label = frontier.focusSeries,
              let s = drawnSeries(panel).first(where: { $0.label == label }), !s.points.isEmpty else { return nil }
        let sorted = s.points.sorted { $0.cost < $1.cost }
        let i = min(max(0, frontier.cursorPoint), sorted.count - 1)
        return (s, sorted[i], i)
    }

    /// Text lines of the round detail pane (results, summary, source), before sanitising.
    public var detailLines: [String] {
        guard let row = selectedRound else { return [] }
        return RoundDetailText.lines(for: row, backbones: snapshot?.rounds.backbones ?? [], width: RoundDetailText.textWidth(screen: width))
    }
}
