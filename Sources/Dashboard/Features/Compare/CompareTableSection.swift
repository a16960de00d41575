import Foundation
import Runs

/// The delta table: each configuration's Acc and Cost per side and the differences from the
/// baseline (coloured: better is `correct`, worse is `wrong`; signs carry it without colour),
/// then the frontier summaries and the headline.
enum CompareTableSection {
    /// How far the table can scroll sideways on `width` columns.
    static func maxColumn(_ table: [RichLine], width: Int) -> Int {
        max(0, (table.map { CharWidth.of($0.text) }.max() ?? 0) - (width - 1))
    }

    /// The widest the table can scroll, for the key handler.
    static func maxColumn(_ s: AppState, _ m: CompareModel, width: Int) -> Int {
        var unscrolled = s
        unscrolled.compare.tableColumn = 0
        let lines = self.lines(unscrolled, m, width: Int.max / 2)
        return max(0, (lines.prefix(3 + m.comparison().rows.count).map { CharWidth.of($0.text) }.max() ?? 0) - (width - 1))
    }

    static func lines(_ s: AppState, _ m: CompareModel, width: Int) -> [RichLine] {
        let c = m.comparison()
        var out: [RichLine] = []
        let cfgW = max(13, (c.rows.map { CharWidth.of($0.configuration) }.max() ?? 0) + 1)
        // Two header lines: each side's name over its Acc and Cost, then the column names.
        var names: [(String, Style)] = [(String(repeating: " ", count: cfgW), .text)]
        var header: [(String, Style)] = [(Text.padRight("configuration", cfgW), .title)]
        for (i, side) in c.sides.enumerated() {
            let l = CompareView.look(i)
            let name = Text.truncate(String(l.marker) + " " + side.label + (i == c.baseline ? " ⚑" : ""), to: 16)
            names.append(("   " + Text.padLeft(name, 16), Style(l.role, bold: true)))
            header.append(("   " + Text.padLeft("Acc", 7) + Text.padLeft("Cost", 9), .title))
        }
        for (i, side) in c.sides.enumerated() where i != c.baseline {
            names.append(("  " + Text.padLeft("Δ " + Text.truncate(side.label, to: 16), 24), Style(CompareView.look(i).role, bold: true)))
            header.append(("  " + Text.padLeft("Acc", 6) + Text.padLeft("Cost", 10) + Text.padLeft("Cost%", 8), .title))
        }
        var table: [RichLine] = [RichLine(names), RichLine(header)]
        if c.rows.isEmpty { table.append(RichLine("  no rows reported", .dim)) }
        for r in c.rows {
            var pieces: [(String, Style)] = [(Text.padRight(r.configuration, cfgW), r.isShared ? .text : .dim)]
            for cell in r.cells {
                pieces.append(("   ", .text))
                pieces.append((Text.padLeft(cell?.acc.map { NumberText.acc($0) } ?? Format.missing, 7), cell == nil ? .dim : .text))
                pieces.append((Text.padLeft(cell?.cost.map { NumberText.cost($0) } ?? Format.missing, 9), cell == nil ? .dim : .text))
            }
            for i in c.sides.indices where i != c.baseline {
                let da = r.accDelta[i], dc = r.costDelta[i]
                let base = r.cells[c.baseline]?.cost
                let pct = dc.flatMap { d in base.flatMap { $0 > 0 ? String(format: "%+.1f%%", d / $0 * 100) : nil } } ?? Format.missing
                pieces.append(("  ", .text))
                pieces.append((Text.padLeft(da == nil ? Format.missing : CompareText.signedAcc(da), 6), deltaStyle(da, higherIsBetter: true)))
                pieces.append((Text.padLeft(dc == nil ? Format.missing : CompareText.signedCost(dc), 10), deltaStyle(dc, higherIsBetter: false)))
                pieces.append((Text.padLeft(pct, 8), deltaStyle(dc, higherIsBetter: false)))
            }
            table.append(RichLine(pieces))
        }
        // Wider than the screen (many sides, e.g. with F): scroll sideways, the configuration stays.
        let shift = min(s.compare.tableColumn, maxColumn(table, width: width))
        var intro = "Acc % and Cost (tokens per question) per configuration on \(m.backbone) / \(m.benchmark); Δ = side − baseline"
        if maxColumn(table, width: width) > 0 {
            // First, so a narrow screen still says it (the rest of the line may be cut).
            intro = (shift > 0 ? "◂ ← → scroll sideways" : "← → scroll sideways ▸") + " · " + intro
        }
        out.append(RichLine(intro, .dim))
        out += table.map { $0.scrolled(keep: cfgW, by: shift) }
        out.append(RichLine(""))
        for l in summaryLines(s, m, c) { out += CompareFrontierSection.wrap(l, width: width - 1) }
        return out
    }

    /// Summaries, union frontier and headline, as rich lines (shared with the frontiers section).
    static func summaryLines(_ s: AppState, _ m: CompareModel, _ c: RoundComparison) -> [RichLine] {
        var out: [RichLine] = [RichLine("Against the baseline (frontiers read linearly in log tokens)", Style(.title, bold: true))]
        for line in CompareText.summaryLines(c) {
            let style: Style = line.hasPrefix("  ") ? .text : Style(.accent, bold: true)
            out.append(RichLine(line, style))
        }
        out.append(RichLine(""))
        out.append(RichLine("Headline (the paper's form)", Style(.title, bold: true)))
        let pending = s.compare.references[m.referenceKey] == .pending && c.headlineReference()?.label != "SC@64"
        if pending {
            out.append(RichLine("  replaying SC@64 from the replay store…", .dim))
        }
        let ref = m.reference(c, state: s.compare)
        for line in CompareText.headlineLines(ref.map { c.headlines(reference: $0) } ?? [], reference: ref) {
            out.append(RichLine(line.hasPrefix("  ") ? line : "  " + line, line.hasPrefix("  ") ? .dim : Style(.text, bold: true)))
        }
        return out
    }

    static func deltaStyle(_ v: Double?, higherIsBetter: Bool) -> Style {
        guard let v, abs(v) >= 0.005 else { return .dim }
        return (v > 0) == higherIsBetter ? Style(.correct) : Style(.wrong)
    }
}
