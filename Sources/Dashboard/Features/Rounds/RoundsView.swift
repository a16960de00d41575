import Foundation

/// The Rounds tab: every round in order with phase, times and per backbone the best Acc
/// (and its Cost) and the Acc at β = 0.5 and β = 1.0; a preview of the selected round below;
/// Enter opens the round's results, summary and source.
public enum RoundsView {
    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        guard let snap = state.snapshot else {
            buf.put(state.loading ? "Loading the run…" : "No run loaded.", x: rect.x + 2, y: rect.y + 1, style: .dim)
            return
        }
        if state.rounds.detailOpen, let row = state.selectedRound {
            renderDetail(state, row: row, backbones: snap.rounds.backbones, rect, into: &buf)
            return
        }
        if snap.rounds.rows.isEmpty {
            renderWaiting(snap, rect, into: &buf)
            return
        }
        let rows = state.visibleRounds
        // The table takes what it needs (up to 60%); the preview gets the rest.
        let tableHeight = min(rows.count + 3, max(6, rect.height * 3 / 5))
        let (tableRect, previewRect) = rect.splitTop(tableHeight)
        renderTable(state, rows: rows, allRows: snap.rounds.rows, backbones: snap.rounds.backbones, tableRect, into: &buf)
        if previewRect.height >= 4, let row = state.selectedRound {
            renderPreview(row, backbones: snap.rounds.backbones, previewRect, into: &buf)
        }
    }

    /// A folder with no rounds yet: say so, and that it is being watched.
    static func renderWaiting(_ snap: DashboardSnapshot, _ rect: Rect, into buf: inout CellBuffer) {
        let width = max(10, rect.width - 4)
        var lines: [(String, Style)] = [("Waiting for a run to start.", .title), ("", .text)]
        let body = "No rounds here yet. The folder is watched: rounds appear as soon as a search (or a copy, "
            + "or 'ttsdash replay-run') writes code_base/history, code_base/training_results or .workflow_logs."
        lines += Text.wrap(body, width: width).map { ($0, .dim) }
        if var why = snap.notes.first {
            // The note names the folder, which the status bar already shows.
            if let root = snap.run?.path, why.hasPrefix(root + ": ") { why = String(why.dropFirst(root.count + 2)) }
            lines += [("", .text)] + Text.wrap("(" + why + ")", width: width).map { ($0, .dim) }
        }
        for (i, (text, style)) in lines.enumerated() where rect.y + 1 + i < rect.maxY {
            buf.put(text, x: rect.x + 2, y: rect.y + 1 + i, style: style, maxWidth: rect.width - 4)
        }
    }

    /// How many backbone column groups fit next to the fixed columns.
    public static func groupsThatFit(width: Int) -> Int {
        max(1, (width - fixedWidth) / groupWidth)
    }

    /// The Round column's least width (the caret and mark, then 12 columns: `r0012`, `held-out`);
    /// it takes the room the backbone groups leave, up to the longest label.
    static let roundWidth = 14
    static func fixedColumns(roundWidth: Int = roundWidth) -> [TableColumn] {
        [TableColumn("  Round", width: roundWidth), TableColumn("Phase", width: 12),
         TableColumn("Started", width: 16), TableColumn("Took", width: 7, alignRight: true)]
    }
    static var fixedWidth: Int { fixedColumns().reduce(0) { $0 + $1.width + 1 } }

    /// The Round column's width at `width`: the least, plus what the shown groups leave, up to
    /// what the longest label needs.
    static func roundColumnWidth(width: Int, groups: Int, names: [String]) -> Int {
        let spare = max(0, width - fixedWidth - groups * groupWidth)
        let want = (names.map { CharWidth.of($0) }.max() ?? 0) + 2
        return roundWidth + min(spare, max(0, want - roundWidth))
    }
    /// A spacer plus Best, @Cost, β=0.5, β=1, each followed by one blank column.
    static let groupColumns = [TableColumn("", width: 1), TableColumn("Best", width: 5, alignRight: true),
                               TableColumn("@Cost", width: 6, alignRight: true), TableColumn("β=0.5", width: 5, alignRight: true),
                               TableColumn("β=1", width: 5, alignRight: true)]
    static let groupWidth = groupColumns.reduce(0) { $0 + $1.width + 1 }

    static func renderTable(_ state: AppState, rows: [RoundRow], allRows: [RoundRow], backbones: [String], _ rect: Rect, into buf: inout CellBuffer) {
        let fit = min(groupsThatFit(width: rect.width), max(1, backbones.count))
        let offset = min(state.rounds.backboneOffset, max(0, backbones.count - fit))
        let shown = Array(backbones.dropFirst(offset).prefix(fit))
        let rw = roundColumnWidth(width: rect.width, groups: shown.count, names: allRows.map(\.name))
        let fixed = fixedWidth + rw - roundWidth
        var columns = fixedColumns(roundWidth: rw)
        for _ in shown { columns += groupColumns }
        let h1 = Array(repeating: TableCell(""), count: columns.count)
        let h2 = columns.map { TableCell($0.title, Style(.title, bold: true)) }
        TableWidget.render(columns: columns, headerRows: [h1, h2],
                           rows: rows.map { cells($0, shown, mark: state.features.roundMarker(state, roundID: $0.id), nameWidth: rw - 2) },
                           selected: rows.isEmpty ? nil : state.rounds.selected, rect, into: &buf)
        // Header row 1: backbone names over their column groups.
        for (i, b) in shown.enumerated() {
            let gx = rect.x + fixed + i * groupWidth + 1
            let w = groupWidth - 2
            let name = " " + Text.truncate(b, to: w - 4) + " "
            let fill = max(0, w - CharWidth.of(name) - 1)
            buf.put("─" + name + String(repeating: "─", count: fill), x: gx, y: rect.y, style: .border, maxWidth: w)
            buf.put(name, x: gx + 1, y: rect.y, style: Style(.accent, bold: true), maxWidth: w - 1)
        }
        // Left of row 1: which backbones are shown (h/l scroll) and the active filter.
        var left: [String] = []
        if shown.count < backbones.count {
            left.append((offset > 0 ? "◂ " : "  ") + "backbones \(offset + 1)–\(offset + shown.count) of \(backbones.count)" + (offset + shown.count < backbones.count ? " ▸" : ""))
        }
        if state.rounds.filter.isActive { left.append("filter “\(state.rounds.filter.text)”: \(rows.count) of \(state.snapshot?.rounds.rows.count ?? 0)") }
        buf.put(left.joined(separator: "  "), x: rect.x, y: rect.y, style: .dim, maxWidth: fixed - 1)
    }

    /// A round's label in `width` columns: whole when it fits, else without its parenthesised
    /// note (`held-out (synth-heldout)` -> `held-out`), so the word that says what it is stays.
    static func label(_ name: String, width: Int) -> String {
        if CharWidth.of(name) <= width { return name }
        if let paren = name.range(of: " (") { return Text.truncate(String(name[..<paren.lowerBound]), to: width) }
        return Text.truncate(name, to: width)
    }

    /// `mark`: the Compare feature's two-column glyph (marked, pinned baseline, or blank).
    static func cells(_ row: RoundRow, _ backbones: [String], mark: String = "  ", nameWidth: Int = roundWidth - 2) -> [TableCell] {
        let took = row.started.flatMap { s in row.finished.map { $0.timeIntervalSince(s) } }
        var c: [TableCell] = [
            TableCell(mark + label(row.name, width: nameWidth), .text),
            TableCell("\(row.phase.glyph) \(row.phase.label)", phaseStyle(row.phase)),
            TableCell(Format.clock(row.started), .dim),
            TableCell(Format.duration(took), .dim),
        ]
        for b in backbones {
            let s = row.perBackbone[b]
            c.append(TableCell(""))
            c.append(num(Format.acc(s?.bestAcc), bold: true))
            c.append(num(Format.tokens(s?.bestCost)))
            c.append(num(Format.acc(s?.accAtBeta05)))
            c.append(num(Format.acc(s?.accAtBeta10)))
        }
        return c
    }

    static func num(_ text: String, bold: Bool = false) -> TableCell {
        text == Format.missing ? TableCell(text, .dim) : TableCell(text, Style(.text, bold: bold))
    }

    static func phaseStyle(_ p: RoundPhase) -> Style {
        switch p {
        case .done: Style(.correct)
        case .failed: Style(.wrong, bold: true)
        case .proposing, .evaluating: Style(.warning, bold: true)
        case .seed: .dim
        case .unknown: .dim
        }
    }

    /// The selected round at a glance: every backbone's numbers (no sideways scrolling
    /// needed), then the proposal summary.
    static func renderPreview(_ row: RoundRow, backbones: [String], _ rect: Rect, into buf: inout CellBuffer) {
        let inner = Box.draw(rect, title: "\(row.name) · \(row.phase.label)", into: &buf)
        guard inner.height > 0 else { return }
        var lines: [StyledLine] = []
        let bw = max(10, backbones.map { CharWidth.of($0) }.max() ?? 10)
        lines.append(StyledLine(Text.padRight("Backbone", bw) + "  " + Text.padLeft("Best Acc", 8) + " " + Text.padLeft("@Cost", 7)
                                + "   " + Text.padLeft("β=0.5 Acc", 9) + " " + Text.padLeft("Cost", 7)
                                + "   " + Text.padLeft("β=1.0 Acc", 9) + " " + Text.padLeft("Cost", 7), Style(.title, bold: true)))
        for b in backbones {
            let s = row.perBackbone[b]
            lines.append(StyledLine(Text.padRight(b, bw) + "  " + Text.padLeft(Format.acc(s?.bestAcc), 8) + " " + Text.padLeft(Format.tokens(s?.bestCost), 7)
                                    + "   " + Text.padLeft(Format.acc(s?.accAtBeta05), 9) + " " + Text.padLeft(Format.tokens(s?.costAtBeta05), 7)
                                    + "   " + Text.padLeft(Format.acc(s?.accAtBeta10), 9) + " " + Text.padLeft(Format.tokens(s?.costAtBeta10), 7)))
        }
        lines.append(StyledLine(""))
        if let s = row.detail.summary, !s.isEmpty {
            for l in Sanitizer.lines(s) { lines += Text.wrap(l, width: inner.width - 2).map { StyledLine($0) } }
        } else {
            lines.append(StyledLine("proposal summary: not reported", .dim))
        }
        // Room left over shows the first result rows, as in the detail pane.
        let all = RoundDetailText.styledLines(for: row, backbones: backbones)
        if let start = all.firstIndex(where: { $0.text.hasPrefix("Results (") }) {
            let end = all[start...].firstIndex(where: { $0.text.isEmpty }) ?? all.count
            lines.append(StyledLine(""))
            lines += all[start..<end].map { l in StyledLine(l.text.hasPrefix("  ") ? String(l.text.dropFirst(2)) : l.text, l.style) }
        }
        let footer = "Enter: all \(row.detail.results.count) result rows, the summary and the controller source"
        let body = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: max(0, inner.height - 1))
        TextPane.render(lines: Array(lines.prefix(body.height)), scroll: 0, body, into: &buf)
        if lines.count > body.height, body.height > 0 {
            buf.put("…", x: body.maxX - 1, y: body.maxY - 1, style: .dim)
        }
        if inner.height >= 2 { buf.put(footer, x: inner.x + 1, y: inner.maxY - 1, style: .dim, maxWidth: inner.width - 2) }
    }

    static func renderDetail(_ state: AppState, row: RoundRow, backbones: [String], _ rect: Rect, into buf: inout CellBuffer) {
        let inner = Box.draw(rect, title: "\(row.name) — results, summary, source   (Esc back)", focused: true, into: &buf)
        let pane = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height)
        let lines = RoundDetailText.styledLines(for: row, backbones: backbones, width: RoundDetailText.textWidth(screen: state.width))
        TextPane.render(lines: lines, scroll: state.rounds.detailScroll, search: state.rounds.search.text, lineNumbers: true, pane, into: &buf)
        let pos = "\(min(state.rounds.detailScroll + 1, lines.count))/\(lines.count)"
        buf.put(" \(pos) ", x: rect.maxX - CharWidth.of(pos) - 4, y: rect.maxY - 1, style: .dim)
    }
}
