import Foundation
import Presentation

/// Plain-text forms of a comparison, shared by `ttsdash compare` and the dashboard's Compare view.
public enum CompareText {
    /// `+0.43`, `-13,845`.
    public static func signedAcc(_ v: Double?) -> String {
        guard let v else { return "-" }
        return String(format: "%+.2f", abs(v) < 0.005 ? 0 : v)
    }

    public static func signedCost(_ v: Double?) -> String {
        guard let v else { return "-" }
        return (v >= 0 ? "+" : "-") + NumberText.cost(abs(v))
    }

    /// The delta table: per configuration, each side's Acc and Cost, then each non-baseline
    /// side's differences from the baseline.
    public static func deltaTable(_ c: RoundComparison) -> TextTable {
        var headers = ["configuration"]
        var align: [TextTable.Alignment] = [.left]
        for s in c.sides { headers += ["\(s.label) Acc", "Cost"]; align += [.right, .right] }
        for (i, s) in c.sides.enumerated() where i != c.baseline {
            headers += ["Δ Acc \(s.label)", "Δ Cost", "Δ Cost %"]
            align += [.right, .right, .right]
        }
        var t = TextTable(headers: headers, alignments: align)
        for r in c.rows {
            var row = [r.configuration]
            for cell in r.cells { row += [NumberText.acc(cell?.acc), NumberText.cost(cell?.cost)] }
            for i in c.sides.indices where i != c.baseline {
                let base = r.cells[c.baseline]?.cost
                let pct = r.costDelta[i].flatMap { d in base.flatMap { $0 > 0 ? String(format: "%+.1f%%", d / $0 * 100) : nil } }
                row += [signedAcc(r.accDelta[i]), signedCost(r.costDelta[i]), pct ?? "-"]
            }
            t.add(row)
        }
        return t
    }

    /// The summary lines of each side against the baseline.
    public static func summaryLines(_ c: RoundComparison) -> [String] {
        let base = c.sides.indices.contains(c.baseline) ? c.sides[c.baseline].label : "-"
        var out: [String] = []
        for s in c.summaries {
            let me = c.sides[s.side].label
            out.append("\(me) vs \(base) (baseline):")
            if let acc = s.equalAccuracy, let saved = s.tokensSaved, let sc = s.sideCostAtEqualAccuracy, let bc = s.baselineCostAtEqualAccuracy {
                // As the change in tokens, so the sign reads the same way as the delta table's Cost.
                let pct = s.tokensSavedPercent.map { String(format: " (%+.1f%% tokens)", -$0) } ?? ""
                let verb = saved >= 0 ? "saves" : "spends"
                let atMost = s.sideCostIsUpperBound || s.baselineCostIsUpperBound
                let scText = (s.sideCostIsUpperBound ? "≤" : "") + NumberText.cost(sc), bcText = (s.baselineCostIsUpperBound ? "≤" : "") + NumberText.cost(bc)
                out.append("  tokens at equal accuracy (\(NumberText.acc(acc))%): \(scText) vs \(bcText); \(me) \(verb) \(NumberText.cost(abs(saved)))\(saved >= 0 ? "" : " more")\(pct)"
                           + (atMost ? " (≤: reached already at its cheapest point)" : ""))
            } else {
                out.append("  tokens at equal accuracy: no accuracy both frontiers reach")
            }
            if let cost = s.equalCost, let gain = s.accuracyGained, let sa = s.sideAccAtEqualCost, let ba = s.baselineAccAtEqualCost {
                out.append("  accuracy at equal cost (\(NumberText.cost(cost)) tokens): \(NumberText.acc(sa))% vs \(NumberText.acc(ba))%; \(signedAcc(gain)) points")
            } else {
                out.append("  accuracy at equal cost: the frontiers share no cost range")
            }
            if let a = s.area {
                out.append(String(format: "  area between frontiers: %+.3f (Acc points x decades of tokens over %@-%@; mean %+.2f points)",
                                  a.area, NumberText.compact(pow(10, a.lowerLogCost)), NumberText.compact(pow(10, a.upperLogCost)), a.meanGain))
            } else {
                out.append("  area between frontiers: no shared cost range")
            }
            if !s.dominance.isEmpty {
                let parts = s.dominance.map { d -> String in
                    let who = d.winner == .side ? me : (d.winner == .baseline ? base : "tie")
                    return "\(who) \(NumberText.compact(d.lowCost))-\(NumberText.compact(d.highCost))"
                }
                out.append("  above where: " + parts.joined(separator: ", "))
            }
        }
        if !c.unionStretches.isEmpty {
            out.append("union frontier (\(c.union.points.count) points): " + c.unionStretches.map { u in
                "\(c.sides[u.side].label) \(NumberText.compact(u.lowCost))" + (u.highCost > u.lowCost ? "-\(NumberText.compact(u.highCost))" : "")
            }.joined(separator: ", "))
        }
        return out
    }

    /// Headline lines with the reference's provenance.
    public static func headlineLines(_ headlines: [CompareHeadline], reference: HeadlineReference?) -> [String] {
        guard let reference else { return ["headline: no reference point (the baseline has no results here)"] }
        return headlines.map(\.text) + ["  reference: \(reference.source)"]
    }

    /// The code section: diffs (or why there are none) and the schedule changes.
    public static func codeLines(_ code: CodeComparison) -> [String] {
        var out: [String] = []
        if let d = code.sourceDiff, !d.isEmpty {
            out.append("controller source: +\(d.added) -\(d.removed) lines")
            out.append(d.text(oldName: "\(code.oldLabel)/method.py", newName: "\(code.newLabel)/method.py"))
        } else if let n = code.sourceNote {
            out.append("controller source: \(n)")
        }
        if let d = code.summaryDiff, !d.isEmpty {
            out.append("proposal summary: +\(d.added) -\(d.removed) lines")
            out.append(d.text(oldName: "\(code.oldLabel) summary", newName: "\(code.newLabel) summary"))
        } else if let n = code.summaryNote {
            out.append("proposal summary: \(n)")
        }
        if let n = code.scheduleNote {
            out.append("configuration schedule: \(n)")
        } else if let t = code.scheduleSideBySide {
            out.append("configuration schedule (\(code.oldLabel)→\(code.newLabel)): \(t.changedCount) value\(t.changedCount == 1 ? "" : "s") of \(t.shared.count) shared knob\(t.shared.count == 1 ? "" : "s") differ")
            if !t.onlyOld.isEmpty { out.append("  only \(code.oldLabel): " + t.onlyOld.joined(separator: ", ")) }
            if !t.onlyNew.isEmpty { out.append("  only \(code.newLabel): " + t.onlyNew.joined(separator: ", ")) }
            if t.unmatchedOld + t.unmatchedNew > 0 {
                out.append("  configurations evaluated by one round only (not compared): \(code.oldLabel) \(t.unmatchedOld), \(code.newLabel) \(t.unmatchedNew)")
            }
            if !t.shared.isEmpty {
                var table = TextTable(headers: ["configuration"] + t.shared, alignments: [.left] + t.shared.map { _ in .right })
                for r in t.rows { table.add([r.configuration] + r.values.map(ScheduleSideBySide.cell)) }
                out.append(table.render())
            }
        }
        return out
    }

    /// The round trajectory at a fixed β, per benchmark (the paper's Figure 4).
    public static func trajectoryTable(run: Run, backbone: String, beta: Double) -> TextTable? {
        let benchmarks = run.benchmarks
        let discovered = run.rounds.filter { $0.kind == .archived || $0.kind == .live }
        guard !discovered.isEmpty else { return nil }
        var headers = ["round"]
        var align: [TextTable.Alignment] = [.left]
        for b in benchmarks { headers += ["\(b) Acc", "Cost"]; align += [.right, .right] }
        var t = TextTable(headers: headers, alignments: align)
        let columns = benchmarks.map { Frontier.trajectory(rounds: run.rounds, backbone: backbone, benchmark: $0, beta: beta) }
        for (i, r) in discovered.enumerated() {
            var row = [r.shortName]
            for col in columns { row += [col[i].acc.map { NumberText.acc($0) } ?? "-", col[i].cost.map { NumberText.cost($0) } ?? "-"] }
            t.add(row)
        }
        // Each round's own held-out evaluation, then AutoTTS's (evaluated once, for the final controller).
        let heldColumns = benchmarks.map { Frontier.trajectory(rounds: run.rounds, backbone: backbone, benchmark: $0, beta: beta, heldOut: true) }
        for (i, point) in (heldColumns.first ?? []).enumerated() {
            var row = [point.roundName]
            for col in heldColumns { row += [col[i].acc.map { NumberText.acc($0) } ?? "-", col[i].cost.map { NumberText.cost($0) } ?? "-"] }
            t.add(row)
        }
        if let held = run.rounds.first(where: { $0.kind == .heldOut && $0.heldOutOf == nil }) {
            var row = [held.shortName]
            for b in benchmarks {
                let r = held.results(backbone: backbone, benchmark: b)?.row(beta: beta)
                row += [NumberText.acc(r?.acc), NumberText.cost(r?.cost)]
            }
            t.add(row)
        }
        return t
    }
}
