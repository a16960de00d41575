import Foundation
import Runs

/// The Compare tab: which rounds are compared (baseline pinned), the section bar, and the
/// section itself (frontiers, delta table, flips, code diff, trajectory).
public enum CompareView {
    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        guard let m = CompareModel.make(state) else {
            let text = state.snapshot == nil ? (state.loading ? "Loading the run…" : "No run loaded.")
                : "Nothing to compare yet: the run has no rounds. Once it has, Compare shows the newest round against the one before it; mark others with Space in the Rounds view (1), then press c."
            for (k, line) in Text.wrap(text, width: max(10, rect.width - 4)).enumerated() {
                buf.put(line, x: rect.x + 2, y: rect.y + 1 + k, style: .dim, maxWidth: rect.width - 4)
            }
            return
        }
        let (header, body) = rect.splitTop(3)
        renderHeader(state, m, header, into: &buf)
        guard !m.backbone.isEmpty else {
            buf.put("None of \(m.sides.map(\.label).joined(separator: ", ")) reports results yet.", x: body.x + 2, y: body.y + 1, style: .dim, maxWidth: body.width - 4)
            return
        }
        let inner = Rect(x: body.x + 1, y: body.y, width: max(0, body.width - 2), height: body.height)
        switch state.compare.section {
        case .frontiers: CompareFrontierSection.render(state, m, inner, into: &buf)
        case .table: TextLines.render(CompareTableSection.lines(state, m, width: inner.width), scroll: state.compare.tableScroll, inner, into: &buf)
        case .flips: CompareFlipsSection.render(state, m, inner, into: &buf)
        case .code: TextLines.render(CompareCodeSection.lines(state, m, width: inner.width), scroll: state.compare.codeScroll, inner, into: &buf)
        case .trajectory: TextLines.render(CompareTrajectorySection.lines(state, m, width: inner.width), scroll: state.compare.trajectoryScroll, inner, into: &buf)
        }
    }

    /// The look of side `i` (marker and colour), shared by plot, legend and tables.
    static func look(_ i: Int) -> SeriesLook { SeriesLook.forIndex(i) }

    static func renderHeader(_ state: AppState, _ m: CompareModel, _ rect: Rect, into buf: inout CellBuffer) {
        var x = rect.x + 1
        let y = rect.y
        x += buf.put("Compare ", x: x, y: y, style: .dim)
        for (i, side) in m.sides.enumerated() {
            if i > 0 { x += buf.put(" vs ", x: x, y: y, style: .dim) }
            let l = look(i)
            x += buf.put(String(l.marker) + " ", x: x, y: y, style: Style(l.role, bold: true))
            x += buf.put(side.label, x: x, y: y, style: Style(.text, bold: i == m.baseline))
            if i == m.baseline { x += buf.put(" ⚑ baseline", x: x, y: y, style: Style(.baseline, bold: true)) }
        }
        if m.isDefault { x += buf.put("  (the last two rounds: mark rounds with Space in Rounds)", x: x, y: y, style: .dim, maxWidth: max(0, rect.maxX - x - 1)) }
        // Second row: backbone and benchmark, then the sections.
        var x2 = rect.x + 1
        let y2 = y + 1
        x2 += buf.put("Backbone ", x: x2, y: y2, style: .dim)
        x2 += buf.put(state.compare.smallMultiples && state.compare.section == .frontiers ? "‹all›" : "‹\(m.backbone)›", x: x2, y: y2, style: Style(.accent, bold: true))
        x2 += buf.put(" \((m.backbones.firstIndex(of: m.backbone) ?? 0) + 1)/\(m.backbones.count)  ", x: x2, y: y2, style: .dim)
        x2 += buf.put("Benchmark ", x: x2, y: y2, style: .dim)
        x2 += buf.put("‹\(m.benchmark)›", x: x2, y: y2, style: Style(.accent, bold: true))
        x2 += buf.put(" \((m.benchmarks.firstIndex(of: m.benchmark) ?? 0) + 1)/\(m.benchmarks.count)   ", x: x2, y: y2, style: .dim)
        var sections: [(String, Bool)] = []
        for s in CompareSection.allCases { sections.append(("\(s.key) \(s.title)", s == state.compare.section)) }
        var width = sections.reduce(0) { $0 + CharWidth.of($1.0) + 3 }
        if width > rect.maxX - x2 - 1 {
            // Narrow: keys only, the current section named.
            sections = CompareSection.allCases.map { s in (s == state.compare.section ? "\(s.key) \(s.title)" : String(s.key), s == state.compare.section) }
            width = sections.reduce(0) { $0 + CharWidth.of($1.0) + 3 }
        }
        var sx = max(x2, rect.maxX - width - 1)
        for (label, active) in sections {
            sx += buf.put(" " + label + " ", x: sx, y: y2, style: active ? Style(.tabActive, bold: true, reverse: true) : .dim)
            sx += buf.put(" ", x: sx, y: y2)
        }
        if rect.height > 2 { Box.rule(Rect(x: rect.x, y: y + 2, width: rect.width, height: 1), label: nil, into: &buf) }
    }

    /// The largest useful scroll offset of a scrolling section.
    static func maxScroll(_ s: AppState, _ section: CompareSection) -> Int {
        guard let m = CompareModel.make(s), !m.backbone.isEmpty else { return 0 }
        let count: Int
        switch section {
        case .table: count = CompareTableSection.lines(s, m, width: s.width - 2).count
        case .code: count = CompareCodeSection.lines(s, m, width: s.width - 2).count
        case .trajectory: count = CompareTrajectorySection.lines(s, m, width: s.width - 2).count
        default: count = 0
        }
        return max(0, count - 1)
    }
}

/// A line of styled pieces (a table row with coloured deltas, a diff line).
public struct RichLine: Sendable, Equatable {
    public var pieces: [(String, Style)]
    public init(_ pieces: [(String, Style)]) { self.pieces = pieces }
    public init(_ text: String, _ style: Style = .text) { pieces = [(text, style)] }
    public var text: String { pieces.map(\.0).joined() }

    /// The line with `by` display columns removed after its first `keep` columns (sideways
    /// scrolling that keeps a leading label column), styles kept.
    public func scrolled(keep: Int, by: Int) -> RichLine {
        guard by > 0 else { return self }
        var out: [(String, Style)] = []
        var column = 0
        for (text, style) in pieces {
            var kept = ""
            for ch in text {
                let w = CharWidth.of(String(ch))
                if column < keep || column >= keep + by { kept.append(ch) }
                column += w
            }
            if !kept.isEmpty { out.append((kept, style)) }
        }
        return RichLine(out)
    }

    public static func == (a: RichLine, b: RichLine) -> Bool {
        a.pieces.count == b.pieces.count && zip(a.pieces, b.pieces).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// Draws scrolling rich lines with a scroll bar when they overflow. Text is sanitised by `put`.
enum TextLines {
    static func render(_ lines: [RichLine], scroll: Int, _ rect: Rect, into buf: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let top = min(max(0, scroll), max(0, lines.count - 1))
        let overflow = lines.count > rect.height
        let maxX = overflow ? rect.maxX - 1 : rect.maxX
        for row in 0..<rect.height {
            let i = top + row
            guard i < lines.count else { break }
            var x = rect.x
            for (text, style) in lines[i].pieces where x < maxX {
                x += buf.put(text, x: x, y: rect.y + row, style: style, maxWidth: maxX - x)
            }
        }
        if overflow {
            ScrollBar.render(offset: top, visible: rect.height, total: lines.count,
                             Rect(x: rect.maxX - 1, y: rect.y, width: 1, height: rect.height), into: &buf)
        }
    }
}
