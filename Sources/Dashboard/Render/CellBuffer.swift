/// A width x height grid of cells that views draw into, immediate-mode (as in ratatui).
/// All text enters through `put`, which sanitises it, so no view can emit escape sequences.
public struct CellBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
    }

    /// Sets one cell; keeps wide characters whole by blanking a half that gets overwritten.
    public mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0 {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style)
        }
        if x + 1 < width, cells[i + 1].isContinuation, !cell.isContinuation {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// Changes only the style of cells in `rect` (e.g. to highlight a selected row).
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let r = clip(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x].style = transform(cells[y * width + x].style) }
        }
    }

    public mutating func fill(_ rect: Rect, _ cell: Cell = .blank) {
        let r = clip(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x] = cell }
        }
    }

    public mutating func clear(_ rect: Rect, style: Style = .text) {
        fill(rect, Cell(" ", style: style))
    }

    public func clip(_ rect: Rect) -> Rect {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// Writes sanitised `text` at (x, y), at most `maxWidth` columns (default: to the edge).
    /// A wide character that would not fit is replaced by a space. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .text, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        var col = 0
        for ch in Sanitizer.clean(text) {
            let w = CharWidth.of(ch)
            if w == 0 { continue } // combining marks arrive inside their Character already
            if col + w > limit {
                if w == 2 && col < limit { set(x + col, y, Cell(" ", style: style)); col += 1 }
                break
            }
            if x + col >= 0 {
                set(x + col, y, Cell(ch, style: style))
                if w == 2 { set(x + col + 1, y, Cell(" ", style: style, isContinuation: true)) }
            }
            col += w
        }
        return col
    }

    /// Writes text truncated with an ellipsis to fit `width` columns, padded with spaces.
    @discardableResult
    public mutating func putPadded(_ text: String, x: Int, y: Int, width w: Int, style: Style = .text,
                                   alignRight: Bool = false) -> Int {
        guard w > 0 else { return 0 }
        let t = Text.truncate(Sanitizer.clean(text), to: w)
        let tw = CharWidth.of(t)
        let pad = String(repeating: " ", count: max(0, w - tw))
        return put(alignRight ? pad + t : t + pad, x: x, y: y, style: style, maxWidth: w)
    }

    /// The buffer as plain text lines (trailing spaces kept), for snapshot tests.
    public func renderText(trimTrailing: Bool = true) -> String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var line = ""
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { line.append(c.character) }
            }
            if trimTrailing {
                while line.last == " " { line.removeLast() }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The buffer's styles as a grid of one character per cell, for snapshots of what style
    /// says (frontier emphasis, selection, dimming): `.` is plain text, a letter names the role
    /// (uppercase: bold), `_` marks an underlined and `#` a reversed cell's role letter in a
    /// second grid below, and a key at the end lists the letters used.
    public func renderStyleMask() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let roles = Role.allCases
        func letter(_ r: Role) -> Character { letters[(roles.firstIndex(of: r) ?? 0) % letters.count] }
        var used = Set<Role>()
        var grid: [String] = [], marks: [String] = []
        var anyMark = false
        for y in 0..<height {
            var line = "", mark = ""
            for x in 0..<width where !cells[y * width + x].isContinuation {
                let st = cells[y * width + x].style
                if st == .text { line.append(".") } else {
                    used.insert(st.role)
                    let l = letter(st.role)
                    line.append(st.bold ? Character(l.uppercased()) : l)
                }
                mark.append(st.underline ? "_" : st.reverse ? "#" : " ")
                anyMark = anyMark || st.underline || st.reverse
            }
            grid.append(line)
            while mark.last == " " { mark.removeLast() }
            marks.append(mark)
        }
        var out = grid.joined(separator: "\n")
        if anyMark { out += "\n-- underline (_) / reverse (#)\n" + marks.joined(separator: "\n") }
        out += "\n-- " + roles.filter(used.contains).map { "\(letter($0))=\($0.key)" }.joined(separator: " ")
        return out
    }

    /// One row as text, for tests and the tmux-free assertions.
    public func row(_ y: Int) -> String {
        var line = ""
        for x in 0..<width where !cells[y * width + x].isContinuation { line.append(cells[y * width + x].character) }
        return line
    }
}

/// String helpers measured in terminal columns.
public enum Text {
    /// Truncates to `width` columns, ending with "…" when something was cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if CharWidth.of(s) <= width { return s }
        var out = ""
        var col = 0
        for ch in s {
            let w = CharWidth.of(ch)
            if col + w > width - 1 { break }
            out.append(ch)
            col += w
        }
        return out + "…"
    }

    /// Truncates to `width` columns from the front, starting with "…" when something was cut
    /// (paths and values being typed: their end matters most).
    public static func truncateFront(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if CharWidth.of(s) <= width { return s }
        var out = ""
        var col = 1
        for ch in s.reversed() {
            let w = CharWidth.of(ch)
            if col + w > width { break }
            out.insert(ch, at: out.startIndex)
            col += w
        }
        return "…" + out
    }

    /// Word wrap to `width` columns; a word longer than a line breaks after a path separator
    /// when it has one, else is cut, each cut piece ending in "…".
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 4 else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let w = String(word)
            if current.isEmpty { current = w } else if CharWidth.of(current) + 1 + CharWidth.of(w) <= width { current += " " + w } else {
                lines.append(current)
                current = w
            }
            while CharWidth.of(current) > width {
                if let piece = separatorPiece(current, width: width) {
                    lines.append(piece)
                    current = String(current.dropFirst(piece.count))
                    continue
                }
                let piece = truncate(current, to: width)
                lines.append(piece)
                current = String(current.dropFirst(piece.count - 1))   // characters kept, not columns
            }
        }
        lines.append(current)
        return lines
    }

    /// The longest head of `word` that fits `width` and ends in a path or name separator,
    /// so a path wraps at its slashes rather than being cut mid-name (nil when none is past
    /// half the line).
    static func separatorPiece(_ word: String, width: Int) -> String? {
        var col = 0, best: String.Index?
        for i in word.indices {
            col += CharWidth.of(word[i])
            if col > width { break }
            if "/_-.:".contains(word[i]), col >= width / 2 { best = word.index(after: i) }
        }
        return best.map { String(word[..<$0]) }
    }

    /// Short phrases joined with " · " into as few lines of `width` as they fit, a phrase
    /// never split (legends and keys).
    public static func wrapParts(_ parts: [String], width: Int) -> [String] {
        var lines: [String] = []
        for p in parts {
            if let last = lines.last, CharWidth.of(last) + 3 + CharWidth.of(p) <= width { lines[lines.count - 1] = last + " · " + p } else { lines.append(p) }
        }
        return lines
    }

    public static func padRight(_ s: String, _ width: Int) -> String {
        let t = truncate(s, to: width)
        return t + String(repeating: " ", count: max(0, width - CharWidth.of(t)))
    }

    public static func padLeft(_ s: String, _ width: Int) -> String {
        let t = truncate(s, to: width)
        return String(repeating: " ", count: max(0, width - CharWidth.of(t))) + t
    }
}
