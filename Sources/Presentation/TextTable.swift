/// Aligned plain-text tables for headless output (no colours, no terminal codes).
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    public init(headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The table with two spaces between columns and no trailing spaces; cells are made
    /// terminal-safe (`PlainText.safe`) before they are measured, in display columns (a wide
    /// character counts two), so columns line up whatever the text.
    public func render() -> String {
        let headers = self.headers.map { PlainText.safe($0, keepNewlines: false) }
        let rows = self.rows.map { $0.map { PlainText.safe($0, keepNewlines: false) } }
        let n = max(headers.count, rows.map(\.count).max() ?? 0)
        var widths = [Int](repeating: 0, count: n)
        for r in [headers] + rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], CharWidth.of(c)) } }
        func line(_ r: [String]) -> String {
            var parts: [String] = []
            for i in 0..<n {
                let c = i < r.count ? r[i] : ""
                let pad = String(repeating: " ", count: widths[i] - CharWidth.of(c))
                let a = i < alignments.count ? alignments[i] : .left
                parts.append(a == .right ? pad + c : c + pad)
            }
            var s = parts.joined(separator: "  ")
            while s.last == " " { s.removeLast() }
            return s
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}

/// Number formats of headless output: the same formatter and the same "–" for a value not
/// reported as the dashboard (`Format`), with the precision of the result files (Acc to two
/// decimals, whole token counts) since a terminal line has the room.
public enum NumberText {
    /// `80.97`, or `–` when not reported.
    public static func acc(_ v: Double?) -> String { Format.acc(v, decimals: 2) }

    /// `144,300`, or `–` when not reported.
    public static func cost(_ v: Double?) -> String {
        guard let v, v.isFinite else { return Format.missing }
        let i = Int(v.rounded())
        var s = String(abs(i))
        var out = ""
        while s.count > 3 { out = "," + s.suffix(3) + out; s = String(s.dropLast(3)) }
        return (i < 0 ? "-" : "") + s + out
    }

    /// `144k`, `1.2M`: compact token counts for plot ticks.
    public static func compact(_ v: Double) -> String {
        if v >= 1e6 { let m = v / 1e6; return (m == m.rounded() ? String(Int(m)) : String(format: "%.1f", m)) + "M" }
        if v >= 1e3 { let k = v / 1e3; return (k == k.rounded() || k >= 100 ? String(Int(k.rounded())) : String(format: "%.1f", k)) + "k" }
        return String(Int(v.rounded()))
    }
}

/// Makes untrusted text safe for a terminal in headless output: every control character (C0
/// other than newline, DEL, C1, and so every escape sequence's introducer) and every bidi
/// override becomes a visible `\u{…}`-style escape, so data can never move the cursor, retitle
/// the window, change colours or reorder what is shown.
public enum PlainText {
    public static func safe(_ s: String, keepNewlines: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            if v == 0x0A && keepNewlines { out.append(u); continue }
            if v == 0x09 { out.append(" "); continue }
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || Sanitizer.isBidiControl(v) {
                for c in "\\u{\(String(v, radix: 16))}".unicodeScalars { out.append(c) }
                continue
            }
            out.append(u)
        }
        return String(out)
    }
}
