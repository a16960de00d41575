import Foundation

/// The top line: app name, numbered tabs, and the run on the right.
public enum TabBar {
    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        guard rect.height > 0 else { return }
        buf.clear(rect, style: .text)
        var x = rect.x
        x += buf.put(" ttsdash ", x: x, y: rect.y, style: Style(.accent, bold: true))
        for (i, tab) in state.features.tabs.enumerated() {
            let active = tab.id == state.tab
            let label = i < 9 ? " \(i + 1) \(tab.tabTitle ?? "") " : " \(tab.tabTitle ?? "") "
            if x + CharWidth.of(label) > rect.maxX { break }
            x += buf.put(label, x: x, y: rect.y, style: active ? Style(.tabActive, bold: true) : Style(.tabInactive))
            x += buf.put(" ", x: x, y: rect.y)
        }
        // Right side: the run name, if there is room.
        if let snap = state.snapshot {
            let right = Sanitizer.clean((snap.runPath as NSString).lastPathComponent)
            let room = rect.maxX - x - 2
            if room > 8 {
                let t = Text.truncate(right, to: room)
                buf.put(t, x: rect.maxX - CharWidth.of(t) - 1, y: rect.y, style: .dim)
            }
        }
    }
}
