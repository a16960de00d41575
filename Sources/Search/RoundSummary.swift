import Foundation
import Runs

/// The compact text an agent reads instead of GB of traces: per backbone and benchmark the
/// round's frontier, Acc/Cost at β = 0.5 and 1.0, the change against the previous round and the
/// seed baselines, and what failed. Written as `history/<round>/round_summary.txt`; the prompt
/// quotes one line per backbone of each earlier round and points to these files.
public enum RoundSummary {
    public static let fileName = "round_summary.txt"
    public static let operatingPoints: [Double] = [0.5, 1.0]

    /// - Parameters:
    ///   - results: the round's result sets (read from its CSVs).
    ///   - previous: the archived round before it (nil for the first).
    ///   - baselines: the seed baselines (`history/seed_algorithms`), when the run has them.
    public static func text(roundID: String, returnCode: Int, results: [ResultSet], previous: Round?, baselines: Round?,
                            failures: [String], error: String?, proposal: String?, methodPath: String) -> String {
        var out: [String] = []
        out.append("Round \(roundID): eval_returncode \(returnCode)\(returnCode == 0 ? "" : " (the evaluation failed; see Failures)")")
        out.append("Controller: \(methodPath)")
        if let proposal, !proposal.isEmpty {
            let one = proposal.replacingOccurrences(of: "\n", with: " ")
            out.append("Proposal: " + (one.count > 300 ? String(one.prefix(300)) + " …" : one))
        }
        if let previous { out.append("Previous round: \(previous.id)") }
        out.append("")
        if results.isEmpty { out.append("No result rows.") }
        for set in results {
            let rows = set.rows.filter { $0.acc != nil && $0.cost != nil }
            out.append("\(set.backbone) / \(set.benchmark): \(rows.count) rows")
            let frontier = frontierRows(rows)
            if !frontier.isEmpty {
                out.append("  frontier: " + frontier.map { point($0) }.joined(separator: " · "))
            }
            let prev = previous?.results(backbone: set.backbone, benchmark: set.benchmark)
            for beta in operatingPoints {
                guard let r = set.row(beta: beta), let acc = r.acc, let cost = r.cost else {
                    out.append("  β=\(fmtBeta(beta)): no row")
                    continue
                }
                var line = "  β=\(fmtBeta(beta)): Acc \(fmtAcc(acc)) Cost \(fmtCost(cost))"
                if let p = prev?.row(beta: beta), let pa = p.acc, let pc = p.cost {
                    line += "  vs previous: \(delta(acc - pa)) Acc, \(percent(cost, pc)) Cost"
                }
                out.append(line)
            }
            if let best = set.best, let acc = best.acc, let cost = best.cost {
                var line = "  best: \(point(best))"
                if let p = prev?.best, let pa = p.acc, let pc = p.cost {
                    line += "  vs previous best \(fmtAcc(pa)) at \(fmtCost(pc)): \(delta(acc - pa)) Acc"
                }
                out.append(line)
                if let seeds = baselines?.results(backbone: set.backbone, benchmark: set.benchmark) {
                    out.append("  baselines: " + baselineLine(acc: acc, cost: cost, seeds: seeds))
                }
            }
            out.append("")
        }
        out.append("Failures:")
        if let error { out.append("  \(error)") }
        for f in failures { out.append("  \(f)") }
        if error == nil && failures.isEmpty { out.append("  none") }
        return out.joined(separator: "\n") + "\n"
    }

    /// One line per backbone for the prompt: `Synth-S/synth-search best 27.30 @ 245,973 (beta=1.0); β=0.5 25.00 @ 40,000`.
    public static func compactLines(_ round: Round) -> [String] {
        round.results.compactMap { set in
            guard let best = set.best, best.acc != nil else { return nil }
            var line = "\(set.backbone)/\(set.benchmark) best \(point(best))"
            for beta in operatingPoints {
                if let r = set.row(beta: beta), let a = r.acc, let c = r.cost { line += "; β=\(fmtBeta(beta)) \(fmtAcc(a)) @ \(fmtCost(c))" }
            }
            return line
        }
    }

    static func frontierRows(_ rows: [ResultRow]) -> [ResultRow] {
        let points = rows.map { FrontierPoint(cost: $0.cost!, acc: $0.acc!) }
        return Frontier.paretoIndices(points).map { rows[$0] }
    }

    static func baselineLine(acc: Double, cost: Double, seeds: ResultSet) -> String {
        var parts: [String] = []
        if let b = seeds.best, let ba = b.acc {
            parts.append("best seed \(point(b)) (\(delta(acc - ba)) Acc)")
        }
        // The cheapest baseline that reaches this round's best accuracy: tokens at equal accuracy.
        let reaching = seeds.rows.filter { ($0.acc ?? -1) >= acc && $0.cost != nil }.min { $0.cost! < $1.cost! }
        if let r = reaching, let rc = r.cost {
            parts.append("cheapest seed reaching \(fmtAcc(acc)): \(point(r)), this round uses \(percent(cost, rc)) tokens")
        } else {
            parts.append("no seed baseline reaches \(fmtAcc(acc))")
        }
        return parts.joined(separator: "; ")
    }

    static func point(_ r: ResultRow) -> String {
        "\(fmtAcc(r.acc ?? 0)) @ \(fmtCost(r.cost ?? 0)) (\(knobs(r)))"
    }

    /// `beta=0.5` (the row's config dict, compact); the name when it has none.
    static func knobs(_ r: ResultRow) -> String {
        let c = r.configuration
        if c.parameters.isEmpty { return c.name.isEmpty ? r.method : c.name }
        let values = c.parameters.map { "\($0.name)=\($0.value.display)" }.joined(separator: ",")
        return c.name == "optimal_controller" || c.name.isEmpty ? values : "\(c.name) \(values)"
    }

    static func fmtAcc(_ a: Double) -> String { String(format: "%.2f", a) }
    static func fmtBeta(_ b: Double) -> String { String(format: "%.1f", b) }
    static func fmtCost(_ c: Double) -> String {
        let n = Int(c.rounded())
        var s = String(abs(n)), out = ""
        while s.count > 3 { out = "," + s.suffix(3) + out; s = String(s.dropLast(3)) }
        return (n < 0 ? "-" : "") + s + out
    }
    static func delta(_ d: Double) -> String { (d >= 0 ? "+" : "") + String(format: "%.2f", d) }
    static func percent(_ now: Double, _ before: Double) -> String {
        guard before > 0 else { return "n/a" }
        let p = (now / before - 1) * 100
        return (p >= 0 ? "+" : "") + String(format: "%.1f%%", p)
    }
}
