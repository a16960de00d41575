import Foundation

public struct FrontierUIState: Sendable, Equatable {
    public var backbone = 0
    public var benchmark = 0
    /// Series labels switched off.
    public var hidden: Set<String> = []
    /// The series pinned as baseline; nil until the data gives one or the user pins one.
    public var pinned: String?
    public var pinnedByUser = false
    /// The series the legend focus is on (by label) and the cursor point within it.
    public var focusSeries: String?
    public var cursorPoint = 0
    public var smallMultiples = false
    public var braille = true
    public var filter = FilterState()
    public init() {}
}

/// The Frontier view's own actions.
public enum FrontierAction: Equatable, Sendable {
    case toggleSeries
    case showAllSeries
    case pinBaseline
    case nextBackbone
    case previousBackbone
    case nextBenchmark
    case previousBenchmark
    case toggleSmallMultiples
    case toggleBraille
}

extension Action { public static func frontier(_ a: FrontierAction) -> Action { .feature(FeatureValue(a)) } }

extension FeatureID { public static let frontier: FeatureID = "frontier" }

extension KeyContext { public static let frontier = KeyContext("Frontier") }

/// Derived data the reducer and the views share, so both agree on what is shown.
extension AppState {
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
        let sorted = s.pointsByCost
        let i = min(max(0, frontier.cursorPoint), sorted.count - 1)
        return (s, sorted[i], i)
    }
}
