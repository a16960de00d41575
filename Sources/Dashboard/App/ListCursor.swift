/// Moving a selection (or a scroll offset) in a list of `count` rows: one row, a page, first
/// or last. Returns nil for left/right, which lists leave to their view.
enum ListCursor {
    static func moved(_ index: Int, _ d: Direction, count: Int, page: Int = 10) -> Int? {
        var i = index
        switch d {
        case .up: i -= 1
        case .down: i += 1
        case .pageUp: i -= page
        case .pageDown: i += page
        case .top: i = 0
        case .bottom: i = count - 1
        case .left, .right: return nil
        }
        return min(max(0, i), max(0, count - 1))
    }

    /// The index of the name that was at `index` in `old`, found in `new`; else `index` itself
    /// (a reload keeps backbone columns and panels on the same names).
    static func sameIndex(of old: [String]?, at index: Int, in new: [String]) -> Int {
        guard let old, old.indices.contains(index), let i = new.firstIndex(of: old[index]) else { return index }
        return i
    }
}
