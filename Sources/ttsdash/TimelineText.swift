import Dashboard
import ReplayCore
import Runs

/// `ttsdash trace --timeline`: the Trace view's timeline and state panel as plain text, drawn by
/// the same widget into an off-screen buffer.
enum TimelineText {
    static func render(_ t: QuestionTimeline, step: Int?, width: Int) -> String {
        let at = min(max(0, step ?? t.lastStep), t.lastStep)
        let w = max(40, width)
        var out: [String] = []
        let rows = t.state(atStep: at)?.rows.count ?? 0
        // Head, source, axis, rows, legend.
        var buf = CellBuffer(width: w, height: t.branches == nil ? 2 : max(1, rows) + 4)
        TimelineWidget.render(t, step: at, options: .init(legend: t.branches != nil), buf.area, into: &buf)
        out.append(buf.renderText())
        out.append("")
        for (line, _) in TraceStatePanel.lines(t, step: at, event: t.branches == nil ? t.events.count - 1 : nil) {
            out.append(line.isEmpty ? "" : "  " + line)
        }
        if t.branches == nil {
            out.append("")
            out.append("decision events (\(t.events.count)):")
            for (i, e) in t.events.enumerated() {
                out.append("  \(i + 1). \(e.event): \(e.decisionText)")
            }
        }
        return PlainText.safe(out.joined(separator: "\n"))
    }
}
