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
}
