/// The `?` overlay, generated from the key table so it can never disagree with dispatch.
public enum HelpOverlay {
    /// The help text, descriptions wrapped at `width` columns (continuations under the
    /// description, so no line ends mid-sentence).
    public static func lines(_ table: KeyTable, first: [KeyContext] = [], width: Int = Int.max) -> [StyledLine] {
        var out: [StyledLine] = []
        let indent = 2 + 18 + 1
        for section in table.helpSections(first: first) {
            if !out.isEmpty { out.append(StyledLine("")) }
            out.append(StyledLine(section.context.rawValue, Style(.accent, bold: true)))
            for row in section.rows {
                let wrapped = width == Int.max ? [row.description] : Text.wrap(row.description, width: max(10, width - indent))
                out.append(StyledLine("  " + Text.padRight(row.keys, 18) + " " + (wrapped.first ?? "")))
                for more in wrapped.dropFirst() { out.append(StyledLine(String(repeating: " ", count: indent) + more)) }
            }
        }
        return out
    }

    /// The overlay's width on a screen `width` columns wide, and the text width inside it.
    static func boxWidth(screen width: Int) -> Int { min(width - 4, 76) }
    static func textWidth(screen width: Int) -> Int { boxWidth(screen: width) - 3 }

    public static func render(_ state: AppState, table: KeyTable, _ area: Rect, into buf: inout CellBuffer) {
        // The view the user came from is listed first, then the keys that work everywhere.
        var state0 = state
        state0.showHelp = false
        let w = boxWidth(screen: area.width)
        let content = lines(table, first: KeyTable.contexts(for: state0).filter { $0 != .filter }, width: textWidth(screen: area.width))
        let h = boxHeight(area: area.height, lines: content.count)
        guard w > 20, h > 4 else { return }
        let box = area.centered(width: w, height: h)
        buf.clear(box)
        let inner = Box.draw(box, title: "Keys · ? or Esc closes", focused: true, into: &buf)
        let maxScroll = max(0, content.count - inner.height)
        TextPane.render(lines: content, scroll: min(state.helpScroll, maxScroll), Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height), into: &buf)
    }

    static func boxHeight(area: Int, lines: Int) -> Int { min(area - 2, lines + 2) }

    /// The furthest the help can scroll on a screen of `height` rows (the overlay sits between
    /// the tab bar and the two status lines), so scrolling past the end does not pile up.
    static func maxScroll(screenHeight height: Int, screenWidth width: Int = 80, table: KeyTable) -> Int {
        let count = lines(table, width: textWidth(screen: width)).count
        return max(0, count - (boxHeight(area: height - 3, lines: count) - 2))
    }
}

/// What a terminal below the minimum size shows instead of a squeezed layout.
public enum TooSmall {
    public static let minWidth = 60
    public static let minHeight = 16

    public static func render(width: Int, height: Int, into buf: inout CellBuffer) {
        let lines = ["Terminal too small", "\(width)x\(height), need at least \(minWidth)x\(minHeight)", "Enlarge the window, or q to quit"]
        let top = max(0, (height - lines.count) / 2)
        for (i, l) in lines.enumerated() where top + i < height {
            let t = Text.truncate(l, to: width)
            buf.put(t, x: max(0, (width - CharWidth.of(t)) / 2), y: top + i, style: i == 0 ? Style(.warning, bold: true) : .text)
        }
    }
}
