import Foundation

/// How one series is drawn: palette role and marker glyph, both fixed by its label's
/// position in the whole model so a series keeps its look across panels.
public struct SeriesLook: Sendable, Equatable {
    public var role: Role
    public var marker: Character

    /// One glyph per series, so series stay apart without colour (mono theme, `NO_COLOR`).
    /// Glyphs the views give other meanings are left out: ★ (on the frontier), ▶ (focus),
    /// ▸ ▴ (cursor ticks), ⚑ (baseline). Past the shapes, letters; only past 70 series
    /// does a marker repeat.
    public static let markers: [Character] = ["●", "■", "◆", "▲", "▼", "✚", "○", "□", "◇", "△", "▽", "✕", "◉", "▣", "◈", "⊕", "⊗", "⊙"]
        + Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    public static func forIndex(_ i: Int) -> SeriesLook {
        SeriesLook(role: .series(i), marker: markers[((i % markers.count) + markers.count) % markers.count])
    }
}

/// Maps data to dots: log10 of cost across, accuracy up.
public struct PlotGeometry: Sendable, Equatable {
    public var logMin: Double
    public var logMax: Double
    public var accMin: Double
    public var accMax: Double
    public var dotWidth: Int
    public var dotHeight: Int

    public func dot(cost: Double, acc: Double) -> (Int, Int) {
        let fx = (log10(max(cost, 1e-9)) - logMin) / max(logMax - logMin, 1e-9)
        let fy = (acc - accMin) / max(accMax - accMin, 1e-9)
        let x = Int((fx * Double(dotWidth - 1)).rounded())
        let y = Int(((1 - fy) * Double(dotHeight - 1)).rounded())
        return (x, y)
    }

    /// Column (in cells, from the plot's left edge) of a cost value.
    public func column(cost: Double, dotsPerColumn: Int = 2) -> Int { dot(cost: cost, acc: accMin).0 / dotsPerColumn }

    /// Data ranges for a set of points: x padded in log space, y padded to whole steps.
    public static func fitting(_ points: [(cost: Double, acc: Double)], dotWidth: Int, dotHeight: Int, yTicks: Int) -> PlotGeometry {
        let costs = points.map(\.cost).filter { $0 > 0 }
        var lo = log10(costs.min() ?? 1e4), hi = log10(costs.max() ?? 1e6)
        if hi - lo < 0.2 { lo -= 0.15; hi += 0.15 }
        let pad = (hi - lo) * 0.06
        let accs = points.map(\.acc)
        let (a0, a1) = LinearAxis.niceRange(min: accs.min() ?? 0, max: accs.max() ?? 100, maxTicks: yTicks)
        return PlotGeometry(logMin: lo - pad, logMax: hi + pad, accMin: a0, accMax: a1, dotWidth: dotWidth, dotHeight: dotHeight)
    }
}

/// Everything one plot needs, resolved by the Frontier view from the app state.
public struct PlotInput: Sendable {
    public var title: String?
    public var series: [(series: PlotSeries, look: SeriesLook)]
    /// All points of the panel (hidden ones too), so toggling a series keeps the axes still.
    public var extentPoints: [(cost: Double, acc: Double)]
    public var cursor: (label: String, point: PlotPoint)?
    public var baseline: String?
    public var braille: Bool
    public var compact: Bool
}

/// A scatter-and-line plot with a log10 token axis, a linear accuracy axis, markers,
/// the Pareto frontier drawn on top and the cursor point highlighted.
public enum PlotWidget {
    /// Indexes into `points` of the Pareto frontier (fewer tokens, higher accuracy).
    public static func frontierKeys(_ series: [PlotSeries]) -> Set<String> {
        var flat: [(cost: Double, acc: Double)] = []
        var keys: [String] = []
        for s in series {
            for p in s.points { flat.append((p.cost, p.acc)); keys.append(key(s.label, p)) }
        }
        return Set(Pareto.frontier(flat).map { keys[$0] })
    }

    static func key(_ label: String, _ p: PlotPoint) -> String { "\(label)\u{1F}\(p.cost)\u{1F}\(p.acc)\u{1F}\(p.config)" }

    @discardableResult
    public static func render(_ input: PlotInput, _ rect: Rect, into buf: inout CellBuffer) -> PlotGeometry? {
        var area = rect
        if let title = input.title {
            let (t, rest) = area.splitTop(1)
            buf.putPadded(" " + title, x: t.x, y: t.y, width: t.width, style: Style(.title, bold: true))
            area = rest
        }
        let axisRows = input.compact ? 2 : 3
        let yLabelWidth = 6
        guard area.width > yLabelWidth + 8, area.height > axisRows + 3 else {
            buf.put("(too small for a plot)", x: area.x, y: area.y, style: .dim, maxWidth: area.width)
            return nil
        }
        let plot = Rect(x: area.x + yLabelWidth + 1, y: area.y, width: area.width - yLabelWidth - 2, height: area.height - axisRows)
        let mode: DotCanvas.Mode = input.braille ? .braille : .blocks
        var canvas = DotCanvas(columns: plot.width, rows: plot.height, mode: mode)
        let yTickCount = max(2, plot.height / (input.compact ? 3 : 3))
        guard !input.extentPoints.isEmpty else {
            drawFrame(plot, into: &buf)
            buf.put("no points reported for this backbone and benchmark", x: plot.x + 2, y: plot.y + plot.height / 2, style: .dim, maxWidth: plot.width - 2)
            return nil
        }
        let geo = PlotGeometry.fitting(input.extentPoints, dotWidth: canvas.dotWidth, dotHeight: canvas.dotHeight, yTicks: yTickCount)

        // Faint grid dots at the y ticks help read values across a wide plot.
        let yTicks = LinearAxis.ticks(min: geo.accMin, max: geo.accMax, maxTicks: yTickCount)
        // Series lines first, then the frontier on top, so it is emphasised where they meet.
        for (s, look) in input.series {
            let pts = s.pointsByCost.map { geo.dot(cost: $0.cost, acc: $0.acc) }
            for i in pts.indices.dropFirst() { canvas.line(pts[i - 1].0, pts[i - 1].1, pts[i].0, pts[i].1, role: look.role) }
            if pts.count == 1 { canvas.set(pts[0].0, pts[0].1, role: look.role) }
        }
        let frontier = frontierKeys(input.series.map(\.series))
        var frontierPts: [(Double, Double)] = []
        for (s, _) in input.series { for p in s.points where frontier.contains(key(s.label, p)) { frontierPts.append((p.cost, p.acc)) } }
        frontierPts.sort { $0.0 < $1.0 }
        let fdots = frontierPts.map { geo.dot(cost: $0.0, acc: $0.1) }
        for i in fdots.indices.dropFirst() { canvas.line(fdots[i - 1].0, fdots[i - 1].1, fdots[i].0, fdots[i].1, role: .frontier, dashed: true) }
        canvas.draw(into: &buf, x: plot.x, y: plot.y)

        // Markers: one glyph per series; frontier points bold; the baseline underlined.
        for (s, look) in input.series {
            for p in s.points {
                let (dx, dy) = geo.dot(cost: p.cost, acc: p.acc)
                let cx = plot.x + dx / canvas.dotsPerColumn, cy = plot.y + dy / canvas.dotsPerRow
                let onF = frontier.contains(key(s.label, p))
                buf.set(cx, cy, Cell(look.marker, style: Style(look.role, bold: onF, underline: s.label == input.baseline)))
            }
        }
        if let c = input.cursor, let look = input.series.first(where: { $0.series.label == c.label })?.look {
            let (dx, dy) = geo.dot(cost: c.point.cost, acc: c.point.acc)
            let cx = plot.x + dx / canvas.dotsPerColumn, cy = plot.y + dy / canvas.dotsPerRow
            buf.set(cx, cy, Cell(look.marker, style: Style(.cursor, bold: true)))
            // Small tick marks on both axes show where the cursor is.
            buf.put("▸", x: plot.x - 1, y: cy, style: Style(.cursor))
            buf.put("▴", x: cx, y: plot.maxY, style: Style(.cursor))
        }

        drawYAxis(geo, ticks: yTicks, plot: plot, labelX: area.x, into: &buf)
        drawXAxis(geo, plot: plot, compact: input.compact, into: &buf, cursorCol: input.cursor.map { plot.x + geo.dot(cost: $0.point.cost, acc: $0.point.acc).0 / 2 })
        return geo
    }

    static func drawFrame(_ plot: Rect, into buf: inout CellBuffer) {
        for y in plot.y..<plot.maxY { buf.put("│", x: plot.x - 1, y: y, style: .border) }
        buf.put("└" + String(repeating: "─", count: plot.width), x: plot.x - 1, y: plot.maxY, style: .border)
    }

    static func drawYAxis(_ geo: PlotGeometry, ticks: [Double], plot: Rect, labelX: Int, into buf: inout CellBuffer) {
        for y in plot.y..<plot.maxY where buf[plot.x - 1, y].character != "▸" { buf.put("│", x: plot.x - 1, y: y, style: .border) }
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let decimals = step < 1 ? (step < 0.1 ? 2 : 1) : (step.rounded() == step ? 0 : 1)
        for t in ticks {
            let (_, dy) = geo.dot(cost: pow(10, geo.logMin), acc: t)
            let cy = plot.y + dy / (geo.dotHeight / max(1, plot.height))
            guard cy >= plot.y, cy < plot.maxY else { continue }
            let label = String(format: "%.\(decimals)f", t)
            buf.put(Text.padLeft(label, plot.x - 1 - labelX - 1), x: labelX, y: cy, style: .dim)
            if buf[plot.x - 1, cy].character != "▸" { buf.put("┤", x: plot.x - 1, y: cy, style: .border) }
        }
    }

    static func drawXAxis(_ geo: PlotGeometry, plot: Rect, compact: Bool, into buf: inout CellBuffer, cursorCol: Int?) {
        let y = plot.maxY
        buf.put("└", x: plot.x - 1, y: y, style: .border)
        for x in plot.x..<plot.maxX where x != cursorCol { buf.put("─", x: x, y: y, style: .border) }
        let maxTicks = max(2, plot.width / 7)
        let ticks = LogAxis.ticks(min: pow(10, geo.logMin), max: pow(10, geo.logMax), maxTicks: maxTicks)
        var lastEnd = plot.x - 2
        for t in ticks {
            let col = plot.x + geo.dot(cost: t, acc: geo.accMin).0 / 2
            guard col >= plot.x, col < plot.maxX else { continue }
            if col != cursorCol { buf.put("┬", x: col, y: y, style: .border) }
            let label = Format.tick(t)
            let lw = CharWidth.of(label)
            let lx = min(max(plot.x - 1, col - lw / 2), plot.maxX - lw)
            if lx > lastEnd {
                buf.put(label, x: lx, y: y + 1, style: .dim)
                lastEnd = lx + lw
            }
        }
        if !compact, y + 2 < buf.height {
            let title = "total tokens per question (log scale) →"
            buf.put(title, x: plot.x + max(0, (plot.width - CharWidth.of(title)) / 2), y: y + 2, style: .dim, maxWidth: plot.width)
            buf.put("↑ Acc %", x: max(0, plot.x - 7), y: y + 2, style: .dim)
        }
    }
}
