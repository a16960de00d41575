import Foundation
import Runs

/// The round trajectory: every round's operating point at one β on each benchmark (search and
/// held-out), as bars (the paper's Figure 4). The compared rounds carry their markers; the best
/// round per benchmark is starred.
enum CompareTrajectorySection {
    static let barWidth = 24

    static func lines(_ s: AppState, _ m: CompareModel, width: Int) -> [RichLine] {
        let beta = s.compare.trajectoryBeta
        let betaText = String(format: "%.1f", beta)
        var out: [RichLine] = [RichLine([("Round trajectory at β = \(betaText)", Style(.title, bold: true)),
                                         ("  on \(m.backbone)   (+/- change β; '–' = no row at this β)", .dim)])]
        let rounds = m.run.rounds.filter { $0.kind == .archived || $0.kind == .live }
        let held = m.run.rounds.first { $0.kind == .heldOut && $0.heldOutOf == nil }
        let heldName = held.map { "\($0.shortName) (final)" }
        let nameW = max(8, ((rounds.map { "\($0.shortName) held-out" } + [heldName ?? ""]).map { CharWidth.of($0) }.max() ?? 0) + 3)
        for benchmark in m.run.benchmarks {
            let points = Frontier.trajectory(rounds: m.run.rounds, backbone: m.backbone, benchmark: benchmark, beta: beta)
            // Each round's own held-out evaluation (the paper's Figure 4 has one per round).
            let heldPoints = Frontier.trajectory(rounds: m.run.rounds, backbone: m.backbone, benchmark: benchmark, beta: beta, heldOut: true)
                .filter { $0.acc != nil }
            let heldRow = held?.results(backbone: m.backbone, benchmark: benchmark)?.row(beta: beta)
            let searched = points.contains { $0.acc != nil }
            // A benchmark only held-out evaluations report is a held-out one.
            let heldOnly = held?.results.contains { $0.benchmark == benchmark } == true || !heldPoints.isEmpty
            let kind = !searched && heldOnly ? "held-out" : "search"
            out.append(RichLine(""))
            out.append(RichLine([(benchmark, Style(.accent, bold: true)), (" (\(kind))", .dim)]))
            // A held-out benchmark lists only the held-out evaluation (the rounds never ran on it).
            var values: [(name: String, id: String?, acc: Double?, cost: Double?)] = kind == "held-out" ? [] : points.map { ($0.roundName, $0.roundID, $0.acc, $0.cost) }
            values += heldPoints.map { ($0.roundName, $0.roundID, $0.acc, $0.cost) }
            if let heldRow, let held, let heldName { values.append((heldName, held.id, heldRow.acc, heldRow.cost)) }
            let accs = values.compactMap(\.acc)
            guard let lo = accs.min(), let hi = accs.max() else {
                out.append(RichLine("  no round reports β = \(betaText) on \(benchmark)", .dim))
                continue
            }
            // Bars start below the lowest value so differences show, but not at 0 (they would all look alike).
            let floor = max(0, lo - max(5, (hi - lo) * 0.5))
            let best = accs.max()
            for v in values {
                var pieces: [(String, Style)] = []
                let side = m.sides.firstIndex { $0.roundID == v.id }
                if let side { pieces.append((" " + String(CompareView.look(side).marker) + " ", Style(CompareView.look(side).role, bold: true))) } else { pieces.append(("   ", .text)) }
                pieces.append((Text.padRight(v.name, nameW), side == nil ? .text : Style(.text, bold: true)))
                if let a = v.acc {
                    let bar = bar(fraction: (a - floor) / max(1e-9, hi - floor), width: barWidth)
                    pieces.append((bar, side.map { Style(CompareView.look($0).role) } ?? .dim))
                    pieces.append((String(repeating: " ", count: barWidth - CharWidth.of(bar)), .text))
                    pieces.append((Text.padLeft(Format.acc(a), 7), .text))
                    pieces.append((Text.padLeft(v.cost.map { NumberText.cost($0) } ?? Format.missing, 10), .dim))
                    if a == best { pieces.append(("  ★ best", Style(.frontier, bold: true))) }
                } else {
                    pieces.append((String(repeating: " ", count: barWidth) + Text.padLeft(Format.missing, 7), .dim))
                }
                out.append(RichLine(pieces))
            }
        }
        return out
    }

    /// A horizontal bar in eighths of a cell.
    static func bar(fraction: Double, width: Int) -> String {
        let eighths = Int((min(max(0, fraction), 1) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }
}
