/// A scrollable pane of untrusted text lines (summaries, controller source), with optional
/// line numbers and highlighted search matches. Lines are sanitised when drawn.
public enum TextPane {
    public static func render(lines: [StyledLine], scroll: Int, search: String = "", lineNumbers: Bool = false,
                              _ rect: Rect, into buf: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let needle = search.lowercased()
        let top = min(max(0, scroll), max(0, lines.count - 1))
        let textRect = lines.count > rect.height ? Rect(x: rect.x, y: rect.y, width: rect.width - 1, height: rect.height) : rect
        for row in 0..<rect.height {
            let i = top + row
            guard i < lines.count else { break }
            let line = lines[i]
            var x = textRect.x
            if lineNumbers {
                let label = line.number.map { Text.padLeft(String($0), 4) + " " } ?? "     "
                x += buf.put(label, x: x, y: rect.y + row, style: .dim)
            }
            let shown = Sanitizer.clean(line.text)
            buf.put(shown, x: x, y: rect.y + row, style: line.style, maxWidth: textRect.maxX - x)
            // Highlight each match (text and a reversed look, so it shows without colour).
            if !needle.isEmpty {
                let lower = shown.lowercased()
                var from = lower.startIndex
                while let r = lower.range(of: needle, range: from..<lower.endIndex) {
                    let col = CharWidth.of(String(lower[lower.startIndex..<r.lowerBound]))
                    let w = CharWidth.of(String(lower[r]))
                    buf.restyle(Rect(x: x + col, y: rect.y + row, width: min(w, textRect.maxX - x - col), height: 1)) { _ in
                        Style(.cursor, bold: true)
                    }
                    from = r.upperBound
                }
            }
        }
        if lines.count > rect.height {
            ScrollBar.render(offset: top, visible: rect.height, total: lines.count,
                             Rect(x: rect.maxX - 1, y: rect.y, width: 1, height: rect.height), into: &buf)
        }
    }
}

/// A line of text with its style and an optional source line number.
public struct StyledLine: Sendable, Equatable {
    public var text: String
    public var style: Style
    public var number: Int?
    public init(_ text: String, _ style: Style = .text, number: Int? = nil) {
        self.text = text; self.style = style; self.number = number
    }
}
