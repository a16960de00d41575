import ArgumentParser
import Foundation
import Presentation
import ReplayCore
import Runs

/// `ttsdash frontier RUN --backbone M --benchmark D [--rounds …]`: points, Pareto flags, a plot.
struct FrontierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontier",
        abstract: "Accuracy against tokens for one backbone and benchmark: points, the Pareto frontier, a text plot.",
        discussion: """
        Each result row of the chosen rounds is a point (Cost = average tokens per question, Acc %). \
        A point is on the frontier when no other point is both cheaper (or as cheap) and more accurate \
        (or as accurate). When the seed baselines are shown, each round is compared with their frontier: \
        the area between the frontiers in log10-cost space (Acc points x decades, linear interpolation), \
        the tokens it needs to reach the seeds' best accuracy, and its accuracy at the seeds' cost there.
        """)

    @Argument(help: ArgumentHelp("The run folder.", valueName: "RUN"))
    var path: String

    @Option(name: .long, help: "Backbone (default: the only one).")
    var backbone: String?

    @Option(name: .long, help: "Benchmark (default: the only one).")
    var benchmark: String?

    @Option(name: .long, help: "Rounds to show, comma-separated (e.g. seed,r0003,r0004; default: all).")
    var rounds: String?

    @Option(name: .long, help: "Also print the round trajectory at this beta (the paper's Figure 4).")
    var beta: Double?

    @Flag(name: .long, help: "Machine-readable output (JSON).")
    var json = false

    @Option(name: .long, help: "Plot width in characters.")
    var width: Int = 72

    func run() throws {
        let run = RunCLI.load(path)
        let b = choose(backbone, from: run.backbones, what: "backbone", flag: "--backbone")
        let d = choose(benchmark, from: run.benchmarks, what: "benchmark", flag: "--benchmark")
        var roundNames: [String]? = nil
        if let rounds {
            roundNames = rounds.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for n in roundNames! where run.round(named: n) == nil {
                RunCLI.fail("no round '\(n)' in \(path) (rounds: \(run.rounds.map(\.shortName).joined(separator: ", ")))")
            }
        }
        let data = FrontierData.make(run: run, backbone: b, benchmark: d, rounds: roundNames)
        let chosen = roundNames.map { $0.compactMap { run.round(named: $0) } } ?? run.rounds
        let trajectory = beta.map { Frontier.trajectory(rounds: chosen, backbone: b, benchmark: d, beta: $0) }
        if json {
            print(RunJSON.pretty(FrontierText.json(data, trajectory: trajectory, beta: beta)))
        } else {
            print(PlainText.safe(FrontierText.render(data, trajectory: trajectory, beta: beta, width: width)))
        }
    }

    func choose(_ given: String?, from options: [String], what: String, flag: String) -> String {
        if let given {
            guard options.contains(given) else {
                RunCLI.fail("no \(what) '\(given)' in \(path) (found: \(options.joined(separator: ", ")))")
            }
            return given
        }
        guard options.count == 1 else {
            RunCLI.fail("\(flag) is required: the run has \(options.count) \(what)s (\(options.joined(separator: ", ")))")
        }
        return options[0]
    }
}

/// Text and JSON forms of `ttsdash frontier`.
enum FrontierText {
    static func render(_ data: FrontierData, trajectory: [TrajectoryPoint]?, beta: Double?, width: Int) -> String {
        var out: [String] = ["\(data.backbone) / \(data.benchmark): \(data.points.count) points, \(data.frontier.points.count) on the Pareto frontier", ""]
        var t = TextTable(headers: ["round", "family", "configuration", "Acc", "Cost", "frontier"],
                          alignments: [.left, .left, .left, .right, .right, .left])
        for p in data.points {
            t.add([p.roundName, p.family, p.label, NumberText.acc(p.acc), NumberText.cost(p.cost), p.onFrontier ? "*" : ""])
        }
        for p in data.notReported {
            t.add([p.roundName, p.family, p.label, p.acc.isNaN ? "not reported" : NumberText.acc(p.acc),
                   p.cost.isNaN ? "not reported" : NumberText.cost(p.cost), ""])
        }
        out.append(t.render())
        out.append("")
        out.append(FrontierPlot.render(data, width: width))
        if !data.comparisons.isEmpty, let best = data.reference?.bestAccuracy {
            out.append("")
            out.append("against the seed baselines' frontier (best seed Acc \(NumberText.acc(best)) at \(NumberText.cost(data.reference?.cost(atAccuracy: best, .step))) tokens):")
            var c = TextTable(headers: ["round", "area", "mean gain", "cost at seed best", "tokens saved", "Acc gain at that cost"],
                              alignments: [.left, .right, .right, .right, .right, .right])
            for x in data.comparisons {
                c.add([x.roundName, x.area.map { String(format: "%+.2f", $0.area) } ?? "no overlap",
                       x.area.map { String(format: "%+.2f", $0.meanGain) } ?? "-",
                       x.costAtReferenceBest.map { NumberText.cost($0) } ?? "not reached",
                       x.tokensSavedAtReferenceBest.map { CompareText.signedCost($0) + percent($0, of: x.referenceCostAtBest) } ?? "-",
                       x.accuracyGainedAtReferenceCost.map { String(format: "%+.2f", $0) } ?? "-"])
            }
            out.append(c.render())
            out.append("area: Acc points x decades of tokens between the two frontiers over their shared cost range; mean gain = area / range width")
        }
        if let trajectory, let beta {
            out.append("")
            out.append("trajectory at beta = \(beta):")
            var tt = TextTable(headers: ["round", "Acc", "Cost"], alignments: [.left, .right, .right])
            for p in trajectory {
                tt.add([p.roundName, p.acc.map { NumberText.acc($0) } ?? "not reported", p.cost.map { NumberText.cost($0) } ?? "not reported"])
            }
            out.append(tt.render())
        }
        return out.joined(separator: "\n")
    }

    static func percent(_ v: Double, of total: Double?) -> String {
        guard let total, total > 0 else { return "" }
        return String(format: " (%.0f%%)", v / total * 100)
    }

    static func num(_ v: Double?) -> JSONValue { RunJSON.num(v) }

    static func json(_ data: FrontierData, trajectory: [TrajectoryPoint]?, beta: Double?) -> JSONValue {
        func point(_ p: FrontierData.Point) -> JSONValue {
            .object(JSONObject([
                "round": .string(p.roundName), "round_id": .string(p.roundID), "family": .string(p.family),
                "configuration": .string(p.label), "acc": num(p.acc), "cost": num(p.cost),
                "on_frontier": .bool(p.onFrontier), "csv": p.csvPath.map { .string($0) } ?? .null, "line": .int(p.line),
            ]))
        }
        var o = JSONObject([
            "backbone": .string(data.backbone), "benchmark": .string(data.benchmark),
            "points": .array(data.points.map(point)),
            "not_reported": .array(data.notReported.map(point)),
            "frontier": .array(data.frontier.points.map { .object(JSONObject(["cost": num($0.cost), "acc": num($0.acc)])) }),
            "series": .array(data.series.map { s in
                .object(JSONObject(["id": .string(s.id), "round": .string(s.roundName), "family": .string(s.family),
                                    "points": .int(s.points.count)]))
            }),
            "comparisons": .array(data.comparisons.map { c in
                .object(JSONObject([
                    "round": .string(c.roundName), "area": num(c.area?.area), "mean_gain": num(c.area?.meanGain),
                    "overlap_log10_cost": c.area.map { .array([num($0.lowerLogCost), num($0.upperLogCost)]) } ?? .null,
                    "reference_best_acc": num(c.referenceBestAccuracy), "reference_cost_at_best": num(c.referenceCostAtBest),
                    "cost_at_reference_best": num(c.costAtReferenceBest), "tokens_saved": num(c.tokensSavedAtReferenceBest),
                    "acc_gained_at_reference_cost": num(c.accuracyGainedAtReferenceCost),
                ]))
            }),
        ])
        if let trajectory, let beta {
            o["trajectory"] = .object(JSONObject([
                "beta": .double(beta),
                "rounds": .array(trajectory.map { .object(JSONObject(["round": .string($0.roundName), "acc": num($0.acc), "cost": num($0.cost)])) }),
            ]))
        }
        return .object(o)
    }
}
