import Foundation

/// Everything a frontier view shows for one backbone and benchmark: the points of the chosen
/// rounds, which are on the overall Pareto frontier, one series per round and method family,
/// and comparisons of each round against the seed baselines.
public struct FrontierData: Sendable {
    /// One result row placed on the plot.
    public struct Point: Sendable {
        public var roundID: String
        public var roundName: String
        public var family: String
        /// `asc max_samples=16` (`RowConfiguration.shortLabel`).
        public var label: String
        public var acc: Double
        public var cost: Double
        /// On the Pareto frontier of all shown points.
        public var onFrontier: Bool
        /// Line of the row in its CSV.
        public var line: Int
        public var csvPath: String?
    }

    /// The points of one round and method family, sorted by cost.
    public struct Series: Sendable {
        /// `seed/asc`, `r0004/cmc`.
        public var id: String
        public var roundID: String
        public var roundName: String
        public var family: String
        public var points: [Point]
        /// This series' own frontier.
        public var frontier: FrontierCurve
    }

    /// A round's frontier against the reference (the seed baselines' frontier).
    public struct Comparison: Sendable {
        public var roundID: String
        public var roundName: String
        /// Area between the round's and the reference frontier (linear in log10 cost).
        public var area: FrontierArea?
        /// The reference's best accuracy, and the tokens the round saves reaching it.
        public var referenceBestAccuracy: Double?
        public var tokensSavedAtReferenceBest: Double?
        /// The round's cost at the reference's best accuracy, and the reference's.
        public var costAtReferenceBest: Double?
        public var referenceCostAtBest: Double?
        /// Accuracy gained at the reference's cost for its best accuracy.
        public var accuracyGainedAtReferenceCost: Double?
    }

    public var backbone: String
    public var benchmark: String
    public var points: [Point]
    /// Rows with no Acc or no Cost: not plotted ("not reported").
    public var notReported: [Point]
    public var series: [Series]
    /// The frontier of all shown points.
    public var frontier: FrontierCurve
    /// The seed baselines' frontier, when the seed round is among the data.
    public var reference: FrontierCurve?
    public var comparisons: [Comparison]

    /// Gathers the rows of `rounds` (all rounds when nil; ids or names as `Run.round(named:)`
    /// takes them) for one backbone and benchmark. Points are sorted by cost, then accuracy.
    public static func make(run: Run, backbone: String, benchmark: String, rounds: [String]? = nil) -> FrontierData {
        let chosen: [Round]
        if let names = rounds {
            chosen = names.compactMap { run.round(named: $0) }
        } else {
            chosen = run.rounds
        }
        var points: [Point] = []
        var missing: [Point] = []
        for r in chosen {
            guard let set = r.results(backbone: backbone, benchmark: benchmark) else { continue }
            for row in set.rows {
                let p = Point(roundID: r.id, roundName: r.shortName, family: row.configuration.family, label: row.configuration.shortLabel,
                              acc: row.acc ?? .nan, cost: row.cost ?? .nan, onFrontier: false, line: row.line, csvPath: set.csvPath)
                if row.acc == nil || row.cost == nil { missing.append(p) } else { points.append(p) }
            }
        }
        points.sort { ($0.cost, -$0.acc, $0.roundID, $0.line) < ($1.cost, -$1.acc, $1.roundID, $1.line) }
        let flags = Frontier.onFrontier(points.map { FrontierPoint(cost: $0.cost, acc: $0.acc) })
        for i in points.indices { points[i].onFrontier = flags[i] }
        var series: [Series] = []
        for p in points {
            let id = "\(p.roundName)/\(p.family)"
            if let k = series.firstIndex(where: { $0.id == id && $0.roundID == p.roundID }) { series[k].points.append(p) } else {
                series.append(Series(id: id, roundID: p.roundID, roundName: p.roundName, family: p.family, points: [p], frontier: FrontierCurve([])))
            }
        }
        // Series in round order (seeds first), families in order of first (cheapest) appearance.
        let order = Dictionary(chosen.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        series = series.enumerated().sorted { a, b in
            let ra = order[a.element.roundID] ?? Int.max, rb = order[b.element.roundID] ?? Int.max
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        for k in series.indices { series[k].frontier = FrontierCurve(series[k].points.map { FrontierPoint(cost: $0.cost, acc: $0.acc) }) }
        let frontier = FrontierCurve(points.map { FrontierPoint(cost: $0.cost, acc: $0.acc) })
        var reference: FrontierCurve? = nil
        if let seed = chosen.first(where: { $0.kind == .seedBaseline }) {
            let seedPoints = points.filter { $0.roundID == seed.id }.map { FrontierPoint(cost: $0.cost, acc: $0.acc) }
            if !seedPoints.isEmpty { reference = FrontierCurve(seedPoints) }
        }
        var comparisons: [Comparison] = []
        if let ref = reference {
            for r in chosen where r.kind != .seedBaseline {
                let mine = FrontierCurve(points.filter { $0.roundID == r.id }.map { FrontierPoint(cost: $0.cost, acc: $0.acc) })
                guard !mine.isEmpty else { continue }
                var c = Comparison(roundID: r.id, roundName: r.shortName)
                c.area = Frontier.area(between: mine, and: ref)
                c.referenceBestAccuracy = ref.bestAccuracy
                if let best = ref.bestAccuracy {
                    c.costAtReferenceBest = mine.cost(atAccuracy: best)
                    c.referenceCostAtBest = ref.cost(atAccuracy: best, .step)
                    c.tokensSavedAtReferenceBest = Frontier.tokensSaved(by: mine, versus: ref, atAccuracy: best)
                    if let rc = c.referenceCostAtBest {
                        c.accuracyGainedAtReferenceCost = Frontier.accuracyGained(by: mine, versus: ref, atCost: rc)
                    }
                }
                comparisons.append(c)
            }
        }
        return FrontierData(backbone: backbone, benchmark: benchmark, points: points, notReported: missing, series: series,
                            frontier: frontier, reference: reference, comparisons: comparisons)
    }
}

/// One round's operating point at a fixed β (the paper's Figure 4: accuracy per round).
public struct TrajectoryPoint: Sendable {
    public var roundID: String
    public var roundName: String
    public var index: Int?
    /// nil when the round has no row at this β, or the row reports no Acc/Cost.
    public var acc: Double?
    public var cost: Double?
    public var line: Int?
}

extension Frontier {
    /// The search trajectory at a fixed β: for each discovery round (archived or live, in run
    /// order), its row whose configuration has `beta == beta`, on one backbone and benchmark.
    /// Rounds without such a row appear with nil values ("not reported").
    /// With `heldOut`, each round's point comes from its own held-out evaluation
    /// (`eval/test_results/<round id>/`); rounds without one are left out.
    public static func trajectory(rounds: [Round], backbone: String, benchmark: String, beta: Double, heldOut: Bool = false) -> [TrajectoryPoint] {
        rounds.filter { $0.kind == .archived || $0.kind == .live }.compactMap { r in
            let source: Round
            if heldOut {
                guard let held = rounds.first(where: { $0.kind == .heldOut && $0.heldOutOf == r.id }) else { return nil }
                source = held
            } else {
                source = r
            }
            let row = source.results(backbone: backbone, benchmark: benchmark)?.row(beta: beta)
            return TrajectoryPoint(roundID: source.id, roundName: heldOut ? "\(r.shortName) held-out" : r.shortName, index: r.index,
                                   acc: row?.acc, cost: row?.cost, line: row?.line)
        }
    }
}
