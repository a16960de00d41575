/// A rounded border with an optional title; returns the inner area.
public enum Box {
    @discardableResult
    public static func draw(_ rect: Rect, title: String? = nil, focused: Bool = false, into buf: inout CellBuffer) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let style = focused ? Style(.accent) : Style.border
        let x0 = rect.x, y0 = rect.y, x1 = rect.maxX - 1, y1 = rect.maxY - 1
        buf.put("╭", x: x0, y: y0, style: style)
        buf.put("╮", x: x1, y: y0, style: style)
        buf.put("╰", x: x0, y: y1, style: style)
        buf.put("╯", x: x1, y: y1, style: style)
        if x1 - x0 > 1 {
            let h = String(repeating: "─", count: x1 - x0 - 1)
            buf.put(h, x: x0 + 1, y: y0, style: style)
            buf.put(h, x: x0 + 1, y: y1, style: style)
        }
        for y in (y0 + 1)..<y1 {
            buf.put("│", x: x0, y: y, style: style)
            buf.put("│", x: x1, y: y, style: style)
        }
        if let title, rect.width > 6 {
            buf.put(" " + Text.truncate(title, to: rect.width - 6) + " ", x: x0 + 2, y: y0,
                    style: focused ? Style(.accent, bold: true) : Style.title)
        }
        return rect.inset(1)
    }

    /// A horizontal rule with a left-aligned label: "── Label ──────".
    public static func rule(_ rect: Rect, label: String?, into buf: inout CellBuffer) {
        guard rect.width > 0, rect.height > 0 else { return }
        buf.put(String(repeating: "─", count: rect.width), x: rect.x, y: rect.y, style: .border)
        if let label, rect.width > 6 {
            buf.put(" " + Text.truncate(label, to: rect.width - 5) + " ", x: rect.x + 2, y: rect.y, style: .title)
        }
    }
}
