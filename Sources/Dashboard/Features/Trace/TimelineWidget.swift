import ReplayCore

/// Draws one question's branch timeline at a step into any rectangle: a head line (final
/// answer, gold, stop reason, cost, where the action log came from), then one row per branch
/// in opening order and one column per probe interval (500 tokens), compressed when the
/// deepest branch does not fit. Independent of the trace view's state, so other views (Compare)
/// can stack several.
public enum TimelineWidget {
    /// Glyphs: meaning never rests on colour alone.
    public enum Glyph {
        public static let gold = "●"
        public static let majority = "◆"
        public static let other = "○"
        public static let unrevealed = "┄"
        /// The read that ended a branch, by what it answered.
        public static let finalGold = "▣"
        public static let finalMajority = "◈"
        public static let finalOther = "□"
        /// Intervals paid for by one read (the final read's remainder, a full read).
        public static let paidSpan = "─"
        public static let dropped = "⊘"
        public static let finished = "■"
        /// The branch the current action touched.
        public static let current = "▸"
    }

    public struct Options: Sendable, Equatable {
        /// First branch row shown (clamped).
        public var rowScroll: Int
        /// Draw the head line.
        public var header: Bool
        /// Draw the legend line at the bottom.
        public var legend: Bool
        public init(rowScroll: Int = 0, header: Bool = true, legend: Bool = true) {
            self.rowScroll = rowScroll; self.header = header; self.legend = legend
        }
    }

    /// Columns left of the cells: "  12 ⊘ 10.5k ".
    static let labelWidth = 13

    /// The head line: the controller's answer against gold, its stop reason and cost.
    public static func headline(_ t: QuestionTimeline) -> [(String, Style)] {
        var parts: [(String, Style)] = []
        let verdict = t.isCorrect.map { $0 ? "✓ correct" : "✗ wrong" } ?? "not graded"
        parts.append(("answer \(t.finalAnswer ?? "none")", Style(.title, bold: true)))
        parts.append(("  " + verdict, Style(t.isCorrect == true ? .correct : (t.isCorrect == false ? .wrong : .dim), bold: true)))
        if let g = t.gold { parts.append(("  gold \(g)", .text)) }
        parts.append(("  stop: \(t.stopReason ?? "not recorded")", .accent))
        if let c = t.cost { parts.append(("  cost \(Format.tokens(Double(c)))", .text)) }
        return parts
    }

    /// Where the action log came from, one line.
    public static func sourceLine(_ t: QuestionTimeline) -> (String, Style) {
        switch t.source {
        case .row:
            return (t.placement == .exact ? "action log from the row" : "action log from the row; decision events not placed on it (row written before event_actions): drops shown at the branch's last read", t.placement == .exact ? .dim : Style(.warning))
        case .rerun(let verified, let note):
            return (note, verified ? .dim : Style(.warning))
        case .none(let reason):
            return ("no branch timeline: " + reason, Style(.warning))
        }
    }

    /// The two head lines alone (the trace view draws them across its full width).
    public static func renderHeader(_ t: QuestionTimeline, _ rect: Rect, into buf: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        var x = rect.x
        for (text, style) in headline(t) where x < rect.maxX {
            x += buf.put(text, x: x, y: rect.y, style: style, maxWidth: rect.maxX - x)
        }
        let (line, style) = sourceLine(t)
        if rect.height > 1 { buf.put(line, x: rect.x, y: rect.y + 1, style: style, maxWidth: rect.width) }
    }

    /// Intervals per drawn column so that the deepest branch (revealed or not) fits `columns`.
    public static func compression(_ t: QuestionTimeline, columns: Int) -> Int {
        let depth = maxDepth(t)
        guard columns > 0, depth > columns else { return 1 }
        return (depth + columns - 1) / columns
    }

    static func maxDepth(_ t: QuestionTimeline) -> Int {
        t.finalState?.rows.map { slots($0, probeFreq: t.probeFreq).count }.max() ?? 0
    }

    /// One drawn column before compression: a revealed interval, unread depth, or part of a read
    /// paid at once (the final read's remainder, a full read), drawn as `Glyph.paidSpan`.
    struct Slot {
        var cell: BranchTimeline.Cell
        var span: Bool
    }

    /// A branch's columns: a finished branch spans its tokens (ceil(tokens / probeFreq) columns)
    /// so the token axis stays true when the last read charged more than one interval.
    static func slots(_ row: BranchTimeline.Row, probeFreq: Int) -> [Slot] {
        guard row.finished, let final = row.cells.last(where: \.isFinal) else { return row.cells.map { Slot(cell: $0, span: false) } }
        let probes = row.cells.filter { !$0.isFinal && $0.kind != .unrevealed }
        let paid = probeFreq > 0 ? (row.tokens + probeFreq - 1) / probeFreq : 0
        let extra = max(0, paid - probes.count - 1)
        return probes.map { Slot(cell: $0, span: false) } + Array(repeating: Slot(cell: final, span: true), count: extra)
            + [Slot(cell: final, span: false)]
    }

    public static func render(_ t: QuestionTimeline, step: Int, options: Options = Options(), _ rect: Rect, into buf: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        var y = rect.y
        if options.header {
            renderHeader(t, Rect(x: rect.x, y: rect.y, width: rect.width, height: min(2, rect.height)), into: &buf)
            y += 2
        }
        guard let state = t.state(atStep: step) else { return }
        let bottom = options.legend ? rect.maxY - 1 : rect.maxY
        let columns = max(1, rect.width - labelWidth)
        let k = compression(t, columns: columns)
        // Axis: tokens at every tenth column.
        if y < bottom {
            buf.put(" branch  tok", x: rect.x, y: y, style: .dim, maxWidth: labelWidth)
            var c = 0
            while c < columns {
                let label = "|" + Format.tick(Double(c * k * t.probeFreq))
                if c + CharWidth.of(label) <= columns { buf.put(label, x: rect.x + labelWidth + c, y: y, style: .dim) }
                c += 10
            }
            y += 1
        }
        let visible = max(0, bottom - y)
        let rows = state.rows
        let scroll = min(max(0, options.rowScroll), max(0, rows.count - visible))
        let current = state.action
        for (i, row) in rows.enumerated().dropFirst(scroll).prefix(visible) {
            let ry = y + (i - scroll)
            let mark = row.dropped ? Glyph.dropped : (row.finished ? Glyph.finished : " ")
            let pointer = current?.branch == row.branch ? Glyph.current : " "
            let label = pointer + Text.padLeft("\(row.branch)", 3) + " " + mark + " " + Text.padLeft(Format.tokens(Double(row.tokens)), 5) + " "
            let labelStyle = row.dropped ? Style(.pruned) : (current?.branch == row.branch ? Style(.accent, bold: true) : .text)
            buf.put(label, x: rect.x, y: ry, style: labelStyle, maxWidth: labelWidth)
            drawCells(row, k: k, probeFreq: t.probeFreq, columns: columns, highlight: current?.branch == row.branch, x: rect.x + labelWidth, y: ry, buf: &buf)
        }
        if rows.isEmpty, y < bottom {
            buf.put("no branch opened yet (step 0: the controller has not acted)", x: rect.x + 1, y: y, style: .dim, maxWidth: rect.width - 1)
        } else if rows.count > visible, visible > 0 {
            let info = " rows \(scroll + 1)–\(scroll + min(visible, rows.count - scroll)) of \(rows.count) "
            buf.put(info, x: rect.maxX - CharWidth.of(info), y: y - 1, style: .dim)
        }
        if options.legend, bottom < rect.maxY {
            var legend = "\(Glyph.gold)gold \(Glyph.majority)majority \(Glyph.other)other \(Glyph.unrevealed)unread "
                + "\(Glyph.finalGold)\(Glyph.finalMajority)\(Glyph.finalOther)final \(Glyph.paidSpan)same read \(Glyph.finished)done \(Glyph.dropped)dropped"
            legend += k > 1 ? " col=\(k)×\(t.probeFreq)" : " col=\(t.probeFreq)"
            buf.put(legend, x: rect.x, y: bottom, style: .dim, maxWidth: rect.width)
        }
    }

    /// One branch's cells; with compression each column shows the last revealed interval of its
    /// group (or unread when none of it was revealed).
    static func drawCells(_ row: BranchTimeline.Row, k: Int, probeFreq: Int, columns: Int, highlight: Bool, x: Int, y: Int, buf: inout CellBuffer) {
        let slots = slots(row, probeFreq: probeFreq)
        guard !slots.isEmpty else { return }
        let groups = (slots.count + k - 1) / k
        let lastRevealed = slots.lastIndex { $0.cell.kind != .unrevealed }
        for g in 0..<min(groups, columns) {
            let group = slots[(g * k)..<min(slots.count, (g + 1) * k)]
            let slot = group.last { $0.cell.kind != .unrevealed } ?? group.last!
            var style = cellStyle(slot.cell, dropped: row.dropped)
            if highlight, let l = lastRevealed, l / k == g { style.reverse = true }
            buf.put(slot.span ? Glyph.paidSpan : glyph(slot.cell), x: x + g, y: y, style: style)
        }
        // A dropped branch ends where the controller left it.
        if row.dropped {
            let at = lastRevealed.map { $0 / k + 1 } ?? 0
            if at < columns { buf.put(Glyph.dropped, x: x + at, y: y, style: Style(.pruned, bold: true)) }
        }
    }

    public static func glyph(_ c: BranchTimeline.Cell) -> String {
        if c.kind == .unrevealed { return Glyph.unrevealed }
        switch c.kind {
        case .gold where c.isFinal: return Glyph.finalGold
        case .majority where c.isFinal: return Glyph.finalMajority
        case _ where c.isFinal: return Glyph.finalOther
        case .gold: return Glyph.gold
        case .majority: return Glyph.majority
        default: return Glyph.other
        }
    }

    static func cellStyle(_ c: BranchTimeline.Cell, dropped: Bool) -> Style {
        if c.kind == .unrevealed { return .dim }
        if dropped { return Style(.pruned) }
        switch c.kind {
        case .gold: return Style(.correct, bold: c.isFinal)
        case .majority: return Style(.warning, bold: c.isFinal)
        default: return Style(.text, bold: c.isFinal)
        }
    }
}
