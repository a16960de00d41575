import ReplayCore

/// The side panel of the timeline: the state at the current step (branches opened, active,
/// finished and dropped, tokens so far and per branch, votes and confidence) and the decision
/// event in force (event, goal, decision, input/output/state values).
public enum TraceStatePanel {
    /// The panel as lines of (text, style), so tests and the CLI can read it too.
    public static func lines(_ t: QuestionTimeline, step: Int, event: Int?) -> [(String, Style)] {
        var out: [(String, Style)] = []
        let state = t.state(atStep: step)
        if let state {
            out.append(("Step \(state.step) of \(t.lastStep)", Style(.title, bold: true)))
            if let a = state.action {
                let answer = t.branches.map { $0.answers[Int(a.answer)] } ?? "?"
                let op = a.operation == .fullRead ? "full read" : a.operation.rawValue
                out.append(("\(op) branch \(a.branch) → \(answer) (+\(Format.tokens(Double(a.tokens))))\(a.finished ? " final" : "")", .accent))
            } else {
                out.append(("before the first action", .dim))
            }
            let rows = state.rows
            let dropped = rows.filter(\.dropped).count
            let finished = rows.filter { $0.finished && !$0.dropped }.count
            let active = rows.count - dropped - finished
            out.append(("opened \(rows.count)  active \(active)", .text))
            out.append(("finished \(finished)  dropped \(dropped)", .text))
            out.append(("tokens \(Format.tokens(Double(state.tokens))) of \(t.cost.map { Format.tokens(Double($0)) } ?? "?")", .text))
            out.append(("votes  " + votesText(state.votes), .text))
            if !state.completedVotes.isEmpty { out.append(("done   " + votesText(state.completedVotes), .text)) }
        } else {
            out.append(("Event \((event ?? 0) + 1) of \(t.events.count)", Style(.title, bold: true)))
        }
        if let e = event.flatMap({ t.events.indices.contains($0) ? t.events[$0] : nil }) ?? t.eventIndex(atStep: step).map({ t.events[$0] }) {
            let i = event ?? t.eventIndex(atStep: step) ?? 0
            let conf = e.confidenceValues.prefix(3).map { "\($0.name) \(short($0.value))" }
            if !conf.isEmpty { out.append(("conf   " + conf.joined(separator: "  "), .text)) }
            out.append(("", .text))
            out.append(("─ event \(i + 1)/\(t.events.count): \(e.event)", Style(.title, bold: true)))
            if t.branches != nil, t.placement == .exact, let n = e.actionsBefore { out.append(("  after \(n) action\(n == 1 ? "" : "s")", .dim)) }
            out.append(("goal: " + e.goal, .dim))
            out.append(("decision: " + e.decisionText, .accent))
            for (name, value) in [("in", e.input), ("out", e.output), ("state", e.state)] {
                for line in flatten(value) { out.append(("\(name): " + line, .text)) }
            }
        } else if !t.events.isEmpty {
            out.append(("", .text))
            out.append(("no decision event yet", .dim))
        }
        if let state, !state.rows.isEmpty {
            out.append(("", .text))
            out.append(("─ tokens per branch", Style(.title, bold: true)))
            var line = ""
            for r in state.rows {
                let item = "\(r.branch):\(Format.tokens(Double(r.tokens)))"
                line += (line.isEmpty ? "" : " ") + item
            }
            out.append((line, .text))
        }
        return out
    }

    /// Wrap by display width at the last space that keeps at least half a line, else hard
    /// (JSON values often have no natural break point); continuation lines leave room for a
    /// two-column indent.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 4, CharWidth.of(text) > width else { return [text] }
        var out: [String] = []
        var line = "", used = 0
        var limit = width
        for ch in text {
            let w = CharWidth.of(String(ch))
            if used + w > limit {
                if let space = line.lastIndex(of: " "), CharWidth.of(String(line[..<space])) >= limit / 2 {
                    out.append(String(line[..<space]))
                    line = String(line[line.index(after: space)...])
                } else {
                    out.append(line)
                    line = ""
                }
                used = CharWidth.of(line); limit = width - 2
            }
            line.append(ch); used += w
        }
        if !line.isEmpty { out.append(line) }
        return out
    }

    static func votesText(_ votes: [(answer: String, count: Int)]) -> String {
        if votes.isEmpty { return "none" }
        // "783 (10 votes), ERR (1 vote)": an answer and how many branches vote for it, in words,
        // so neither reads as arithmetic ("670 + 113×1").
        let shown = votes.prefix(4).map { "\(Text.truncate($0.answer, to: 10)) (\($0.count) vote\($0.count == 1 ? "" : "s"))" }
        let more = votes.count - shown.count
        return shown.joined(separator: ", ") + (more > 0 ? ", \(more) more answer\(more == 1 ? "" : "s")" : "")
    }

    static func short(_ d: Double) -> String {
        PythonFormat.floatRepr((d * 10_000).rounded() / 10_000)
    }

    /// `{"a": 1, "b": [1, 2]}` -> `a=1 b=[1, 2]`, one line per value (long values clipped later).
    static func flatten(_ v: JSONValue) -> [String] {
        if let o = v.objectValue {
            if o.isEmpty { return [] }
            return o.pairs.map { "\($0.key)=\(compact($0.value))" }
        }
        if v.isNull { return [] }
        return [compact(v)]
    }

    static func compact(_ v: JSONValue) -> String {
        if let s = v.stringValue { return s }
        if let d = v.doubleValue, v.intValue == nil { return short(d) }
        let text = JSONWriter.string(v)
        return text.count > 120 ? String(text.prefix(119)) + "…" : text
    }

    public static func render(_ t: QuestionTimeline, step: Int, event: Int?, _ rect: Rect, into buf: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        for x in 0..<1 { for y in rect.y..<rect.maxY { buf.put("│", x: rect.x + x, y: y, style: .border) } }
        var y = rect.y
        let inner = Rect(x: rect.x + 2, y: rect.y, width: rect.width - 2, height: rect.height)
        for (text, style) in lines(t, step: step, event: event) {
            for (i, piece) in wrap(Sanitizer.clean(text), width: inner.width).enumerated() {
                guard y < inner.maxY else { return }
                buf.put((i > 0 ? "  " : "") + piece, x: inner.x, y: y, style: style, maxWidth: inner.width)
                y += 1
            }
        }
    }
}
