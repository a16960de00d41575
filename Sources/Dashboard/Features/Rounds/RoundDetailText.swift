/// The text of a round's detail pane: its result rows as an aligned table, the proposal
/// summary and the controller source. Plain lines, so search and scrolling are simple.
public enum RoundDetailText {
    /// With `width`, the proposal summary is wrapped to it (it is prose: a person reads it whole).
    public static func styledLines(for row: RoundRow, backbones: [String], width: Int? = nil) -> [StyledLine] {
        var out: [StyledLine] = []
        let d = row.detail
        out.append(StyledLine("\(row.name)  (\(row.id))  \(row.phase.glyph) \(row.phase.label)", Style(.title, bold: true)))
        let took = row.started.flatMap { s in row.finished.map { $0.timeIntervalSince(s) } }
        out.append(StyledLine("started \(Format.clock(row.started)) · finished \(Format.clock(row.finished)) · took \(Format.duration(took))", .dim))
        out.append(StyledLine(""))
        out.append(StyledLine("Results (\(d.results.count) rows)", Style(.accent, bold: true)))
        if d.results.isEmpty {
            out.append(StyledLine("  not reported", .dim))
        } else {
            let bw = max(8, d.results.map { CharWidth.of($0.backbone) }.max() ?? 8)
            let dw = max(9, d.results.map { CharWidth.of($0.benchmark) }.max() ?? 9)
            let mw = min(28, max(6, d.results.map { CharWidth.of($0.method) }.max() ?? 6))
            out.append(StyledLine("  " + Text.padRight("Backbone", bw) + "  " + Text.padRight("Benchmark", dw) + "  "
                                  + Text.padRight("Method", mw) + "  " + Text.padLeft("Acc %", 6) + "  " + Text.padLeft("Cost", 7) + "  Config", Style(.title, bold: true)))
            let order = Dictionary(uniqueKeysWithValues: backbones.enumerated().map { ($1, $0) })
            let sorted = d.results.enumerated().sorted { a, b in
                let oa = order[a.element.backbone] ?? Int.max, ob = order[b.element.backbone] ?? Int.max
                return oa != ob ? oa < ob : a.offset < b.offset
            }.map(\.element)
            for r in sorted {
                let line = "  " + Text.padRight(r.backbone, bw) + "  " + Text.padRight(r.benchmark, dw) + "  " + Text.padRight(r.method, mw)
                    + "  " + Text.padLeft(Format.acc(r.acc), 6) + "  " + Text.padLeft(Format.tokens(r.cost), 7) + "  " + r.config
                out.append(StyledLine(line))
            }
        }
        out.append(StyledLine(""))
        out.append(StyledLine("Proposal summary", Style(.accent, bold: true)))
        if let s = d.summary, !s.isEmpty {
            for line in Sanitizer.lines(s) {
                let parts = width.map { Text.wrap(line, width: max(10, $0 - 2)) } ?? [line]
                out += parts.map { StyledLine("  " + $0) }
            }
        } else {
            out.append(StyledLine("  not reported", .dim))
        }
        out.append(StyledLine(""))
        out.append(StyledLine("Controller source" + (d.sourcePath.map { " — \($0)" } ?? ""), Style(.accent, bold: true)))
        if let src = d.source, !src.isEmpty {
            out += Sanitizer.lines(src).enumerated().map { StyledLine($1, .text, number: $0 + 1) }
        } else {
            out.append(StyledLine("  not reported", .dim))
        }
        return out
    }

    public static func lines(for row: RoundRow, backbones: [String], width: Int? = nil) -> [String] {
        styledLines(for: row, backbones: backbones, width: width).map(\.text)
    }

    /// The text width of the detail pane on a screen `width` columns wide (borders, the line-number gutter), so
    /// the pane and the search over its lines wrap the summary alike.
    public static func textWidth(screen width: Int) -> Int { width - 10 }
}
