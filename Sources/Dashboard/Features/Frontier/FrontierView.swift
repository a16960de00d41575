import Foundation

/// The Frontier tab: accuracy against tokens for one backbone and benchmark (or all
/// backbones side by side), a legend that doubles as the series switchboard, and a
/// readout of the point under the cursor.
public enum FrontierView {
    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        let model = state.frontierModel
        guard !model.panels.isEmpty, let backbone = state.currentBackbone, let benchmark = state.currentBenchmark else {
            buf.put(state.loading ? "Loading…" : "No results with both accuracy and cost reported yet.",
                    x: rect.x + 2, y: rect.y + 1, style: .dim, maxWidth: rect.width - 4)
            return
        }
        let looks = Dictionary(uniqueKeysWithValues: model.seriesLabels.enumerated().map { ($1, SeriesLook.forIndex($0)) })
        let (header, body0) = rect.splitTop(2)
        renderHeader(state, backbone: backbone, benchmark: benchmark, header, into: &buf)
        let (body, readout) = body0.splitBottom(body0.height >= 14 ? 2 : 1)
        renderReadout(state, looks: looks, readout, into: &buf)

        let panel = state.currentPanel ?? FrontierPanel(backbone: backbone, benchmark: benchmark, series: [])
        // The legend goes to the right when there is room, else under the plot, else away.
        let legendWidth = 30
        var plotArea = body
        var legendArea: Rect?
        if body.width >= 96 && !state.frontier.smallMultiples {
            let (l, r) = body.splitRight(legendWidth)
            plotArea = l
            legendArea = r.inset(dx: 1, dy: 0)
        } else if body.height >= 18 {
            // Under the plot the series sit in a grid, so all of them are named (issue: 4 of 9).
            let rows = min(Legend.gridRows(state, panel: panel, width: body.width) + 1, max(5, body.height / 3))
            let (p, l) = body.splitBottom(rows)
            plotArea = p
            legendArea = l
        }
        if state.frontier.smallMultiples {
            renderMultiples(state, benchmark: benchmark, looks: looks, plotArea, into: &buf)
        } else {
            PlotWidget.render(plotInput(state, panel: panel, looks: looks, title: nil, compact: false), plotArea, into: &buf)
        }
        if let legendArea, legendArea.width >= legendWidth - 2 && body.width >= 96 && !state.frontier.smallMultiples {
            Legend.render(state, panel: panel, looks: looks, legendArea, into: &buf)
        } else if let legendArea {
            Legend.renderGrid(state, panel: panel, looks: looks, legendArea, into: &buf)
        } else if readout.height > 1 {
            Legend.renderCompact(state, panel: panel, looks: looks, Rect(x: readout.x, y: readout.y, width: readout.width, height: 1), into: &buf)
        }
    }

    static func plotInput(_ state: AppState, panel: FrontierPanel, looks: [String: SeriesLook], title: String?, compact: Bool) -> PlotInput {
        let drawn = state.drawnSeries(panel).map { ($0, looks[$0.label] ?? SeriesLook.forIndex(0)) }
        let extent = panel.series.flatMap { $0.points.map { (cost: $0.cost, acc: $0.acc) } }
        var cursor: (label: String, point: PlotPoint)?
        if panel.backbone == state.currentBackbone, let t = state.cursorTarget { cursor = (t.series.label, t.point) }
        return PlotInput(title: title, series: drawn, extentPoints: extent, cursor: cursor, baseline: state.frontier.pinned,
                         braille: state.frontier.braille, compact: compact)
    }

    static func renderHeader(_ state: AppState, backbone: String, benchmark: String, _ rect: Rect, into buf: inout CellBuffer) {
        let model = state.frontierModel
        var x = rect.x + 1
        let y = rect.y
        x += buf.put("Backbone ", x: x, y: y, style: .dim)
        x += buf.put(state.frontier.smallMultiples ? "‹all› ▶ \(backbone)" : "‹\(backbone)›", x: x, y: y, style: Style(.accent, bold: true))
        x += buf.put(" \(state.frontier.backbone + 1)/\(model.backbones.count)   ", x: x, y: y, style: .dim)
        x += buf.put("Benchmark ", x: x, y: y, style: .dim)
        x += buf.put("‹\(benchmark)›", x: x, y: y, style: Style(.accent, bold: true))
        x += buf.put(" \(state.frontier.benchmark + 1)/\(model.benchmarks.count)", x: x, y: y, style: .dim)
        var right: [String] = []
        if !state.frontier.hidden.isEmpty { right.append("\(state.frontier.hidden.count) hidden") }
        if state.frontier.filter.isActive { right.append("filter “\(state.frontier.filter.text)”") }
        if let pinned = state.frontier.pinned { right.append("baseline: \(pinned)") }
        right.append(state.frontier.braille ? "braille" : "blocks")
        let r = right.joined(separator: " · ")
        if rect.maxX - x > CharWidth.of(r) + 4 {
            buf.put(r, x: rect.maxX - CharWidth.of(r) - 1, y: y, style: .dim)
        }
        if rect.height > 1 { Box.rule(Rect(x: rect.x, y: y + 1, width: rect.width, height: 1), label: nil, into: &buf) }
    }

    /// All backbones of the current benchmark in a grid; the cursor's backbone is marked.
    static func renderMultiples(_ state: AppState, benchmark: String, looks: [String: SeriesLook], _ rect: Rect, into buf: inout CellBuffer) {
        let model = state.frontierModel
        let n = model.backbones.count
        guard n > 0 else { return }
        // 2x2 for four backbones; one column only when the screen is narrow.
        let cols = rect.width < 70 ? 1 : n <= 2 ? n : (rect.width >= 160 && rect.height < 24 ? min(n, 4) : 2)
        let rowsCount = Int(ceil(Double(n) / Double(cols)))
        let rowRects = rect.rows(rowsCount, gap: 0)
        for (i, b) in model.backbones.enumerated() {
            let r = rowRects[i / cols].columns(cols, gap: 2)[i % cols]
            let panel = model.panel(backbone: b, benchmark: benchmark) ?? FrontierPanel(backbone: b, benchmark: benchmark, series: [])
            let current = b == state.currentBackbone
            PlotWidget.render(plotInput(state, panel: panel, looks: looks, title: (current ? "▶ " : "  ") + b, compact: true), r, into: &buf)
            if current { buf.restyle(Rect(x: r.x, y: r.y, width: min(r.width, CharWidth.of(b) + 3), height: 1)) { _ in Style(.accent, bold: true) } }
        }
    }

    /// The cursor readout: series, config, exact Acc and Cost, frontier status, and the
    /// difference to the pinned baseline at the same cost.
    static func renderReadout(_ state: AppState, looks: [String: SeriesLook], _ rect: Rect, into buf: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let y = rect.maxY - 1
        if rect.height > 1 { Box.rule(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), label: nil, into: &buf) }
        guard let t = state.cursorTarget, let panel = state.currentPanel else {
            buf.put(" no point selected: ←→ move between points, ↑↓ between series", x: rect.x, y: y, style: .dim, maxWidth: rect.width)
            return
        }
        let look = looks[t.series.label] ?? SeriesLook.forIndex(0)
        var x = rect.x + 1
        x += buf.put("\(look.marker) ", x: x, y: y, style: Style(look.role, bold: true))
        x += buf.put(t.series.label, x: x, y: y, style: Style(.text, bold: true))
        x += buf.put(" · \(t.point.config) · ", x: x, y: y, style: .dim)
        x += buf.put("Acc \(Format.acc(t.point.acc))%", x: x, y: y, style: Style(.accent, bold: true))
        x += buf.put(" · ", x: x, y: y, style: .dim)
        x += buf.put("\(Format.tokens(t.point.cost)) tokens", x: x, y: y, style: Style(.accent, bold: true))
        let onFrontier = PlotWidget.frontierKeys(state.drawnSeries(panel)).contains(PlotWidget.key(t.series.label, t.point))
        x += buf.put(" · ", x: x, y: y, style: .dim)
        x += buf.put(onFrontier ? "★ on frontier" : "dominated", x: x, y: y, style: onFrontier ? Style(.frontier, bold: true) : .dim)
        if let cmp = baselineComparison(state, panel: panel, point: t.point, label: t.series.label) {
            x += buf.put(" · ", x: x, y: y, style: .dim)
            buf.put(cmp.text, x: x, y: y, style: cmp.style, maxWidth: rect.maxX - x)
        }
    }

    /// "+1.8 pts vs Parallel-Probe at this cost", interpolating the baseline in log cost.
    public static func baselineComparison(_ state: AppState, panel: FrontierPanel, point: PlotPoint, label: String) -> (text: String, style: Style)? {
        guard let name = state.frontier.pinned, name != label,
              let base = panel.series.first(where: { $0.label == name }) else { return nil }
        let pts = base.pointsByCost
        guard let first = pts.first, let last = pts.last else { return nil }
        guard point.cost >= first.cost, point.cost <= last.cost else {
            return ("outside \(name)'s token range", .dim)
        }
        var acc = first.acc
        for i in pts.indices.dropFirst() where pts[i].cost >= point.cost {
            let a = pts[i - 1], b = pts[i]
            let f = b.cost == a.cost ? 0 : (log10(point.cost) - log10(a.cost)) / (log10(b.cost) - log10(a.cost))
            acc = a.acc + f * (b.acc - a.acc)
            break
        }
        let d = point.acc - acc
        let sign = d >= 0 ? "+" : "−"
        return ("\(sign)\(String(format: "%.1f", abs(d))) pts vs \(name)", d >= 0 ? Style(.correct, bold: true) : Style(.wrong, bold: true))
    }
}

/// The series list: marker, name, family, points on the frontier; focus and hidden state.
public enum Legend {
    /// One line for narrow screens: "─ ● ASC  ■ ESC  ◆ Parallel-Probe ─", hidden series dimmed.
    public static func renderCompact(_ state: AppState, panel: FrontierPanel, looks: [String: SeriesLook], _ rect: Rect, into buf: inout CellBuffer) {
        var x = rect.x + 1
        let series = state.legendSeries(panel)
        for (i, s) in series.enumerated() {
            let look = looks[s.label] ?? SeriesLook.forIndex(i)
            let hidden = state.frontier.hidden.contains(s.label)
            let need = CharWidth.of(s.label) + 4 + (i == series.count - 1 ? 0 : 9)
            // Say how many are left out rather than an ellipsis (↑↓ walks through them all).
            if x + need > rect.maxX - 1 { buf.put(" +\(series.count - i) more", x: x, y: rect.y, style: .dim); break }
            x += buf.put(" " + String(look.marker), x: x, y: rect.y, style: hidden ? .dim : Style(look.role, bold: true))
            let focused = s.label == state.frontier.focusSeries
            x += buf.put(" " + s.label + " ", x: x, y: rect.y, style: hidden ? .dim : Style(.text, bold: focused, underline: focused))
        }
    }

    public static func render(_ state: AppState, panel: FrontierPanel, looks: [String: SeriesLook], _ rect: Rect, into buf: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let series = state.legendSeries(panel)
        let frontier = PlotWidget.frontierKeys(state.drawnSeries(panel))
        var y = rect.y
        buf.put("Series", x: rect.x, y: y, style: Style(.title, bold: true))
        buf.put("╌╌ frontier", x: rect.maxX - 11, y: y, style: Style(.frontier, bold: true))
        y += 1
        let focusIndex = series.firstIndex { $0.label == state.frontier.focusSeries } ?? 0
        // The last lines explain the glyphs and, when the list scrolls, where it is.
        var rows = rect.maxY - y
        let fitsAll = series.count + 2 <= rows
        var parts = glyphKey(state)
        if !fitsAll { parts.insert("", at: 0) }   // placeholder for the position note
        var key = Text.wrapParts(parts, width: rect.width)
        if rows >= key.count + 2 { rows -= key.count } else { key = [] }
        guard rows > 0 else { return }
        let top = TableWidget.scrollOffset(selected: focusIndex, count: series.count, visible: rows)
        if !fitsAll, !key.isEmpty {
            parts[0] = "\(top + 1)–\(min(series.count, top + rows)) of \(series.count) ↑↓"
            key = Text.wrapParts(parts, width: rect.width)
        }
        for (i, s) in series.enumerated().dropFirst(top).prefix(rows) {
            entry(state, s, index: i, looks: looks, frontier: frontier, x: rect.x, y: y, width: rect.width, into: &buf)
            y += 1
        }
        for (k, line) in key.enumerated() { buf.put(line, x: rect.x, y: rect.maxY - key.count + k, style: .dim, maxWidth: rect.width) }
    }

    /// A grid of entries under the plot: every series named when there is room for the rows,
    /// else the rows around the focused series with a position note.
    public static func renderGrid(_ state: AppState, panel: FrontierPanel, looks: [String: SeriesLook], _ rect: Rect, into buf: inout CellBuffer) {
        guard rect.height >= 2 else { return }
        let series = state.legendSeries(panel)
        let frontier = PlotWidget.frontierKeys(state.drawnSeries(panel))
        let (cellWidth, cols) = gridShape(series, width: rect.width)
        let totalRows = (series.count + cols - 1) / cols
        let rows = rect.height - 1
        let focusIndex = series.firstIndex { $0.label == state.frontier.focusSeries } ?? 0
        let top = TableWidget.scrollOffset(selected: focusIndex / cols, count: totalRows, visible: rows)
        var head = "Series   ╌╌ frontier · " + glyphKey(state).joined(separator: " · ")
        if totalRows > rows { head += " · rows \(top + 1)–\(top + rows) of \(totalRows) ↑↓" }
        buf.put(head, x: rect.x + 1, y: rect.y, style: .dim, maxWidth: rect.width - 1)
        buf.restyle(Rect(x: rect.x + 1, y: rect.y, width: 6, height: 1)) { _ in Style(.title, bold: true) }
        for (i, s) in series.enumerated() where i / cols >= top && i / cols < top + rows {
            entry(state, s, index: i, looks: looks, frontier: frontier, x: rect.x + (i % cols) * cellWidth, y: rect.y + 1 + i / cols - top,
                  width: cellWidth - 1, into: &buf)
        }
    }

    /// Rows the grid needs at a width (for the layout to make room).
    public static func gridRows(_ state: AppState, panel: FrontierPanel, width: Int) -> Int {
        let series = state.legendSeries(panel)
        let cols = gridShape(series, width: width).columns
        return (series.count + cols - 1) / cols
    }

    static func gridShape(_ series: [PlotSeries], width: Int) -> (cellWidth: Int, columns: Int) {
        // "▶[x] ● name ★12 ⚑": 8 columns around the name, names capped so several fit a row.
        let name = min(24, series.map { CharWidth.of($0.label) }.max() ?? 8)
        let cell = name + 13
        return (cell, max(1, width / cell))
    }

    /// What the legend's glyphs mean; the baseline flag only when one is pinned.
    static func glyphKey(_ state: AppState) -> [String] {
        var parts = ["★n: n points on frontier", "[ ] hidden"]
        if state.frontier.pinned != nil { parts.append("⚑ baseline") }
        return parts
    }

    static func entry(_ state: AppState, _ s: PlotSeries, index i: Int, looks: [String: SeriesLook], frontier: Set<String>,
                      x x0: Int, y: Int, width: Int, into buf: inout CellBuffer) {
        let look = looks[s.label] ?? SeriesLook.forIndex(i)
        let hidden = state.frontier.hidden.contains(s.label)
        let focused = s.label == state.frontier.focusSeries
        var x = x0
        let maxX = x0 + width
        x += buf.put(focused ? "▶" : " ", x: x, y: y, style: focused ? Style(.accent, bold: true) : .accent)
        x += buf.put(hidden ? "[ ]" : "[x]", x: x, y: y, style: hidden ? .dim : .text)
        x += buf.put(" ", x: x, y: y)
        x += buf.put(String(look.marker), x: x, y: y, style: hidden ? .dim : Style(look.role, bold: true))
        x += buf.put(" ", x: x, y: y)
        let nf = s.points.filter { frontier.contains(PlotWidget.key(s.label, $0)) }.count
        var suffix = nf > 0 && !hidden ? " ★\(nf)" : ""
        if s.label == state.frontier.pinned { suffix += " ⚑" }
        let nameWidth = maxX - x - CharWidth.of(suffix)
        x += buf.putPadded(s.label, x: x, y: y, width: max(0, nameWidth), style: hidden ? .dim : (focused ? Style(.text, bold: true) : .text))
        buf.put(suffix, x: x, y: y, style: Style(.frontier, bold: true))
    }
}
