/// Draws the whole screen from the state: tab bar, the current view, status and hints,
/// and the help overlay on top. A pure function of (state, key table).
public enum RootView {
    public static func render(_ state: AppState, table: KeyTable? = nil, into buf: inout CellBuffer) {
        let table = table ?? KeyTable.forFeatures(state.features)
        buf.clear(buf.area)
        guard buf.width >= TooSmall.minWidth, buf.height >= TooSmall.minHeight else {
            TooSmall.render(width: buf.width, height: buf.height, into: &buf)
            return
        }
        let (top, rest) = buf.area.splitTop(1)
        let (main, bottom) = rest.splitBottom(2)
        TabBar.render(state, top, into: &buf)
        let content = Rect(x: main.x, y: main.y + 1, width: main.width, height: main.height - 1)
        state.features.feature(state.tab)?.render(state, content, into: &buf)
        // Overlays (no tab of their own) draw over the view when open.
        for overlay in state.features.features where overlay.tabTitle == nil && overlay.isOverlayOpen(state) {
            overlay.render(state, main, into: &buf)
        }
        StatusBar.render(state, table: table, bottom, into: &buf)
        if state.showHelp { HelpOverlay.render(state, table: table, main, into: &buf) }
    }

    /// Convenience for tests and benchmarks: a fresh buffer of the state's size.
    public static func frame(_ state: AppState, table: KeyTable? = nil) -> CellBuffer {
        var buf = CellBuffer(width: state.width, height: state.height)
        render(state, table: table, into: &buf)
        return buf
    }
}
