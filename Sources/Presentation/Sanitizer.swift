/// Makes untrusted text (answers, summaries, file names, controller source) safe to draw:
/// removes C0/C1 control characters, whole ESC/CSI/OSC/DCS sequences (so an OSC title or
/// hyperlink never reaches the terminal) and bidi overrides that could reorder what is shown.
/// Tabs become spaces; any other line break becomes a space (callers split lines first).
public enum Sanitizer {
    /// Bidi embeddings, overrides, isolates and marks: they reorder the text shown after them.
    public static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    public static func clean(_ input: String) -> String {
        // Fast path: plain printable ASCII needs no work.
        if input.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return input }
        var out = String.UnicodeScalarView()
        var it = Array(input.unicodeScalars)[...]
        while let s = it.popFirst() {
            let v = s.value
            switch v {
            case 0x1B: skipEscape(&it)
            case 0x9B: skipCSI(&it)                  // C1 CSI
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: skipString(&it) // C1 OSC, DCS, SOS, PM, APC
            case 0x09: out.append(" ")
            case 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029: out.append(" ")
            case 0..<0x20, 0x7F, 0x80..<0xA0: continue
            case _ where isBidiControl(v): continue
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// After ESC: CSI (`[`), string sequences (`]`, `P`, `X`, `^`, `_`) or a two-byte sequence.
    private static func skipEscape(_ it: inout ArraySlice<Unicode.Scalar>) {
        guard let next = it.popFirst() else { return }
        switch next {
        case "[": skipCSI(&it)
        case "]", "P", "X", "^", "_": skipString(&it)
        case " "..."/":
            // nF sequences: intermediates then one final byte.
            while let c = it.first, (0x20...0x2F).contains(c.value) { it.removeFirst() }
            if !it.isEmpty { it.removeFirst() }
        default: return
        }
    }

    /// CSI: parameter and intermediate bytes, then one final byte in 0x40...0x7E.
    private static func skipCSI(_ it: inout ArraySlice<Unicode.Scalar>) {
        while let c = it.popFirst() {
            if (0x40...0x7E).contains(c.value) { return }
            if !(0x20...0x3F).contains(c.value) { return } // malformed: stop here
        }
    }

    /// OSC/DCS/…: everything up to BEL, ST (ESC \) or C1 ST (0x9C).
    private static func skipString(_ it: inout ArraySlice<Unicode.Scalar>) {
        while let c = it.popFirst() {
            if c.value == 0x07 || c.value == 0x9C { return }
            if c.value == 0x1B {
                if it.first == "\\" { it.removeFirst() }
                return
            }
        }
    }

    /// Splits untrusted multi-line text into sanitised lines (tabs expanded to 4 columns).
    public static func lines(_ input: String) -> [String] {
        var result: [String] = []
        for raw in input.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.contains("\t") { line = expandTabs(line) }
            result.append(clean(line))
        }
        return result
    }

    private static func expandTabs(_ s: String) -> String {
        var out = ""
        var col = 0
        for ch in s {
            if ch == "\t" {
                let n = 4 - col % 4
                out += String(repeating: " ", count: n)
                col += n
            } else {
                out.append(ch)
                col += 1
            }
        }
        return out
    }
}
