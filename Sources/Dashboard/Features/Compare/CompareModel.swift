import Foundation
import Runs

/// What the Compare view shows, derived from the app state (pure; cheap enough per frame:
/// a comparison is a few dozen rows).
public struct CompareModel {
    public var run: Run
    public var sides: [CompareSide]
    public var baseline: Int
    /// True when the sides are the default (the last two rounds), not the user's marks.
    public var isDefault: Bool
    public var backbones: [String]
    public var benchmarks: [String]
    public var backbone: String
    public var benchmark: String

    /// The comparison on the current backbone and benchmark.
    public func comparison(backbone b: String? = nil) -> RoundComparison {
        RoundComparison.make(run: run, sides: sides, baseline: baseline, backbone: b ?? backbone, benchmark: benchmark)
    }

    /// The first side that is not the baseline (the "new" side of diffs and flips).
    public var other: Int { sides.indices.first { $0 != baseline } ?? baseline }

    public static func make(_ s: AppState) -> CompareModel? {
        guard let run = s.snapshot?.run else { return nil }
        var ids = s.compare.marked.filter { run.round(id: $0) != nil }
        var isDefault = false
        if ids.count < 2 {
            // Default: the question after every round, "is it better than the last one?"
            // with results in common: the newest round with results and the latest earlier one
            // that shares a backbone and benchmark with it.
            let discovered = run.rounds.filter { ($0.kind == .archived || $0.kind == .live) && !$0.results.isEmpty }
            var pick: [String] = []
            if let newest = discovered.last {
                let keys = Set(newest.results.map { $0.backbone + "\u{0}" + $0.benchmark })
                let earlier = discovered.dropLast().last { r in r.results.contains { keys.contains($0.backbone + "\u{0}" + $0.benchmark) } }
                pick = (earlier.map { [$0.id] } ?? []) + [newest.id]
            }
            ids = ids.count == 1 && !pick.contains(ids[0]) ? [ids[0]] + pick.suffix(1) : pick
            if ids.count < 2, let seed = run.rounds.first(where: { $0.kind == .seedBaseline }) { ids.insert(seed.id, at: 0) }
            isDefault = true
        }
        // Sides in run order, so colours and columns read oldest to newest.
        let order = Dictionary(uniqueKeysWithValues: run.rounds.enumerated().map { ($1.id, $0) })
        ids.sort { (order[$0] ?? 0) < (order[$1] ?? 0) }
        var sides: [CompareSide] = []
        for id in ids {
            guard let r = run.round(id: id) else { continue }
            if r.kind == .seedBaseline && s.compare.splitFamilies {
                var families: [String] = []
                for set in r.results { for row in set.rows where !families.contains(row.configuration.family) { families.append(row.configuration.family) } }
                sides += families.map { CompareSide(roundID: r.id, roundName: r.shortName, family: $0) }
            } else {
                sides.append(CompareSide(roundID: r.id, roundName: r.shortName))
            }
        }
        guard !sides.isEmpty else { return nil }
        var baseline = 0
        if let p = s.compare.pinned {
            baseline = sides.firstIndex { $0.label == p } ?? sides.firstIndex { $0.roundID == p } ?? 0
        }
        let ids2 = Set(sides.map(\.roundID))
        let sets = run.rounds.filter { ids2.contains($0.id) }.flatMap(\.results)
        // Backbones every side reports first (so the first one shown compares something), then run order.
        func covering(_ b: String) -> Int { sides.filter { run.round(id: $0.roundID)?.results.contains { $0.backbone == b } == true }.count }
        let backbones = run.backbones.filter { b in sets.contains { $0.backbone == b } }.enumerated()
            .sorted { (covering($0.element), -$0.offset) > (covering($1.element), -$1.offset) }.map(\.element)
        var benchmarks = run.benchmarks.filter { d in sets.contains { $0.benchmark == d } }
        // The benchmark most sides report first (the search benchmark).
        func reporting(_ d: String) -> Int { sides.filter { run.round(id: $0.roundID)?.results.contains { $0.benchmark == d } == true }.count }
        benchmarks = benchmarks.enumerated().sorted { (reporting($0.element), -$0.offset) > (reporting($1.element), -$1.offset) }.map(\.element)
        guard !backbones.isEmpty, !benchmarks.isEmpty else {
            return CompareModel(run: run, sides: sides, baseline: baseline, isDefault: isDefault, backbones: [], benchmarks: [], backbone: "", benchmark: "")
        }
        return CompareModel(run: run, sides: sides, baseline: baseline, isDefault: isDefault, backbones: backbones, benchmarks: benchmarks,
                            backbone: backbones[min(s.compare.backbone, backbones.count - 1)],
                            benchmark: benchmarks[min(s.compare.benchmark, benchmarks.count - 1)])
    }

    /// The key under which a replayed reference is kept.
    public var referenceKey: String { backbone + "|" + benchmark }

    /// The headline's reference: SC@64 from the baseline's rows, else the replayed one, else the
    /// strongest baseline point.
    public func reference(_ c: RoundComparison, state: CompareUIState) -> HeadlineReference? {
        if case .ready(let r)? = state.references[backbone + "|" + c.benchmark] { return c.headlineReference(external: r) }
        return c.headlineReference()
    }

    /// The flips key of the current comparison.
    public var flipsKey: FlipsKey? {
        guard sides.count >= 2, !backbone.isEmpty else { return nil }
        return FlipsKey(old: sides[baseline].label, new: sides[other].label, backbone: backbone, benchmark: benchmark)
    }

    public func traceRef(_ side: Int) -> TraceFileRef? {
        run.round(id: sides[side].roundID)?.results(backbone: backbone, benchmark: benchmark)?.trace
    }
}
