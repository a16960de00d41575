import ArgumentParser
import Foundation
import Presentation
import ReplayCore
import Runs

/// `ttsdash compare RUN --rounds A,B [--backbone M] [--json]`: is this round better than that
/// one (or the baselines), where, and why.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare rounds side by side: delta table, frontier summaries, headline, code diff, trajectory.",
        discussion: """
        The first round named is the baseline unless --baseline says otherwise; every difference is \
        "round minus baseline". A name is a round (r0004, 4, seed, live, heldout) optionally with a method \
        family (seed/asc, seed/sc). Frontiers are read by linear interpolation in (log10 tokens, Acc). \
        Summaries: tokens each frontier needs for the best accuracy both reach, the accuracy each reaches \
        at the baseline's budget for its best, the signed area between the frontiers (Acc points x decades \
        of tokens over the shared cost range) and the cost ranges where each is above. The headline compares \
        against SC@64 (majority vote over 64 samples): from the baseline's rows when it reports it, else \
        replayed by the embedded core from the run's replay store, else the baseline's most accurate point, \
        and says which.
        """)

    @Argument(help: ArgumentHelp("The run folder.", valueName: "RUN"))
    var path: String

    @Option(name: .long, help: "Rounds to compare, comma-separated (at least two; e.g. r0003,r0004 or seed,r0004).")
    var rounds: String

    @Option(name: .long, help: "The baseline among them (default: the first).")
    var baseline: String?

    @Option(name: .long, help: "Backbone (default: every backbone the rounds report).")
    var backbone: String?

    @Option(name: .long, help: "Benchmark (default: every benchmark the rounds report).")
    var benchmark: String?

    @Option(name: .long, help: "Beta of the round trajectory (the paper's Figure 4).")
    var beta: Double = 1.0

    @Option(name: .long, help: "Per-question flips at this configuration (e.g. beta=0.5) when both rounds have traces.")
    var flips: String?

    @Flag(name: .long, help: "Do not replay SC@64 from the replay store when the baselines lack it.")
    var noReplay = false

    @Flag(name: .long, help: "Machine-readable output (JSON).")
    var json = false

    func run() throws {
        let run = RunCLI.load(path)
        let names = rounds.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var sides: [CompareSide] = []
        for n in names {
            guard let s = CompareSide.resolve(n, in: run) else {
                RunCLI.fail("--rounds: no round '\(n)' in \(path) (rounds: \(run.rounds.map(\.shortName).joined(separator: ", ")))")
            }
            if !sides.contains(s) { sides.append(s) }
        }
        guard sides.count >= 2 else { RunCLI.fail("--rounds: name at least two different rounds (e.g. --rounds r0003,r0004)") }
        var base = 0
        if let baseline {
            guard let b = CompareSide.resolve(baseline, in: run), let i = sides.firstIndex(of: b) else {
                RunCLI.fail("--baseline: '\(baseline)' is not one of --rounds (\(sides.map(\.label).joined(separator: ", ")))")
            }
            base = i
        }
        let ids = Set(sides.map(\.roundID))
        let sets = run.rounds.filter { ids.contains($0.id) }.flatMap(\.results)
        let reportedBackbones = run.backbones.filter { b in sets.contains { $0.backbone == b } }
        let reportedBenchmarks = run.benchmarks.filter { d in sets.contains { $0.benchmark == d } }
        let backbones = choose(backbone, reportedBackbones, all: run.backbones, what: "backbone")
        let benchmarks = choose(benchmark, reportedBenchmarks, all: run.benchmarks, what: "benchmark")
        let flipConfiguration = flips.map { FlipConfiguration($0) }

        var sections: [CompareSection] = []
        for d in benchmarks {
            for b in backbones {
                let c = RoundComparison.make(run: run, sides: sides, baseline: base, backbone: b, benchmark: d)
                guard c.points.contains(where: { !$0.isEmpty }) else { continue }
                var reference = c.headlineReference()
                if reference?.label != "SC@64", !noReplay, let replayed = MajorityReference.compute(run: run, backbone: b, benchmark: d) {
                    reference = c.headlineReference(external: replayed)
                }
                let other = sides.indices.first { $0 != base }!
                let code = CodeComparison.make(run: run, old: sides[base], new: sides[other], backbone: b, benchmark: d)
                let flipResult = flipConfiguration.map { FlipReport.make(run: run, old: sides[base], new: sides[other], backbone: b, benchmark: d, configuration: $0) }
                sections.append(CompareSection(comparison: c, reference: reference, code: code, flips: flipResult))
            }
        }
        if sections.isEmpty {
            RunCLI.fail("no results for \(sides.map(\.label).joined(separator: ", ")) on \(backbones.joined(separator: ", ")) / \(benchmarks.joined(separator: ", "))")
        }
        let trajectories = backbones.compactMap { b in CompareText.trajectoryTable(run: run, backbone: b, beta: beta).map { (b, $0) } }
        if json {
            print(RunJSON.pretty(CompareJSON.json(sections, run: run, backbones: backbones, beta: beta)))
        } else {
            print(PlainText.safe(render(sections, trajectories: trajectories)))
        }
    }

    func choose(_ given: String?, _ reported: [String], all: [String], what: String) -> [String] {
        guard let given else { return reported }
        guard all.contains(given) else { RunCLI.fail("--\(what): no \(what) '\(given)' in \(path) (found: \(all.joined(separator: ", ")))") }
        return [given]
    }

    func render(_ sections: [CompareSection], trajectories: [(String, TextTable)]) -> String {
        var out: [String] = []
        for s in sections {
            let c = s.comparison
            let names = c.sides.enumerated().map { $0.offset == c.baseline ? "\($0.element.label) (baseline)" : $0.element.label }
            out.append("== \(c.backbone) / \(c.benchmark): \(names.joined(separator: " vs "))")
            out.append("")
            out.append(CompareText.deltaTable(c).render())
            out.append("")
            out += CompareText.summaryLines(c)
            out.append("")
            let headlines = s.reference.map { c.headlines(reference: $0) } ?? []
            out += CompareText.headlineLines(headlines, reference: s.reference)
            out.append("")
            out += CompareText.codeLines(s.code)
            if let f = s.flips {
                out.append("")
                out += f.lines
            }
            out.append("")
        }
        for (b, t) in trajectories {
            out.append("== trajectory at beta = \(beta) on \(b) (every round; '-' = no row at this beta)")
            out.append(t.render())
            out.append("")
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n")
    }
}

struct CompareSection {
    var comparison: RoundComparison
    var reference: HeadlineReference?
    var code: CodeComparison
    var flips: FlipReport?
}

/// `--flips`: a knob label as the view shows it (`beta=0.5`), or a SPEC or Description
/// (`cmc:beta=0.5`), matched against the traces' configurations like `ttsdash trace --config`.
struct FlipConfiguration {
    var text: String
    var parsed: RowConfiguration?

    init(_ text: String) {
        self.text = text.trimmingCharacters(in: .whitespaces)
        let isKnobLabel = !self.text.contains(":") && !self.text.contains("| config=")
        parsed = isKnobLabel ? nil : RunCLI.configuration(self.text, flag: "--flips")
    }

    func pick(_ shared: [(label: String, a: Int, b: Int)], in index: TraceIndex) -> (label: String, a: Int, b: Int)? {
        if let c = parsed {
            guard let i = index.descriptionIndex(matching: c) else { return nil }
            return shared.first { $0.a == i }
        }
        return shared.first { $0.label == text }
    }
}

/// Per-question flips for the headless verb.
struct FlipReport {
    var configuration: String
    var flips: QuestionFlips?
    var note: String?
    var oldLabel: String
    var newLabel: String

    static func make(run: Run, old: CompareSide, new: CompareSide, backbone: String, benchmark: String, configuration: FlipConfiguration) -> FlipReport {
        var r = FlipReport(configuration: configuration.text, oldLabel: old.label, newLabel: new.label)
        guard let ta = run.round(id: old.roundID)?.results(backbone: backbone, benchmark: benchmark)?.trace,
              let tb = run.round(id: new.roundID)?.results(backbone: backbone, benchmark: benchmark)?.trace else {
            r.note = "flips: no trace file for \(old.label) or \(new.label) on \(backbone) / \(benchmark)"
            return r
        }
        do {
            let ia = try ta.openIndex(), ib = try tb.openIndex()
            let shared = QuestionFlips.sharedConfigurations(ia, ib)
            guard let pick = configuration.pick(shared, in: ia) else {
                r.note = "flips: no configuration '\(configuration.text)' in both traces (\(shared.isEmpty ? "they share none" : "shared: " + shared.map(\.label).joined(separator: ", ")))"
                return r
            }
            r.configuration = pick.label   // as the traces name it, whatever form was given
            r.flips = QuestionFlips.compare(try QuestionFlips.outcomes(ia, description: pick.a), try QuestionFlips.outcomes(ib, description: pick.b))
        } catch {
            r.note = "flips: \(error)"
        }
        return r
    }

    var lines: [String] {
        if let note { return [note] }
        guard let f = flips else { return [] }
        var out = ["per-question flips at \(configuration) over \(f.seeds.count) seed\(f.seeds.count == 1 ? "" : "s"), \(f.questions.count) questions: "
                   + "\(f.totalOnlyA) right only in \(oldLabel), \(f.totalOnlyB) right only in \(newLabel)"]
        var t = TextTable(headers: ["question", "\(oldLabel) right", "\(newLabel) right", "flip rate", "Δ cost"], alignments: [.right, .right, .right, .right, .right])
        for q in f.flipped {
            t.add([String(q.index), String(format: "%d/%d", q.correctA, q.seeds), String(format: "%d/%d", q.correctB, q.seeds),
                   String(format: "%.0f%%", q.flipRate * 100), CompareText.signedCost(q.costDelta)])
        }
        if !f.flipped.isEmpty { out.append(t.render()) }
        return out
    }
}

/// The JSON form of `ttsdash compare`.
enum CompareJSON {
    static func num(_ v: Double?) -> JSONValue { RunJSON.num(v) }

    static func json(_ sections: [CompareSection], run: Run, backbones: [String], beta: Double) -> JSONValue {
        .object(JSONObject([
            "comparisons": .array(sections.map(section)),
            "trajectory": .object(JSONObject([
                "beta": .double(beta),
                "backbones": .array(backbones.map { b in
                    .object(JSONObject([
                        "backbone": .string(b),
                        "benchmarks": .array(run.benchmarks.map { d in
                            .object(JSONObject([
                                "benchmark": .string(d),
                                "rounds": .array(Frontier.trajectory(rounds: run.rounds, backbone: b, benchmark: d, beta: beta).map {
                                    .object(JSONObject(["round": .string($0.roundName), "acc": num($0.acc), "cost": num($0.cost)]))
                                }),
                            ]))
                        }),
                    ]))
                }),
            ])),
        ]))
    }

    static func section(_ s: CompareSection) -> JSONValue {
        let c = s.comparison
        let label = { (i: Int) in c.sides[i].label }
        var o = JSONObject([
            "backbone": .string(c.backbone), "benchmark": .string(c.benchmark),
            "sides": .array(c.sides.map { .string($0.label) }), "baseline": .string(label(c.baseline)),
            "rows": .array(c.rows.map { r in
                .object(JSONObject([
                    "configuration": .string(r.configuration), "family": .string(r.family),
                    "values": .array(r.cells.enumerated().map { i, cell in
                        .object(JSONObject(["side": .string(label(i)), "acc": num(cell?.acc), "cost": num(cell?.cost),
                                            "acc_delta": num(r.accDelta[i]), "cost_delta": num(r.costDelta[i])]))
                    }),
                ]))
            }),
            "summaries": .array(c.summaries.map { m in
                .object(JSONObject([
                    "side": .string(label(m.side)), "best_acc": num(m.bestAcc), "baseline_best_acc": num(m.baselineBestAcc),
                    "area": num(m.area?.area), "mean_gain": num(m.area?.meanGain),
                    "overlap_cost": m.area.map { .array([num(pow(10, $0.lowerLogCost)), num(pow(10, $0.upperLogCost))]) } ?? .null,
                    "equal_accuracy": num(m.equalAccuracy), "cost_at_equal_accuracy": num(m.sideCostAtEqualAccuracy),
                    "baseline_cost_at_equal_accuracy": num(m.baselineCostAtEqualAccuracy),
                    "tokens_saved": num(m.tokensSaved), "tokens_saved_percent": num(m.tokensSavedPercent),
                    "equal_cost": num(m.equalCost), "acc_at_equal_cost": num(m.sideAccAtEqualCost),
                    "baseline_acc_at_equal_cost": num(m.baselineAccAtEqualCost), "acc_gained": num(m.accuracyGained),
                    "dominance": .array(m.dominance.map { d in
                        .object(JSONObject(["low_cost": num(d.lowCost), "high_cost": num(d.highCost),
                                            "above": .string(d.winner == .side ? label(m.side) : d.winner == .baseline ? label(c.baseline) : "tie")]))
                    }),
                ]))
            }),
            "union_frontier": .array(c.unionStretches.map { u in
                .object(JSONObject(["side": .string(label(u.side)), "low_cost": num(u.lowCost), "high_cost": num(u.highCost), "points": .int(u.points)]))
            }),
        ])
        if let ref = s.reference {
            o["headline_reference"] = .object(JSONObject(["label": .string(ref.label), "acc": num(ref.acc), "cost": num(ref.cost), "source": .string(ref.source)]))
            o["headlines"] = .array(c.headlines(reference: ref).map { h in
                .object(JSONObject(["side": .string(h.sideLabel), "cost_at_reference_acc": num(h.sideCost),
                                    "saved_percent": num(h.savedPercent), "at_least": .bool(h.atLeast), "text": .string(h.text)]))
            })
        }
        o["code"] = .object(JSONObject([
            "old": .string(s.code.oldLabel), "new": .string(s.code.newLabel),
            "source_diff": s.code.sourceDiff.map { .string($0.text(oldName: "\(s.code.oldLabel)/method.py", newName: "\(s.code.newLabel)/method.py")) } ?? .null,
            "source_note": s.code.sourceNote.map { .string($0) } ?? .null,
            "summary_note": s.code.summaryNote.map { .string($0) } ?? .null,
            "schedule_note": s.code.scheduleNote.map { .string($0) } ?? .null,
            "schedule_changed_values": s.code.scheduleSideBySide.map { .int($0.changedCount) } ?? .null,
        ]))
        if let f = s.flips {
            o["flips"] = .object(JSONObject([
                "configuration": .string(f.configuration), "note": f.note.map { .string($0) } ?? .null,
                "seeds": .int(f.flips?.seeds.count ?? 0),
                "questions": .array((f.flips?.flipped ?? []).map { q in
                    .object(JSONObject(["question": .int(q.index), "seeds": .int(q.seeds), "correct_old": .int(q.correctA),
                                        "correct_new": .int(q.correctB), "flip_rate": num(q.flipRate), "cost_delta": num(q.costDelta)]))
                }),
            ]))
        }
        return .object(o)
    }
}
