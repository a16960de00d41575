import Foundation

/// One side of a comparison: a round, or one method family of a round (`seed/asc`).
public struct CompareSide: Sendable, Hashable {
    public var roundID: String
    public var roundName: String
    /// Only this family's rows (`asc`, `sc`, …); nil for the whole round.
    public var family: String?

    public init(roundID: String, roundName: String, family: String? = nil) {
        self.roundID = roundID
        self.roundName = roundName
        self.family = family
    }

    /// `r0004`, `seed/asc`.
    public var label: String { family.map { "\(roundName)/\($0)" } ?? roundName }

    /// Resolves `r0004`, `seed`, `seed/asc`, `4` (anything `Run.round(named:)` takes, optionally
    /// followed by `/family`). nil when the round is unknown.
    public static func resolve(_ name: String, in run: Run) -> CompareSide? {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let r = run.round(named: first) else { return nil }
        let family = parts.count > 1 && !parts[1].isEmpty ? parts[1].lowercased() : nil
        return CompareSide(roundID: r.id, roundName: r.shortName, family: family)
    }

    /// The side's rows on one backbone and benchmark (in file order).
    public func rows(in run: Run, backbone: String, benchmark: String) -> [ResultRow] {
        guard let set = run.round(id: roundID)?.results(backbone: backbone, benchmark: benchmark) else { return [] }
        guard let family else { return set.rows }
        return set.rows.filter { $0.configuration.family == family || $0.configuration.name.lowercased() == family }
    }
}

/// Two or more rounds compared on one backbone and benchmark: their frontiers, the union
/// frontier, a delta table over shared configurations, and summaries against the pinned baseline.
///
/// Conventions: costs are average tokens per question, accuracies in percent; frontiers are read
/// by linear interpolation in (log10 cost, accuracy); every difference is "side minus baseline",
/// so a positive accuracy delta and a negative cost delta are improvements.
public struct RoundComparison: Sendable {
    /// One reported (Acc, Cost) of a configuration on one side.
    public struct Cell: Sendable, Hashable {
        public var acc: Double?
        public var cost: Double?
        /// The row's line in its CSV.
        public var line: Int
    }

    /// One configuration (e.g. `beta=0.5`, `asc max_samples=16`) across the sides.
    public struct DeltaRow: Sendable {
        public var family: String
        /// The configuration's label (its knobs; the family is prefixed for built-in baselines).
        public var configuration: String
        /// One entry per side; nil when that side has no such configuration.
        public var cells: [Cell?]
        /// Side minus baseline, per side (nil for the baseline itself or when either is missing).
        public var accDelta: [Double?]
        public var costDelta: [Double?]
        /// True when at least two sides report it.
        public var isShared: Bool { cells.filter { $0 != nil }.count >= 2 }
    }

    /// Where one frontier beats the other, over a range of budgets.
    public struct DominanceSegment: Sendable, Hashable {
        public enum Winner: Sendable, Hashable { case side, baseline, tie }
        public var lowCost: Double
        public var highCost: Double
        public var winner: Winner
    }

    /// A side's frontier against the baseline's.
    public struct Summary: Sendable {
        public var side: Int
        public var bestAcc: Double?
        public var baselineBestAcc: Double?
        /// Signed area between the frontiers over their shared cost range (see `Frontier.area`).
        public var area: FrontierArea?
        /// The accuracy both frontiers reach (the lower of the two best accuracies), the cost each
        /// needs for it, and the tokens saved (baseline minus side; positive = side cheaper).
        public var equalAccuracy: Double?
        public var sideCostAtEqualAccuracy: Double?
        public var baselineCostAtEqualAccuracy: Double?
        /// True when that frontier's cheapest point is already above the equal accuracy: the cost
        /// given is its cheapest point's, an upper bound ("at most").
        public var sideCostIsUpperBound = false
        public var baselineCostIsUpperBound = false
        public var tokensSaved: Double? {
            guard let s = sideCostAtEqualAccuracy, let b = baselineCostAtEqualAccuracy else { return nil }
            return b - s
        }
        public var tokensSavedPercent: Double? {
            guard let t = tokensSaved, let b = baselineCostAtEqualAccuracy, b > 0 else { return nil }
            return t / b * 100
        }
        /// The budget compared at (the baseline's cost for its best accuracy, clipped to the
        /// shared range) and the accuracy each reaches there.
        public var equalCost: Double?
        public var sideAccAtEqualCost: Double?
        public var baselineAccAtEqualCost: Double?
        public var accuracyGained: Double? {
            guard let s = sideAccAtEqualCost, let b = baselineAccAtEqualCost else { return nil }
            return s - b
        }
        /// Budgets where each frontier is above the other (over the shared range), cheapest first.
        public var dominance: [DominanceSegment]
    }

    /// The stretch of the union frontier that one side supplies.
    public struct UnionStretch: Sendable, Hashable {
        public var side: Int
        public var lowCost: Double
        public var highCost: Double
        public var points: Int
    }

    public var backbone: String
    public var benchmark: String
    public var sides: [CompareSide]
    /// Index into `sides` of the pinned baseline.
    public var baseline: Int
    /// Each side's plotted points (Acc and Cost both reported), sorted by cost.
    public var points: [[FrontierData.Point]]
    public var curves: [FrontierCurve]
    /// The frontier of all sides' points together, and which side supplies which stretch.
    public var union: FrontierCurve
    public var unionStretches: [UnionStretch]
    public var rows: [DeltaRow]
    /// One per side other than the baseline, in side order.
    public var summaries: [Summary]
    /// The run's seed-baseline SC@64 row on this backbone and benchmark, when it has one (the
    /// headline's reference even when the seeds are not among the sides).
    public var seedSC64: FrontierData.Point?

    public static func make(run: Run, sides: [CompareSide], baseline: Int = 0, backbone: String, benchmark: String) -> RoundComparison {
        let base = min(max(0, baseline), max(0, sides.count - 1))
        var points: [[FrontierData.Point]] = []
        var rowsPerSide: [[ResultRow]] = []
        for side in sides {
            let rows = side.rows(in: run, backbone: backbone, benchmark: benchmark)
            rowsPerSide.append(rows)
            let csv = run.round(id: side.roundID)?.results(backbone: backbone, benchmark: benchmark)?.csvPath
            let pts = rows.compactMap { row -> FrontierData.Point? in
                guard let a = row.acc, let c = row.cost else { return nil }
                return FrontierData.Point(roundID: side.roundID, roundName: side.label, family: row.configuration.family,
                                          label: configurationLabel(row.configuration), acc: a, cost: c, onFrontier: false,
                                          line: row.line, csvPath: csv)
            }.sorted { ($0.cost, -$0.acc, $0.line) < ($1.cost, -$1.acc, $1.line) }
            points.append(pts)
        }
        // Union frontier flags and ownership.
        let flat = points.enumerated().flatMap { i, ps in ps.map { (side: i, p: $0) } }
        let flags = Frontier.onFrontier(flat.map { FrontierPoint(cost: $0.p.cost, acc: $0.p.acc) })
        var k = 0
        for i in points.indices {
            for j in points[i].indices {
                points[i][j].onFrontier = flags[k]
                k += 1
            }
        }
        let curves = points.map { FrontierCurve($0.map { FrontierPoint(cost: $0.cost, acc: $0.acc) }) }
        let union = FrontierCurve(flat.map { FrontierPoint(cost: $0.p.cost, acc: $0.p.acc) })
        let stretches = unionStretches(flat.enumerated().filter { flags[$0.offset] }.map { ($0.element.side, $0.element.p.cost) })

        var summaries: [Summary] = []
        if !sides.isEmpty {
            for i in sides.indices where i != base {
                summaries.append(summary(side: i, curve: curves[i], baseline: curves[base]))
            }
        }
        var sc64: FrontierData.Point?
        if let seed = run.rounds.first(where: { $0.kind == .seedBaseline }), let set = seed.results(backbone: backbone, benchmark: benchmark),
           let row = set.rows.first(where: { $0.configuration.family == "sc" && $0.configuration.number("max_samples") == 64 }),
           let a = row.acc, let c = row.cost {
            sc64 = FrontierData.Point(roundID: seed.id, roundName: seed.shortName, family: "sc", label: configurationLabel(row.configuration),
                                      acc: a, cost: c, onFrontier: false, line: row.line, csvPath: set.csvPath)
        }
        return RoundComparison(backbone: backbone, benchmark: benchmark, sides: sides, baseline: base, points: points, curves: curves,
                               union: union, unionStretches: stretches, rows: deltaRows(rowsPerSide, baseline: base), summaries: summaries,
                               seedSC64: sc64)
    }

    /// `beta=0.5` for a discovered controller's knobs, `asc max_samples=16` for a baseline.
    public static func configurationLabel(_ c: RowConfiguration) -> String {
        let label = c.shortLabel
        if c.name.lowercased() == "optimal_controller" || c.builtIn == nil {
            let prefix = c.family + " "
            if label.hasPrefix(prefix) { return String(label.dropFirst(prefix.count)) }
        }
        return label
    }

    /// Rows matched across sides by configuration (`RowConfiguration.matches`), ordered by
    /// family (first seen) and then by the value of the first parameter.
    static func deltaRows(_ rowsPerSide: [[ResultRow]], baseline: Int) -> [DeltaRow] {
        struct Group { var configuration: RowConfiguration; var cells: [Cell?] }
        var groups: [Group] = []
        for (i, rows) in rowsPerSide.enumerated() {
            for row in rows {
                let cell = Cell(acc: row.acc, cost: row.cost, line: row.line)
                if let g = groups.firstIndex(where: { $0.cells[i] == nil && $0.configuration.matches(row.configuration) }) {
                    groups[g].cells[i] = cell
                } else {
                    var cells = [Cell?](repeating: nil, count: rowsPerSide.count)
                    cells[i] = cell
                    groups.append(Group(configuration: row.configuration, cells: cells))
                }
            }
        }
        var familyOrder: [String] = []
        for g in groups where !familyOrder.contains(g.configuration.family) { familyOrder.append(g.configuration.family) }
        func key(_ c: RowConfiguration) -> Double {
            if let v = c.builtIn?.values.first?.value.asDouble { return v }
            return c.parameters.first?.value.asDouble ?? 0
        }
        let sorted = groups.enumerated().sorted { a, b in
            let fa = familyOrder.firstIndex(of: a.element.configuration.family)!, fb = familyOrder.firstIndex(of: b.element.configuration.family)!
            if fa != fb { return fa < fb }
            let ka = key(a.element.configuration), kb = key(b.element.configuration)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        return sorted.map { g in
            let b = baseline < g.cells.count ? g.cells[baseline] : nil
            var accD: [Double?] = [], costD: [Double?] = []
            for (i, c) in g.cells.enumerated() {
                if i == baseline { accD.append(nil); costD.append(nil); continue }
                accD.append(c.flatMap { x in b.flatMap { y in x.acc.flatMap { a in y.acc.map { a - $0 } } } })
                costD.append(c.flatMap { x in b.flatMap { y in x.cost.flatMap { a in y.cost.map { a - $0 } } } })
            }
            return DeltaRow(family: g.configuration.family, configuration: configurationLabel(g.configuration), cells: g.cells,
                            accDelta: accD, costDelta: costD)
        }
    }

    static func summary(side: Int, curve f: FrontierCurve, baseline r: FrontierCurve) -> Summary {
        var s = Summary(side: side, bestAcc: f.bestAccuracy, baselineBestAcc: r.bestAccuracy, dominance: [])
        guard !f.isEmpty, !r.isEmpty else { return s }
        s.area = Frontier.area(between: f, and: r)
        // Equal accuracy: the best accuracy both reach.
        let acc = min(f.bestAccuracy!, r.bestAccuracy!)
        // A frontier whose cheapest point is already more accurate reaches `acc` for at most that cost.
        func cost(_ c: FrontierCurve) -> (Double, Bool)? {
            if let first = c.points.first, first.acc > acc { return (first.cost, true) }
            return c.cost(atAccuracy: acc).map { ($0, false) }
        }
        if let (cf, bf) = cost(f), let (cr, br) = cost(r) {
            s.equalAccuracy = acc
            s.sideCostAtEqualAccuracy = cf
            s.baselineCostAtEqualAccuracy = cr
            s.sideCostIsUpperBound = bf
            s.baselineCostIsUpperBound = br
        }
        // Equal cost: the baseline's budget for its best accuracy, clipped to the shared range.
        let lo = max(f.minCost!, r.minCost!), hi = min(f.maxCost!, r.maxCost!)
        if lo <= hi, let rb = r.cost(atAccuracy: r.bestAccuracy!) {
            let c = min(max(rb, lo), hi)
            s.equalCost = c
            s.sideAccAtEqualCost = f.accuracy(atCost: c)
            s.baselineAccAtEqualCost = r.accuracy(atCost: c)
        }
        s.dominance = dominance(f, r)
        return s
    }

    /// Splits the shared cost range where F − R changes sign. Both frontiers are linear in
    /// log10 cost between the union of their breakpoints, so crossings are found exactly.
    public static func dominance(_ f: FrontierCurve, _ r: FrontierCurve, tolerance: Double = 1e-9) -> [DominanceSegment] {
        guard let rf = f.logRange, let rr = r.logRange else { return [] }
        let lo = max(rf.lowerBound, rr.lowerBound), hi = min(rf.upperBound, rr.upperBound)
        guard hi >= lo else { return [] }
        func diff(_ x: Double) -> Double {
            (f.accuracy(atLogCost: x, .linear, range: rf) ?? 0) - (r.accuracy(atLogCost: x, .linear, range: rr) ?? 0)
        }
        func winner(_ d: Double) -> DominanceSegment.Winner { d > tolerance ? .side : (d < -tolerance ? .baseline : .tie) }
        if hi == lo { return [DominanceSegment(lowCost: pow(10, lo), highCost: pow(10, hi), winner: winner(diff(lo)))] }
        var xs = [lo, hi]
        for p in f.points + r.points {
            let x = log10(p.cost)
            if x > lo && x < hi { xs.append(x) }
        }
        xs = Array(Set(xs)).sorted()
        // Cut points: breakpoints plus zero crossings inside segments.
        var cuts: [Double] = [xs[0]]
        for k in 0..<(xs.count - 1) {
            let a = xs[k], b = xs[k + 1]
            let da = diff(a), db = diff(b)
            if (da > tolerance && db < -tolerance) || (da < -tolerance && db > tolerance) {
                cuts.append(a + (b - a) * da / (da - db))
            }
            cuts.append(b)
        }
        var segments: [DominanceSegment] = []
        for k in 0..<(cuts.count - 1) {
            let a = cuts[k], b = cuts[k + 1]
            guard b > a else { continue }
            let w = winner(diff((a + b) / 2))
            if let last = segments.last, last.winner == w {
                segments[segments.count - 1].highCost = pow(10, b)
            } else {
                segments.append(DominanceSegment(lowCost: pow(10, a), highCost: pow(10, b), winner: w))
            }
        }
        return segments
    }

    /// Consecutive union-frontier points (sorted by cost) grouped by the side that supplies them.
    static func unionStretches(_ frontier: [(Int, Double)]) -> [UnionStretch] {
        var out: [UnionStretch] = []
        for (side, cost) in frontier.sorted(by: { $0.1 < $1.1 }) {
            if let last = out.last, last.side == side {
                out[out.count - 1].highCost = cost
                out[out.count - 1].points += 1
            } else {
                out.append(UnionStretch(side: side, lowCost: cost, highCost: cost, points: 1))
            }
        }
        return out
    }
}
