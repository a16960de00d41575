import Foundation
import Runs

/// Frontiers overlaid: each side its own series and colour, the union frontier dashed and its
/// points bold; beside (or under) the plot, the legend, the summaries and the headline. With `m`,
/// every backbone of the benchmark as small multiples.
enum CompareFrontierSection {
    static func render(_ s: AppState, _ m: CompareModel, _ rect: Rect, into buf: inout CellBuffer) {
        let c = m.comparison()
        let side = rect.width >= 110
        let textWidth = side ? min(64, max(44, rect.width * 2 / 5)) : rect.width
        var plotArea = rect
        var textArea: Rect
        if side {
            (plotArea, textArea) = rect.splitRight(textWidth)
            textArea = textArea.inset(dx: 1, dy: 0)
        } else {
            let textRows = min(max(8, rect.height / 2), rect.height - 8)
            (plotArea, textArea) = rect.splitBottom(max(0, textRows))
        }
        if s.compare.smallMultiples {
            renderMultiples(s, m, plotArea, into: &buf)
        } else {
            PlotWidget.render(plotInput(m, c, title: nil, compact: plotArea.height < 16), plotArea, into: &buf)
        }
        var lines = legend(m, c)
        lines.append(RichLine(""))
        for l in compactSummary(s, m, c) { lines += wrap(l, width: textArea.width) }
        TextLines.render(Array(lines.prefix(textArea.height)), scroll: 0, textArea, into: &buf)
    }

    static func plotInput(_ m: CompareModel, _ c: RoundComparison, title: String?, compact: Bool) -> PlotInput {
        let series = c.sides.enumerated().map { i, side in
            (PlotSeries(label: side.label, family: i == c.baseline ? "baseline" : "compared",
                        points: c.points[i].map { PlotPoint(cost: $0.cost, acc: $0.acc, config: $0.label, onFrontier: $0.onFrontier) }),
             CompareView.look(i))
        }
        let extent = c.points.flatMap { $0.map { (cost: $0.cost, acc: $0.acc) } }
        return PlotInput(title: title, series: series, extentPoints: extent, cursor: nil, baseline: c.sides.indices.contains(c.baseline) ? c.sides[c.baseline].label : nil,
                         braille: true, compact: compact)
    }

    static func renderMultiples(_ s: AppState, _ m: CompareModel, _ rect: Rect, into buf: inout CellBuffer) {
        let n = m.backbones.count
        let cols = rect.width >= 100 && n > 1 ? 2 : 1
        let rows = (n + cols - 1) / cols
        let cells = rect.rows(rows, gap: 0).flatMap { $0.columns(cols, gap: 1) }
        // Plots too small to read help nobody: then the shown backbone alone, saying so.
        if cells.contains(where: { $0.height < 8 || $0.width < 30 }) {
            let c = m.comparison(backbone: m.backbone)
            let title = "▶ \(m.backbone)  (all \(n) backbones need a larger screen; b switches)"
            PlotWidget.render(plotInput(m, c, title: title, compact: true), rect, into: &buf)
            return
        }
        for (i, b) in m.backbones.enumerated() where i < cells.count {
            let c = m.comparison(backbone: b)
            let title = (b == m.backbone ? "▶ " : "  ") + b
            PlotWidget.render(plotInput(m, c, title: title, compact: true), cells[i], into: &buf)
        }
    }

    /// One line per side: marker, label, baseline flag, points, points on the union frontier, best.
    static func legend(_ m: CompareModel, _ c: RoundComparison) -> [RichLine] {
        var out: [RichLine] = [RichLine("Series   (dashed: the union frontier)", Style(.title, bold: true))]
        for (i, side) in c.sides.enumerated() {
            let l = CompareView.look(i)
            let onUnion = c.points[i].filter(\.onFrontier).count
            let best = c.curves[i].bestAccuracy.map { "best \(Format.acc($0))%" } ?? "no points"
            var pieces: [(String, Style)] = [(" \(l.marker) ", Style(l.role, bold: true)), (side.label, Style(.text, bold: true))]
            if i == c.baseline { pieces.append((" ⚑", Style(.baseline, bold: true))) }
            pieces.append(("  \(c.points[i].count) pts, \(onUnion) on union, \(best)", .dim))
            out.append(RichLine(pieces))
        }
        return out
    }

    /// The summaries in short lines that fit beside the plot (the delta table has the long form).
    static func compactSummary(_ s: AppState, _ m: CompareModel, _ c: RoundComparison) -> [RichLine] {
        var out: [RichLine] = []
        let base = c.sides.indices.contains(c.baseline) ? c.sides[c.baseline].label : "-"
        for x in c.summaries {
            let me = c.sides[x.side].label
            out.append(RichLine([(me, Style(CompareView.look(x.side).role, bold: true)), (" vs \(base)", Style(.text, bold: true))]))
            if let acc = x.equalAccuracy, let sc = x.sideCostAtEqualAccuracy, let bc = x.baselineCostAtEqualAccuracy {
                // As a change in tokens: +34% means the side needs a third more.
                let pct = x.tokensSavedPercent.map { String(format: " (%+.1f%% tokens)", -$0) } ?? ""
                out.append(RichLine([("  at \(Format.acc(acc))%: ", .dim), ("\(x.sideCostIsUpperBound ? "≤" : "")\(NumberText.compact(sc)) vs \(x.baselineCostIsUpperBound ? "≤" : "")\(NumberText.compact(bc))", .text),
                                     (pct, CompareTableSection.deltaStyle(x.tokensSaved, higherIsBetter: true))]))
            }
            if let cost = x.equalCost, let sa = x.sideAccAtEqualCost, let ba = x.baselineAccAtEqualCost {
                out.append(RichLine([("  at \(NumberText.compact(cost)) tokens: ", .dim), ("\(Format.acc(sa))% vs \(Format.acc(ba))%", .text),
                                     (" (\(CompareText.signedAcc(x.accuracyGained)))", CompareTableSection.deltaStyle(x.accuracyGained, higherIsBetter: true))]))
            }
            if let a = x.area {
                out.append(RichLine([("  area ", .dim), (String(format: "%+.3f", a.area), CompareTableSection.deltaStyle(a.area, higherIsBetter: true)),
                                     (String(format: " (mean %+.2f over %@–%@)", a.meanGain, NumberText.compact(pow(10, a.lowerLogCost)),
                                             NumberText.compact(pow(10, a.upperLogCost))), .dim)]))
            }
            if !x.dominance.isEmpty {
                let parts = x.dominance.map { d in
                    "\(d.winner == .side ? me : d.winner == .baseline ? base : "tie") \(NumberText.compact(d.lowCost))–\(NumberText.compact(d.highCost))"
                }
                out.append(RichLine("  above: " + parts.joined(separator: " · "), .text))
            }
        }
        out.append(RichLine(""))
        let ref = m.reference(c, state: s.compare)
        let pending = s.compare.references[m.referenceKey] == .pending && c.headlineReference()?.label != "SC@64"
        out.append(RichLine("Headline", Style(.title, bold: true)))
        if pending { out.append(RichLine("  replaying SC@64 from the replay store…", .dim)) }
        if let ref {
            for h in c.headlines(reference: ref) { out.append(RichLine("  " + h.text, Style(.text, bold: true))) }
            let why = ref.source.hasPrefix("replayed") ? "SC@64 replayed by ttsdash from the replay store" : ref.source
            out.append(RichLine("  reference: " + why, .dim))
        }
        return out
    }

    /// Wraps a one-piece line to a width (summary lines are single-styled).
    static func wrap(_ line: RichLine, width: Int) -> [RichLine] {
        guard line.pieces.count == 1, let (text, style) = line.pieces.first, CharWidth.of(text) > width, width > 10 else { return [line] }
        let indent = String(text.prefix { $0 == " " })
        let wrapped = Text.wrap(String(text.dropFirst(indent.count)), width: width - indent.count - 2)
        return wrapped.enumerated().map { k, l in RichLine((k == 0 ? indent : indent + "  ") + l, style) }
    }
}
