/// What the Frontier view plots, as plain data: for each (backbone, benchmark) a set of
/// series of (cost, accuracy) points. Points without both numbers are simply not given.
public struct FrontierViewModel: Sendable, Equatable {
    public var backbones: [String]
    public var benchmarks: [String]
    public var panels: [FrontierPanel]
    /// Label of the series pinned as baseline when the view opens (e.g. "Parallel-Probe").
    public var baseline: String?

    public init(backbones: [String], benchmarks: [String], panels: [FrontierPanel], baseline: String? = nil) {
        self.backbones = backbones; self.benchmarks = benchmarks; self.panels = panels; self.baseline = baseline
    }

    public static let empty = FrontierViewModel(backbones: [], benchmarks: [], panels: [])

    public func panel(backbone: String, benchmark: String) -> FrontierPanel? {
        panels.first { $0.backbone == backbone && $0.benchmark == benchmark }
    }

    /// Every series label across panels, in first-seen order (for stable colours and markers).
    public var seriesLabels: [String] {
        var seen: [String] = []
        for p in panels { for s in p.series where !seen.contains(s.label) { seen.append(s.label) } }
        return seen
    }
}

public struct FrontierPanel: Sendable, Equatable {
    public var backbone: String
    public var benchmark: String
    public var series: [PlotSeries]

    public init(backbone: String, benchmark: String, series: [PlotSeries]) {
        self.backbone = backbone; self.benchmark = benchmark; self.series = series
    }
}

/// One curve: a method family (ASC, ESC, …) or one discovery round's controller.
public struct PlotSeries: Sendable, Equatable {
    public var label: String
    /// e.g. "handcrafted" or "discovered"; shown in the legend and cursor readout.
    public var family: String
    /// Always in cost order: the Frontier cursor is an index into it (`cursorPoint`).
    public private(set) var points: [PlotPoint]

    public init(label: String, family: String, points: [PlotPoint]) {
        self.label = label; self.family = family; self.points = points.sorted { $0.cost < $1.cost }
    }

    /// Adds a point where its cost puts it.
    public mutating func insert(_ p: PlotPoint) {
        points.insert(p, at: points.firstIndex { $0.cost > p.cost } ?? points.endIndex)
    }

    /// Marks each point on (or off) a frontier computed elsewhere; the order does not change.
    public mutating func setOnFrontier(_ on: Bool, at i: Int) { points[i].onFrontier = on }

    /// The points in cost order (the stored order; the name says why indexes into it hold).
    public var pointsByCost: [PlotPoint] { points }
}

public struct PlotPoint: Sendable, Equatable {
    /// Total tokens per question.
    public var cost: Double
    /// Accuracy in percent.
    public var acc: Double
    /// The configuration that produced it, e.g. "beta=0.5" or "max_samples=16".
    public var config: String
    /// On the Pareto frontier of its panel (filled by `Pareto.mark` if the adapter does not).
    public var onFrontier: Bool

    public init(cost: Double, acc: Double, config: String, onFrontier: Bool = false) {
        self.cost = cost; self.acc = acc; self.config = config; self.onFrontier = onFrontier
    }
}

/// Pareto frontier for "fewer tokens, higher accuracy".
public enum Pareto {
    /// Indexes (into `points`) of the points no other point beats on both axes, by cost.
    public static func frontier(_ points: [(cost: Double, acc: Double)]) -> [Int] {
        let order = points.indices.sorted { points[$0].cost != points[$1].cost ? points[$0].cost < points[$1].cost : points[$0].acc > points[$1].acc }
        var best = -Double.infinity
        var out: [Int] = []
        for i in order where points[i].acc > best {
            out.append(i)
            best = points[i].acc
        }
        return out
    }

    /// Sets `onFrontier` on every point of a panel from the frontier over all its series.
    public static func mark(_ panel: FrontierPanel) -> FrontierPanel {
        var p = panel
        var flat: [(s: Int, i: Int)] = []
        var pts: [(cost: Double, acc: Double)] = []
        for (si, s) in p.series.enumerated() {
            for (pi, pt) in s.points.enumerated() {
                flat.append((si, pi))
                pts.append((pt.cost, pt.acc))
                p.series[si].setOnFrontier(false, at: pi)
            }
        }
        for k in frontier(pts) { p.series[flat[k].s].setOnFrontier(true, at: flat[k].i) }
        return p
    }
}
