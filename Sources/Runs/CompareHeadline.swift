import Foundation
import Presentation
import ReplayCore

/// The single operating point a headline compares against (the paper uses SC@64).
public struct HeadlineReference: Sendable, Hashable {
    /// `SC@64`, `seed asc max_samples=64`.
    public var label: String
    public var acc: Double
    public var cost: Double
    /// Where the point comes from, said plainly in every output.
    public var source: String
}

/// "r0004 saves 69.5% tokens vs SC@64 at equal accuracy": the paper's headline form.
public struct CompareHeadline: Sendable {
    public var side: Int
    public var sideLabel: String
    public var reference: HeadlineReference
    /// The side's cost to reach the reference's accuracy (its frontier, linear in log cost).
    public var sideCost: Double?
    /// True when even the side's cheapest point is above the reference's accuracy: the saving
    /// is at least this much.
    public var atLeast: Bool
    /// When the side does not reach the reference's accuracy: its best accuracy.
    public var sideBestAcc: Double?
    public var savedPercent: Double? {
        guard let c = sideCost, reference.cost > 0 else { return nil }
        return (1 - c / reference.cost) * 100
    }

    public var text: String {
        let ref = "\(reference.label) (\(NumberText.acc(reference.acc))% at \(NumberText.cost(reference.cost)) tokens)"
        guard let p = savedPercent, let c = sideCost else {
            return "\(sideLabel) does not reach \(ref): its best is \(NumberText.acc(sideBestAcc))%"
        }
        let verb = p >= 0 ? "saves" : "spends"
        let amount = String(format: "%.1f%%", abs(p))
        let more = p >= 0 ? "" : " more"
        return "\(sideLabel) \(verb) \(atLeast ? "at least " : "")\(amount) tokens\(more) vs \(ref) at equal accuracy (\(NumberText.cost(c)) tokens)"
    }
}

extension RoundComparison {
    /// The paper's reference, SC@64 (`majority_vote`/`sc` with 64 samples), when the baseline
    /// side reports it, else when the run's seed baselines do; else `external` (e.g. computed from the replay store); else the baseline
    /// side's most accurate point (ties: the cheaper), labelled as what it is.
    public func headlineReference(external: HeadlineReference? = nil) -> HeadlineReference? {
        guard sides.indices.contains(baseline) else { return external }
        let pts = points[baseline]
        if let sc = pts.first(where: { $0.family == "sc" && $0.label.contains("max_samples=64") }) {
            return HeadlineReference(label: "SC@64", acc: sc.acc, cost: sc.cost,
                                     source: "\(sides[baseline].label) row \(sc.line) (\(sc.label))")
        }
        if let sc = seedSC64 {
            return HeadlineReference(label: "SC@64", acc: sc.acc, cost: sc.cost, source: "\(sc.roundName) row \(sc.line) (\(sc.label))")
        }
        if let external { return external }
        guard let best = pts.max(by: { ($0.acc, -$0.cost) < ($1.acc, -$1.cost) }) else { return nil }
        return HeadlineReference(label: "\(sides[baseline].label) \(best.label)", acc: best.acc, cost: best.cost,
                                 source: "SC@64 is not in \(sides[baseline].label): its most accurate point instead (row \(best.line))")
    }

    /// One headline per side other than the baseline.
    public func headlines(reference: HeadlineReference) -> [CompareHeadline] {
        sides.indices.filter { $0 != baseline }.map { i in
            let f = curves[i]
            var h = CompareHeadline(side: i, sideLabel: sides[i].label, reference: reference, sideCost: nil, atLeast: false,
                                    sideBestAcc: f.bestAccuracy)
            if let first = f.points.first, first.acc >= reference.acc {
                h.sideCost = first.cost
                h.atLeast = first.acc > reference.acc
            } else {
                h.sideCost = f.cost(atAccuracy: reference.acc)
            }
            return h
        }
    }
}

/// Self-consistency with 64 samples replayed by the embedded core, for runs whose baselines
/// do not report it (the published seed CSVs have ASC, ESC and Parallel-Probe only).
public enum MajorityReference {
    /// Evaluates `sc:max_samples=64` on the run's replay store for this backbone and benchmark
    /// (search stores, then held-out stores), over `seeds` shuffle seeds as the reference does.
    /// nil when the run has no such store.
    public static func compute(run: Run, backbone: String, benchmark: String, seeds: Int = 100,
                               cancel: CancellationFlag? = nil) -> HeadlineReference? {
        compute(storePaths: storePaths(run: run, backbone: backbone, benchmark: benchmark), backbone: backbone, benchmark: benchmark,
                root: run.layout.root, seeds: seeds, cancel: cancel)
    }

    /// Where the run's replay store for a backbone and benchmark would be (search, then held-out).
    public static func storePaths(run: Run, backbone: String, benchmark: String) -> [String] {
        [run.layout.environment, run.layout.testEnvironment].compactMap { $0 }.map { $0 + "/" + backbone + "/" + benchmark + ".json" }
    }

    /// Replays SC@64 on the first of `storePaths` that exists; `root` shortens the path in the note.
    public static func compute(storePaths: [String], backbone: String, benchmark: String, root: String, seeds: Int = 100,
                               cancel: CancellationFlag? = nil) -> HeadlineReference? {
        for path in storePaths {
            guard FileManager.default.fileExists(atPath: path),
                  let store = try? ReplayStore.load(path: path, backbone: backbone, benchmark: benchmark),
                  let config = try? ControllerSpec.parse("sc:max_samples=64").first,
                  let result = try? Evaluator.run(EvaluationRequest(stores: [store], configurations: [config], seeds: seeds), cancel: cancel).first
            else { continue }
            return HeadlineReference(label: "SC@64", acc: result.acc, cost: Double(result.cost),
                                     source: "replayed by ttsdash's core from \(relative(path, to: root)) (\(seeds) seeds; the run's baselines do not report SC@64)")
        }
        return nil
    }

    static func relative(_ path: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
