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
        // The head and where the action log came from as wrapped text (a terminal cuts nothing
        // here), then the axis, the rows and the legend as the view draws them.
        out += Text.wrap(TimelineWidget.headline(t).map(\.0).joined(), width: w)
        out += Text.wrap(TimelineWidget.sourceLine(t).0, width: w)
        if t.branches != nil {
            var buf = CellBuffer(width: w, height: max(1, rows) + 2)
            TimelineWidget.render(t, step: at, options: .init(header: false, legend: true), buf.area, into: &buf)
            out.append(buf.renderText())
        }
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
