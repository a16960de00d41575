/// A horizontal run of cells that changed between two frames.
public struct ChangedRun: Sendable, Equatable {
    public var y: Int
    public var x: Int
    public var count: Int
    public init(y: Int, x: Int, count: Int) { self.y = y; self.x = x; self.count = count }
}

/// The difference between the frame on screen and the next one, as a pure function
/// so the ncurses backend only writes what changed and tests can check it.
public enum BufferDiff {
    /// Runs of changed cells, row by row. With no previous frame (or a size change),
    /// every row is one run. Runs never start on the right half of a wide character:
    /// they are widened to include its lead cell.
    public static func changedRuns(from old: CellBuffer?, to new: CellBuffer) -> [ChangedRun] {
        guard let old, old.width == new.width, old.height == new.height else {
            return (0..<new.height).compactMap { new.width > 0 ? ChangedRun(y: $0, x: 0, count: new.width) : nil }
        }
        var runs: [ChangedRun] = []
        let w = new.width
        for y in 0..<new.height {
            var x = 0
            let base = y * w
            while x < w {
                if old.cells[base + x] == new.cells[base + x] { x += 1; continue }
                var start = x
                if new.cells[base + start].isContinuation || old.cells[base + start].isContinuation, start > 0 { start -= 1 }
                var end = x + 1
                while end < w, old.cells[base + end] != new.cells[base + end] { end += 1 }
                // A changed wide lead cell drags its continuation along.
                if end < w, new.cells[base + end].isContinuation || old.cells[base + end].isContinuation { end += 1 }
                if let last = runs.last, last.y == y, last.x + last.count >= start {
                    runs[runs.count - 1].count = max(last.count, end - last.x)
                } else {
                    runs.append(ChangedRun(y: y, x: start, count: end - start))
                }
                x = end
            }
        }
        return runs
    }

    /// Splits a run into segments of one style, the unit the backend writes in one call.
    /// Continuation cells are skipped: the terminal advances past them after a wide character.
    public static func segments(of run: ChangedRun, in buffer: CellBuffer) -> [Segment] {
        var out: [Segment] = []
        var x = run.x
        let end = run.x + run.count
        while x < end {
            let cell = buffer[x, run.y]
            if cell.isContinuation { x += 1; continue }
            let w = max(1, CharWidth.of(cell.character))
            if let last = out.last, last.style == cell.style, last.x + last.width == x {
                out[out.count - 1].text.append(cell.character)
                out[out.count - 1].width += w
            } else {
                out.append(Segment(x: x, style: cell.style, text: String(cell.character), width: w))
            }
            x += 1
        }
        return out
    }
}

/// Text of one style starting at column `x`, `width` columns wide.
public struct Segment: Sendable, Equatable {
    public var x: Int
    public var style: Style
    public var text: String
    public var width: Int
}
