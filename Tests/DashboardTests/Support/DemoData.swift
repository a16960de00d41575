import Foundation
@testable import Dashboard

/// A made-up snapshot for view tests that need a run of a fixed shape (4 Qwen3 backbones,
/// AIME24/AIME25/HMMT25, seed methods plus rounds); numbers are illustrative, not results.
/// A test fixture: the dashboard itself only ever shows runs read by the runs layer.
public struct DemoDataSource: DashboardDataSource {
    public var runPath: String
    public var now: Date

    public init(runPath: String = "demo-run (built-in demo data)", now: Date = Date(timeIntervalSince1970: 1_764_400_000)) {
        self.runPath = runPath
        self.now = now
    }

    public func load() throws -> DashboardSnapshot {
        DemoData.snapshot(runPath: runPath, now: now)
    }
}

public enum DemoData {
    public static let backbones = ["Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B", "Qwen3-8B"]
    public static let benchmarks = ["aime24", "aime25", "hmmt25"]

    public static func snapshot(runPath: String, now: Date) -> DashboardSnapshot {
        DashboardSnapshot(runPath: runPath, lastChange: now.addingTimeInterval(-40),
                          rounds: rounds(now: now), frontier: frontier(),
                          notes: ["demo data: the runs layer is not wired yet"])
    }

    /// Base accuracy per backbone and benchmark, roughly the paper's scale.
    static func base(_ b: Int, _ d: Int) -> Double {
        let byBackbone = [22.0, 45.0, 62.0, 64.0]
        let byBench = [0.0, 4.0, -16.0]
        return byBackbone[b] + byBench[d]
    }

    static func curve(_ b: Int, _ d: Int, lift: Double, costs: [Double], slope: Double) -> [PlotPoint] {
        costs.enumerated().map { i, c in
            let acc = base(b, d) + lift + slope * log10(c / 50_000) * 4 - Double(i % 2) * 0.3
            return PlotPoint(cost: c, acc: (acc * 10).rounded() / 10, config: "")
        }
    }

    public static func frontier() -> FrontierViewModel {
        var panels: [FrontierPanel] = []
        for (bi, b) in backbones.enumerated() {
            for (di, d) in benchmarks.enumerated() {
                func named(_ pts: [PlotPoint], _ key: String, _ values: [String]) -> [PlotPoint] {
                    zip(pts, values).map { p, v in var q = p; q.config = "\(key)=\(v)"; return q }
                }
                let asc = named(curve(bi, di, lift: -1.5, costs: [38e3, 75e3, 140e3, 260e3, 480e3], slope: 1.1), "max_samples", ["4", "8", "16", "32", "64"])
                let esc = named(curve(bi, di, lift: -1.8, costs: [270e3, 420e3, 620e3, 1.0e6], slope: 0.9), "window_size", ["16", "8", "4", "2"])
                let pp = named(curve(bi, di, lift: -1.2, costs: [32e3, 62e3, 120e3, 230e3, 450e3, 880e3], slope: 1.0), "num_chains", ["4", "8", "16", "32", "48", "64"])
                let r1 = named(curve(bi, di, lift: -0.4, costs: [90e3, 180e3, 340e3, 600e3], slope: 1.0), "beta", ["0.2", "0.5", "0.8", "1.0"])
                let r4 = named(curve(bi, di, lift: 0.8, costs: [68e3, 140e3, 300e3, 540e3, 690e3], slope: 1.2), "beta", ["0.0", "0.25", "0.5", "0.75", "1.0"])
                let panel = FrontierPanel(backbone: b, benchmark: d, series: [
                    PlotSeries(label: "ASC", family: "handcrafted", points: asc),
                    PlotSeries(label: "ESC", family: "handcrafted", points: esc),
                    PlotSeries(label: "Parallel-Probe", family: "handcrafted", points: pp),
                    PlotSeries(label: "AutoTTS r1", family: "discovered", points: r1),
                    PlotSeries(label: "AutoTTS r4", family: "discovered", points: r4),
                ])
                panels.append(Pareto.mark(panel))
            }
        }
        return FrontierViewModel(backbones: backbones, benchmarks: benchmarks, panels: panels, baseline: "Parallel-Probe")
    }

    public static func rounds(now: Date) -> RoundsViewModel {
        let t0 = now.addingTimeInterval(-5 * 3600)
        func summary(_ b: Int, lift: Double, reported: Bool = true) -> BackboneSummary {
            let a = base(b, 0) + lift
            return BackboneSummary(bestAcc: a + 1.2, bestCost: 480e3 - lift * 40e3, accAtBeta05: reported ? a - 0.6 : nil,
                                   costAtBeta05: reported ? 250e3 : nil, accAtBeta10: reported ? a + 0.4 : nil, costAtBeta10: reported ? 470e3 : nil)
        }
        func results(_ lift: Double) -> [ResultRow] {
            backbones.enumerated().flatMap { bi, b in
                ["0.0", "0.5", "1.0"].enumerated().map { i, beta in
                    ResultRow(backbone: b, benchmark: "aime24", method: "OptimalController", config: "{'beta': \(beta)}",
                              acc: base(bi, 0) + lift + Double(i) * 0.7, cost: 90e3 * pow(2.3, Double(i)))
                }
            }
        }
        let source = """
        class OptimalController(Controller):
            \"\"\"Confidence-momentum controller (demo text).\"\"\"
            def __init__(self, beta=0.5, warm_up=4, conf_thresh=0.87):
                self.beta = beta
                self.warm_up = warm_up
                self.conf_thresh = conf_thresh

            def step(self, env):
                \tanswers = env.sample(self.warm_up)
                while env.budget_left():
                    top, share = env.majority()
                    if share >= self.conf_thresh * (1 - 0.2 * self.beta):
                        return top
                    env.sample(1)
                return env.majority()[0]
        """
        var rows: [RoundRow] = [
            RoundRow(id: "seed", name: "seed methods", phase: .seed, started: nil, finished: nil,
                     perBackbone: Dictionary(uniqueKeysWithValues: backbones.indices.map { (backbones[$0], summary($0, lift: -1.0, reported: false)) }),
                     detail: RoundDetail(results: results(-1.0), summary: "Handcrafted baselines: SC@64, ASC, ESC, Parallel-Probe.", source: nil)),
        ]
        let lifts = [-0.4, 0.3, 0.1, 0.8]
        let summaries = [
            "Round 1 proposes a confidence-momentum stopping rule: sample a warm-up batch, then stop when the majority share, discounted by beta, passes a threshold.",
            "Round 2 trades accuracy for efficiency: a lower warm-up and earlier stopping cut tokens by a third at beta=0.5.",
            "Round 3 pushes accuracy: branches that disagree with the running majority are abandoned after a patience window.",
            "Round 4 combines both, and adds a per-question budget that grows with disagreement. Note: \u{1B}]0;pwned\u{07}strings from data files are sanitised.",
        ]
        for (i, lift) in lifts.enumerated() {
            let start = t0.addingTimeInterval(Double(i) * 4200)
            let per = Dictionary(uniqueKeysWithValues: backbones.indices.map { (backbones[$0], summary($0, lift: lift)) })
            rows.append(RoundRow(id: String(format: "r%04d", i + 1), name: "round \(i + 1)", phase: .done, started: start,
                                 finished: start.addingTimeInterval(3600 + Double(i) * 300), perBackbone: per,
                                 detail: RoundDetail(results: results(lift), summary: summaries[i], source: source,
                                                     sourcePath: "logs/search_history/r\(String(format: "%04d", i + 1))/controller.py")))
        }
        rows.append(RoundRow(id: "r0005", name: "round 5", phase: .evaluating, started: now.addingTimeInterval(-900), finished: nil,
                             perBackbone: [backbones[3]: BackboneSummary(bestAcc: 66.1, bestCost: 410e3)],
                             detail: RoundDetail(results: [], summary: "Evaluating on Qwen3-8B; other backbones not reported yet.", source: nil)))
        return RoundsViewModel(backbones: backbones, rows: rows)
    }
}
