import Foundation
import Runs

/// The dashboard's view of a real run: reads it with the runs layer and shapes it into the
/// view models. Called off the UI thread; `changeToken` is the runs layer's cheap fingerprint,
/// so the UI re-reads only when a file changed.
public struct RunDataSource: DashboardDataSource {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func load() throws -> DashboardSnapshot {
        let run = try RunLoader.load(path: path)
        return RunSnapshot.make(run: run)
    }

    public func changeToken() -> String? {
        RunFingerprint.of(path: path)
    }
}

/// Pure shaping of a `Run` into a `DashboardSnapshot` (tested on its own).
public enum RunSnapshot {
    public static func make(run: Run, now: Date = Date()) -> DashboardSnapshot {
        let primary = primaryBenchmark(run)
        let backbones = run.backbones
        let rows = run.rounds.enumerated().map { i, r in
            roundRow(r, primary: primary, end: endTime(of: r, next: run.rounds.dropFirst(i + 1).first { ($0.kind == .archived || $0.kind == .live) && !$0.launched }),
                     root: run.layout.root)
        }
        var panels: [FrontierPanel] = []
        for benchmark in run.benchmarks {
            for backbone in backbones {
                let data = FrontierData.make(run: run, backbone: backbone, benchmark: benchmark)
                if data.points.isEmpty { continue }
                let series = data.series.map { s in
                    let isSeed = run.round(id: s.roundID)?.kind == .seedBaseline
                    let familiesInRound = Set(data.series.filter { $0.roundID == s.roundID }.map(\.family))
                    // A discovered round is its own controller (AutoTTS names every proposal
                    // `optimal_controller`): label it by the round, and its points by their knobs.
                    let label = isSeed || familiesInRound.count > 1 ? s.id : s.roundName
                    return PlotSeries(label: label, family: isSeed ? "handcrafted" : "discovered",
                                      points: s.points.map {
                                          PlotPoint(cost: $0.cost, acc: $0.acc, config: isSeed ? $0.label : knobs($0.label, family: $0.family),
                                                    onFrontier: $0.onFrontier)
                                      })
                }
                panels.append(FrontierPanel(backbone: backbone, benchmark: benchmark, series: series))
            }
        }
        let frontier = FrontierViewModel(backbones: backbones, benchmarks: orderedBenchmarks(run, primary: primary), panels: panels)
        let lastChange = run.rounds.compactMap(\.lastChangedAt).max()
        var notes = run.problems(atLeast: .warning).map(\.description)
        if run.isEmpty, let why = run.diagnostics.first { notes.insert(why.description, at: 0) }
        return DashboardSnapshot(runPath: run.path, lastChange: lastChange, rounds: RoundsViewModel(backbones: backbones, rows: rows),
                                 frontier: frontier, notes: notes, run: run)
    }

    /// `cmc beta=0.5` -> `beta=0.5`: a discovered round's points are told apart by their knobs.
    static func knobs(_ label: String, family: String) -> String {
        label.hasPrefix(family + " ") ? String(label.dropFirst(family.count + 1)) : label
    }

    /// The benchmark most rounds report (the search benchmark in an AutoTTS run).
    static func primaryBenchmark(_ run: Run) -> String? {
        var counts: [String: Int] = [:]
        for r in run.rounds { for b in Set(r.results.map(\.benchmark)) { counts[b, default: 0] += 1 } }
        return run.benchmarks.max { (counts[$0] ?? 0, $1) < (counts[$1] ?? 0, $0) }
    }

    static func orderedBenchmarks(_ run: Run, primary: String?) -> [String] {
        guard let primary else { return run.benchmarks }
        return [primary] + run.benchmarks.filter { $0 != primary }
    }

    /// When a finished round ended, by the run's records: the workflow runs rounds one after
    /// another, so the next round's recorded start. File times never count here: a checkout or
    /// copy resets them, and "Took 0s" or "Started" at the checkout's time would read as history.
    static func endTime(of round: Round, next: Round?) -> Date? {
        guard round.kind == .archived, let start = round.recordedStartTime else { return nil }
        if let nextStart = next?.recordedStartTime, nextStart > start { return nextStart }
        return nil
    }

    /// A path inside the run, shown relative to the run's folder (shorter, and the same on
    /// every machine).
    static func relative(_ path: String?, to root: String) -> String? {
        guard let path else { return nil }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    static func roundRow(_ round: Round, primary: String?, end: Date?, root: String) -> RoundRow {
        let phase: RoundPhase
        switch (round.kind, round.phase) {
        case (.seedBaseline, _): phase = .seed
        case (_, .failed): phase = .failed
        case (_, .proposing): phase = .proposing
        case (_, .evaluating): phase = .evaluating
        case (_, .archived): phase = .done
        }
        // Headline numbers on the primary benchmark; a round without it (held-out results)
        // shows its own benchmark and says which.
        let benchmarks = round.results.map(\.benchmark)
        let shown = primary.flatMap { benchmarks.contains($0) ? $0 : nil } ?? benchmarks.first
        // "held-out": the one label that tells held-out results from the search's.
        var name = round.kind == .heldOut ? "held-out" : round.shortName
        if let shown, let primary, shown != primary { name += " (\(shown))" }
        var perBackbone: [String: BackboneSummary] = [:]
        for set in round.results where set.benchmark == shown {
            let best = set.best
            let b05 = set.row(beta: 0.5), b10 = set.row(beta: 1.0)
            perBackbone[set.backbone] = BackboneSummary(bestAcc: best?.acc, bestCost: best?.cost,
                                                        accAtBeta05: b05?.acc, costAtBeta05: b05?.cost,
                                                        accAtBeta10: b10?.acc, costAtBeta10: b10?.cost)
        }
        let results = round.results.flatMap { set in
            set.rows.map { Dashboard.ResultRow(backbone: set.backbone, benchmark: set.benchmark, method: $0.method,
                                               config: $0.configuration.shortLabel, acc: $0.acc, cost: $0.cost) }
        }
        let detail = RoundDetail(results: results, summary: round.proposalSummary, source: round.controllerSource,
                                 sourcePath: relative(round.controllerSourcePath, to: root))
        // Started: only what the run records (round-id stamp, proposal_result.json, launch.json).
        return RoundRow(id: round.id, name: name, phase: phase, started: round.recordedStartTime,
                        finished: end, perBackbone: perBackbone, detail: detail)
    }
}
