/// Trace, Compare and Live until their issues land: say plainly what will be there.
public enum PlaceholderView {
    public static func text(for tab: Tab) -> (title: String, lines: [String]) {
        switch tab {
        case .trace:
            return ("Trace — coming in a later issue", [
                "Step through one controller run on one question: every sample drawn,",
                "its answer (correct ✓ / wrong ✗), probes, pruned branches (⊘) and the",
                "tokens spent, to see why a controller spent 600k tokens on a question.",
            ])
        case .compare:
            return ("Compare — coming in a later issue", [
                "Rounds marked with Space side by side: Acc and Cost per backbone and",
                "benchmark, the config fields that differ, and a line diff of their",
                "controller source against the parent round.",
            ])
        case .live:
            return ("Live — coming in a later issue", [
                "The running round as it happens: which files changed and when, evaluation",
                "progress per backbone, and a warning when a round looks stuck.",
            ])
        default:
            return ("", [])
        }
    }

    public static func render(_ tab: Tab, _ rect: Rect, into buf: inout CellBuffer) {
        let (title, lines) = text(for: tab)
        let w = min(rect.width - 2, 80)
        let h = min(rect.height, lines.count + 4)
        let box = rect.centered(width: w, height: h)
        let inner = Box.draw(box, title: title, into: &buf)
        for (i, l) in lines.enumerated() where i + 1 < inner.height {
            buf.put(l, x: inner.x + 1, y: inner.y + 1 + i, style: .dim, maxWidth: inner.width - 2)
        }
    }
}
