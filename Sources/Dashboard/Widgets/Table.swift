/// A column of a table: header, width in columns, alignment.
public struct TableColumn: Sendable {
    public var title: String
    public var width: Int
    public var alignRight: Bool
    public init(_ title: String, width: Int, alignRight: Bool = false) {
        self.title = title; self.width = width; self.alignRight = alignRight
    }
}

/// One cell of a table row.
public struct TableCell: Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .text) { self.text = text; self.style = style }
}

/// A table with a header, a selected row (kept in view) and a scroll bar when rows overflow.
public enum TableWidget {
    /// The first visible row so that `selected` is on screen.
    public static func scrollOffset(selected: Int, count: Int, visible: Int) -> Int {
        guard visible > 0, count > visible else { return 0 }
        // Keep the selection a little away from the edges, like a pager.
        let margin = visible > 6 ? 2 : 0
        var top = max(0, selected - visible + 1 + margin)
        top = min(top, max(0, selected - margin))
        return min(max(0, top), count - visible)
    }

    public static func render(columns: [TableColumn], headerRows: [[TableCell]] = [], rows: [[TableCell]],
                              selected: Int?, focused: Bool = true, _ rect: Rect, into buf: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        var y = rect.y
        let headers = headerRows.isEmpty ? [columns.map { TableCell($0.title, Style(.title, bold: true)) }] : headerRows
        for header in headers where y < rect.maxY {
            drawRow(columns, header, y: y, rect: rect, buf: &buf)
            y += 1
        }
        let visible = rect.maxY - y
        guard visible > 0 else { return }
        if rows.isEmpty {
            buf.put("  (nothing to show)", x: rect.x, y: y, style: .dim, maxWidth: rect.width)
            return
        }
        let top = scrollOffset(selected: selected ?? 0, count: rows.count, visible: visible)
        for i in top..<min(rows.count, top + visible) {
            drawRow(columns, rows[i], y: y, rect: rect, buf: &buf)
            if i == selected {
                let line = Rect(x: rect.x, y: y, width: rect.width - (rows.count > visible ? 1 : 0), height: 1)
                buf.restyle(line) { s in
                    focused ? Style(.selection, bold: true) : Style(s.role, bold: s.bold, underline: true)
                }
                buf.put(focused ? "▶" : "›", x: rect.x, y: y, style: focused ? Style(.selection, bold: true) : .accent)
            }
            y += 1
        }
        if rows.count > visible {
            ScrollBar.render(offset: top, visible: visible, total: rows.count,
                             Rect(x: rect.maxX - 1, y: rect.maxY - visible, width: 1, height: visible), into: &buf)
        }
    }

    static func drawRow(_ columns: [TableColumn], _ cells: [TableCell], y: Int, rect: Rect, buf: inout CellBuffer) {
        var x = rect.x
        for (i, col) in columns.enumerated() {
            guard x < rect.maxX else { break }
            let w = min(col.width, rect.maxX - x)
            let cell = i < cells.count ? cells[i] : TableCell("")
            buf.putPadded(cell.text, x: x, y: y, width: w, style: cell.style, alignRight: col.alignRight)
            x += col.width + 1
        }
    }
}

/// A one-column scroll indicator: track and thumb.
public enum ScrollBar {
    public static func render(offset: Int, visible: Int, total: Int, _ rect: Rect, into buf: inout CellBuffer) {
        guard rect.height > 0, total > visible else { return }
        let h = rect.height
        let thumb = max(1, h * visible / total)
        let maxOff = max(1, total - visible)
        let start = min(h - thumb, (h - thumb) * offset / maxOff)
        for i in 0..<h {
            let on = i >= start && i < start + thumb
            buf.put(on ? "┃" : "│", x: rect.x, y: rect.y + i, style: on ? .accent : .border)
        }
    }
}
