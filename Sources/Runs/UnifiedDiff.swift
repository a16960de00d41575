/// A line diff of two texts in unified form (hunks with context), computed with Myers'
/// O((N+M)·D) algorithm: the shortest edit script, so small changes to long files stay cheap.
public struct UnifiedDiff: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case context, removed, added }

    public struct Line: Sendable, Equatable {
        public var kind: Kind
        public var text: String
        /// 1-based line numbers in the old and new text (nil on the side the line is not in).
        public var oldLine: Int?
        public var newLine: Int?
    }

    public struct Hunk: Sendable, Equatable {
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        public var lines: [Line]
        /// `@@ -12,7 +12,9 @@`.
        public var header: String {
            "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@"
        }
    }

    public var hunks: [Hunk]
    public var added: Int
    public var removed: Int
    public var isEmpty: Bool { hunks.isEmpty }

    /// Diffs `old` against `new` line by line, keeping `context` unchanged lines around changes.
    public static func make(old: String, new: String, context: Int = 3) -> UnifiedDiff {
        let a = splitLines(old), b = splitLines(new)
        let script = editScript(a, b)
        var added = 0, removed = 0
        for l in script where l.kind != .context { if l.kind == .added { added += 1 } else { removed += 1 } }
        return UnifiedDiff(hunks: hunks(script, context: context), added: added, removed: removed)
    }

    /// Lines without their terminators; a final newline does not make an empty last line.
    static func splitLines(_ s: String) -> [String] {
        if s.isEmpty { return [] }
        var lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { l in
            l.hasSuffix("\r") ? String(l.dropLast()) : String(l)
        }
        if s.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    /// The whole edit script: every line of both texts, in order, marked.
    static func editScript(_ a: [String], _ b: [String]) -> [Line] {
        // Intern lines so comparisons are integer compares.
        var ids: [String: Int] = [:]
        let x = a.map { s in ids[s] ?? { let n = ids.count; ids[s] = n; return n }() }
        let y = b.map { s in ids[s] ?? { let n = ids.count; ids[s] = n; return n }() }
        let n = x.count, m = y.count
        let maxD = n + m
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        var found = false
        if maxD > 0 {
            for d in 0...maxD {
                trace.append(v)
                for k in stride(from: -d, through: d, by: 2) {
                    var px: Int
                    if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                        px = v[offset + k + 1]
                    } else {
                        px = v[offset + k - 1] + 1
                    }
                    var py = px - k
                    while px < n && py < m && x[px] == y[py] { px += 1; py += 1 }
                    v[offset + k] = px
                    if px >= n && py >= m { found = true; break }
                }
                if found { break }
            }
        }
        // Walk the trace back from (n, m) to (0, 0).
        var out: [Line] = []
        var i = n, j = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let vd = trace[d]
            let k = i - j
            let prevK: Int
            if k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1]) { prevK = k + 1 } else { prevK = k - 1 }
            let prevX = vd[offset + prevK]
            let prevY = prevX - prevK
            while i > prevX && j > prevY {
                out.append(Line(kind: .context, text: a[i - 1], oldLine: i, newLine: j))
                i -= 1; j -= 1
            }
            if d > 0 {
                if i == prevX {
                    out.append(Line(kind: .added, text: b[j - 1], oldLine: nil, newLine: j))
                    j -= 1
                } else {
                    out.append(Line(kind: .removed, text: a[i - 1], oldLine: i, newLine: nil))
                    i -= 1
                }
            }
        }
        while i > 0 && j > 0 {
            out.append(Line(kind: .context, text: a[i - 1], oldLine: i, newLine: j))
            i -= 1; j -= 1
        }
        // Removals before additions within a change block, as `diff -u` prints them.
        return normalise(out.reversed())
    }

    /// Orders each run of changed lines as all removals, then all additions.
    static func normalise(_ lines: [Line]) -> [Line] {
        var out: [Line] = []
        var block: [Line] = []
        func flush() {
            out += block.filter { $0.kind == .removed } + block.filter { $0.kind == .added }
            block = []
        }
        for l in lines {
            if l.kind == .context { flush(); out.append(l) } else { block.append(l) }
        }
        flush()
        return out
    }

    static func hunks(_ script: [Line], context: Int) -> [Hunk] {
        let changed = script.indices.filter { script[$0].kind != .context }
        guard !changed.isEmpty else { return [] }
        // Ranges of script indices to show, merged when their contexts touch.
        var ranges: [ClosedRange<Int>] = []
        for c in changed {
            let r = max(0, c - context)...min(script.count - 1, c + context)
            if let last = ranges.last, r.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                ranges.append(r)
            }
        }
        return ranges.map { r in
            let lines = Array(script[r])
            // Start lines: the first line on each side in the hunk, or the line before (0 when empty).
            let oldLines = lines.compactMap(\.oldLine), newLines = lines.compactMap(\.newLine)
            let oldBefore = script[..<r.lowerBound].compactMap(\.oldLine).last ?? 0
            let newBefore = script[..<r.lowerBound].compactMap(\.newLine).last ?? 0
            return Hunk(oldStart: oldLines.first ?? oldBefore, oldCount: oldLines.count,
                        newStart: newLines.first ?? newBefore, newCount: newLines.count, lines: lines)
        }
    }

    /// The diff as `diff -u` prints it (with `---`/`+++` headers naming the two sides).
    public func text(oldName: String, newName: String) -> String {
        var out = ["--- \(oldName)", "+++ \(newName)"]
        for h in hunks {
            out.append(h.header)
            for l in h.lines {
                switch l.kind {
                case .context: out.append(" " + l.text)
                case .removed: out.append("-" + l.text)
                case .added: out.append("+" + l.text)
                }
            }
        }
        return out.joined(separator: "\n")
    }
}
