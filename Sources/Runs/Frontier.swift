import Foundation

/// A (cost, accuracy) point: average tokens per question and accuracy in percent.
public struct FrontierPoint: Sendable, Hashable {
    public var cost: Double
    public var acc: Double
    public init(cost: Double, acc: Double) {
        self.cost = cost
        self.acc = acc
    }
}

/// Pareto frontiers of (cost, accuracy) points and the comparisons the paper makes between them.
/// Pure functions; lower cost and higher accuracy are better.
public enum Frontier {
    /// Indices of the points not dominated by any other (another point dominates `p` when its
    /// cost is `<=` and its accuracy `>=` with at least one strict). Exact duplicates are all
    /// kept. Sorted by cost, then by index. Points with a non-finite coordinate are ignored.
    /// O(n log n).
    public static func paretoIndices(_ points: [FrontierPoint]) -> [Int] {
        let order = points.indices.filter { points[$0].cost.isFinite && points[$0].acc.isFinite }
            .sorted { a, b in
                let p = points[a], q = points[b]
                if p.cost != q.cost { return p.cost < q.cost }
                if p.acc != q.acc { return p.acc > q.acc }
                return a < b
            }
        var result: [Int] = []
        var bestAcc = -Double.infinity
        var last: FrontierPoint? = nil
        for i in order {
            let p = points[i]
            if let l = last, l == p {             // an exact duplicate of a kept point
                result.append(i)
                continue
            }
            if p.acc > bestAcc {
                result.append(i)
                bestAcc = p.acc
                last = p
            }
        }
        return result
    }

    /// `true` for each point on the frontier.
    public static func onFrontier(_ points: [FrontierPoint]) -> [Bool] {
        var flags = [Bool](repeating: false, count: points.count)
        for i in paretoIndices(points) { flags[i] = true }
        return flags
    }
}

/// A Pareto frontier as a function of cost, for interpolation and areas in log10-cost space.
///
/// Its points have strictly increasing cost and strictly increasing accuracy (duplicates and
/// dominated points removed; costs must be positive, others are dropped). Two readings:
/// - `.step`: the accuracy attainable with a budget of `c` tokens: the accuracy of the last
///   frontier point whose cost is `<= c` (right-continuous steps).
/// - `.linear`: straight segments between consecutive frontier points in (log10 cost, accuracy).
/// Both are defined on `[minCost, maxCost]` only.
public struct FrontierCurve: Sendable, Hashable {
    public enum Interpolation: String, Sendable { case step, linear }

    public let points: [FrontierPoint]

    public init(_ points: [FrontierPoint]) {
        let usable = points.filter { $0.cost > 0 && $0.cost.isFinite && $0.acc.isFinite }
        var kept: [FrontierPoint] = []
        for i in Frontier.paretoIndices(usable) where kept.last != usable[i] { kept.append(usable[i]) }
        self.points = kept
    }

    public var isEmpty: Bool { points.isEmpty }
    public var minCost: Double? { points.first?.cost }
    public var maxCost: Double? { points.last?.cost }
    public var bestAccuracy: Double? { points.last?.acc }
    /// `[log10(minCost), log10(maxCost)]`.
    public var logRange: ClosedRange<Double>? {
        guard let a = minCost, let b = maxCost else { return nil }
        return log10(a)...log10(b)
    }

    /// Accuracy at `cost` tokens; nil outside `[minCost, maxCost]`.
    public func accuracy(atCost cost: Double, _ interpolation: Interpolation = .linear) -> Double? {
        guard cost > 0, let r = logRange else { return nil }
        return accuracy(atLogCost: log10(cost), interpolation, range: r)
    }

    func accuracy(atLogCost x: Double, _ interpolation: Interpolation, range r: ClosedRange<Double>) -> Double? {
        let eps = 1e-12
        guard x >= r.lowerBound - eps, x <= r.upperBound + eps else { return nil }
        var k = 0
        while k + 1 < points.count && log10(points[k + 1].cost) <= x + eps { k += 1 }
        if interpolation == .step || k + 1 >= points.count { return points[k].acc }
        let x0 = log10(points[k].cost), x1 = log10(points[k + 1].cost)
        let t = (x - x0) / (x1 - x0)
        return points[k].acc + t * (points[k + 1].acc - points[k].acc)
    }

    /// The cost at which the frontier reaches accuracy `acc`, interpolating linearly in log10
    /// cost between the two frontier points around it (`.linear`), or the cost of the cheapest
    /// point with at least that accuracy (`.step`); nil when `acc` is outside the frontier's
    /// accuracy range.
    public func cost(atAccuracy acc: Double, _ interpolation: Interpolation = .linear) -> Double? {
        guard let first = points.first, let last = points.last, acc >= first.acc - 1e-12, acc <= last.acc + 1e-12 else { return nil }
        guard let k = points.firstIndex(where: { $0.acc >= acc - 1e-12 }) else { return nil }
        if interpolation == .step || k == 0 || points[k].acc <= acc + 1e-12 { return points[k].cost }
        let a0 = points[k - 1].acc, a1 = points[k].acc
        let x0 = log10(points[k - 1].cost), x1 = log10(points[k].cost)
        return pow(10, x0 + (acc - a0) / (a1 - a0) * (x1 - x0))
    }
}

/// The area between two frontiers in log10-cost space.
public struct FrontierArea: Sendable, Hashable {
    /// `∫ (F(x) − R(x)) dx` over the overlap, x = log10(cost): accuracy points × decades of
    /// tokens. Positive when F lies above (is better than) R.
    public var area: Double
    /// The overlap `[max(minF, minR), min(maxF, maxR)]` in log10 cost.
    public var lowerLogCost: Double
    public var upperLogCost: Double
    /// `area` divided by the overlap's width: the mean accuracy gain over the shared budgets.
    public var meanGain: Double { upperLogCost > lowerLogCost ? area / (upperLogCost - lowerLogCost) : 0 }
}

extension Frontier {
    /// The signed area between `curve` (F) and `reference` (R) in log10-cost space:
    /// `∫_{lo}^{hi} (F(x) − R(x)) dx`, x = log10(cost), over the overlapping range
    /// `lo = max(log10 minCost_F, log10 minCost_R)`, `hi = min(log10 maxCost_F, log10 maxCost_R)`,
    /// with both frontiers read with the same `interpolation`. Computed exactly (the integrand is
    /// piecewise constant or piecewise linear between the union of both frontiers' costs).
    /// nil when either is empty or the overlap has no width.
    public static func area(between curve: FrontierCurve, and reference: FrontierCurve,
                            interpolation: FrontierCurve.Interpolation = .linear) -> FrontierArea? {
        guard let rf = curve.logRange, let rr = reference.logRange else { return nil }
        let lo = max(rf.lowerBound, rr.lowerBound), hi = min(rf.upperBound, rr.upperBound)
        guard hi > lo else { return nil }
        var xs = [lo, hi]
        for p in curve.points + reference.points {
            let x = log10(p.cost)
            if x > lo && x < hi { xs.append(x) }
        }
        xs.sort()
        var total = 0.0
        for k in 0..<(xs.count - 1) {
            let a = xs[k], b = xs[k + 1]
            guard b > a else { continue }
            if interpolation == .step {
                guard let f = curve.accuracy(atLogCost: a, .step, range: rf), let r = reference.accuracy(atLogCost: a, .step, range: rr) else { continue }
                total += (f - r) * (b - a)
            } else {
                guard let fa = curve.accuracy(atLogCost: a, .linear, range: rf), let fb = curve.accuracy(atLogCost: b, .linear, range: rf),
                      let ra = reference.accuracy(atLogCost: a, .linear, range: rr), let rb = reference.accuracy(atLogCost: b, .linear, range: rr)
                else { continue }
                total += ((fa - ra) + (fb - rb)) / 2 * (b - a)
            }
        }
        return FrontierArea(area: total, lowerLogCost: lo, upperLogCost: hi)
    }

    /// Tokens saved at equal accuracy: `R.cost(acc) − F.cost(acc)` with both read by
    /// interpolation on log cost (`FrontierCurve.cost(atAccuracy:)`). Positive when F needs
    /// fewer tokens; nil when either frontier does not reach `acc`.
    public static func tokensSaved(by curve: FrontierCurve, versus reference: FrontierCurve, atAccuracy acc: Double,
                                   interpolation: FrontierCurve.Interpolation = .linear) -> Double? {
        guard let f = curve.cost(atAccuracy: acc, interpolation), let r = reference.cost(atAccuracy: acc, interpolation) else { return nil }
        return r - f
    }

    /// Accuracy gained at equal cost: `F.acc(cost) − R.acc(cost)`, both interpolated on log
    /// cost; nil when `cost` is outside either frontier's cost range.
    public static func accuracyGained(by curve: FrontierCurve, versus reference: FrontierCurve, atCost cost: Double,
                                      interpolation: FrontierCurve.Interpolation = .linear) -> Double? {
        guard let f = curve.accuracy(atCost: cost, interpolation), let r = reference.accuracy(atCost: cost, interpolation) else { return nil }
        return f - r
    }
}
