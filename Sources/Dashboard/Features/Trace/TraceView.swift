import ReplayCore
import Runs

/// The Trace tab: what is chosen (round, backbone, benchmark, configuration, seed) on top, then
/// either the question list or one question's timeline with its state panel.
public enum TraceView {
    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        let t = state.trace
        guard let target = t.target else {
            let lines = [
                "No question chosen yet.",
                "",
                "Enter on a point in the Frontier view (2) opens its questions here,",
                "t in the Rounds view (1) opens the selected round's.",
            ]
            for (i, l) in lines.enumerated() where rect.y + 1 + i < rect.maxY {
                buf.put(l, x: rect.x + 2, y: rect.y + 1 + i, style: i == 0 ? .title : .dim, maxWidth: rect.width - 4)
            }
            return
        }
        let (head, body) = rect.splitTop(2)
        renderChooser(state, target, head, into: &buf)
        if t.openQuestion != nil {
            renderTimeline(state, body, into: &buf)
        } else {
            renderQuestions(state, body, into: &buf)
        }
    }

    static func renderChooser(_ state: AppState, _ target: TraceTarget, _ rect: Rect, into buf: inout CellBuffer) {
        let round = state.snapshot?.run?.round(id: target.roundID)?.shortName ?? target.roundID
        let config = RowConfiguration.parse(description: target.description)?.shortLabel ?? target.description
        let seed = state.trace.list.map { String($0.seed) } ?? target.seed.map(String.init) ?? "…"
        var parts: [(String, Style)] = [
            (round, Style(.accent, bold: true)), ("  ", .text), (target.backbone, Style(.text, bold: true)), (" / ", .dim),
            (target.benchmark, Style(.text, bold: true)), ("  ", .text), (config, Style(.accent, bold: true)),
            ("  seed ", .dim), (seed, Style(.text, bold: true)),
        ]
        if let q = state.trace.openQuestion { parts += [("  question ", .dim), (Format.question(q), Style(.title, bold: true))] }
        var x = rect.x + 1
        for (text, style) in parts where x < rect.maxX { x += buf.put(text, x: x, y: rect.y, style: style, maxWidth: rect.maxX - x) }
        if rect.height >= 2 { renderConfigurations(state, target, Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: 1), into: &buf) }
    }

    /// The target's configurations in parameter order (`c`/`C` walk them), the current one in
    /// brackets, the ones the trace file has rows for marked `●`: e.g.
    /// `beta  0.0 0.1 … 0.4 [●0.5] 0.6 … 1.0   ● traced`. A window around the current one when
    /// they do not all fit.
    static func renderConfigurations(_ state: AppState, _ target: TraceTarget, _ rect: Rect, into buf: inout CellBuffer) {
        let all = TraceFeature.configurations(state)
        guard all.count > 1 else { return }
        let parsed = all.map { RowConfiguration.parse(description: $0) }
        // One knob shared by all (a β sweep): its name once, then values.
        let names = Set(parsed.map { $0?.parameters.count == 1 ? $0?.parameters.first?.name : nil })
        let single = names.count == 1 ? names.first ?? nil : nil
        let labels = zip(all, parsed).map { d, c -> String in
            guard let c else { return d }
            if single != nil, let v = c.parameters.first?.value { return v.display }
            return c.shortLabel
        }
        let current = all.firstIndex(of: target.description)
            ?? RowConfiguration.parse(description: target.description).flatMap { t in parsed.firstIndex { $0?.matches(t) ?? false } }
        let traced = all.map { TraceFeature.isTraced(state, $0) }
        let anyTraced = traced.contains(true)
        func item(_ i: Int) -> String {
            let mark = traced[i] == true ? "●" : ""
            return i == current ? "[" + mark + labels[i] + "]" : mark + labels[i]
        }
        let head = (single.map { $0 == "beta" ? "β" : $0 } ?? "configs") + "  "
        let tail = anyTraced ? "   ● traced" : ""
        let room = rect.width - 2 - CharWidth.of(head) - CharWidth.of(tail)
        // Widen a window around the current item while it fits.
        var lo = current ?? 0, hi = lo
        func width(_ lo: Int, _ hi: Int) -> Int {
            (lo...hi).reduce(0) { $0 + CharWidth.of(item($1)) + 1 } + (lo > 0 ? 2 : 0) + (hi < all.count - 1 ? 2 : 0)
        }
        var grew = true
        while grew {
            grew = false
            if hi < all.count - 1, width(lo, hi + 1) <= room { hi += 1; grew = true }
            if lo > 0, width(lo - 1, hi) <= room { lo -= 1; grew = true }
        }
        var x = rect.x + 1
        x += buf.put(head, x: x, y: rect.y, style: .dim, maxWidth: rect.maxX - x)
        if lo > 0 { x += buf.put("… ", x: x, y: rect.y, style: .dim, maxWidth: rect.maxX - x) }
        for i in lo...hi {
            let style: Style = i == current ? Style(.accent, bold: true) : (traced[i] == true ? .text : .dim)
            x += buf.put(item(i), x: x, y: rect.y, style: style, maxWidth: rect.maxX - x)
            x += buf.put(" ", x: x, y: rect.y, style: .text, maxWidth: rect.maxX - x)
        }
        if hi < all.count - 1 { x += buf.put("… ", x: x, y: rect.y, style: .dim, maxWidth: rect.maxX - x) }
        if anyTraced { buf.put(tail, x: x, y: rect.y, style: .dim, maxWidth: rect.maxX - x) }
    }

    // MARK: Question list

    static func renderQuestions(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        let t = state.trace
        guard let list = t.list else {
            buf.put(t.loadingList ? "Reading the trace file…" : "", x: rect.x + 2, y: rect.y, style: .dim)
            return
        }
        if let e = list.error {
            buf.put("No questions: " + e, x: rect.x + 2, y: rect.y, style: Style(.warning), maxWidth: rect.width - 4)
            buf.put("Change the target: < > round  b backbone  d benchmark  c configuration  + - seed", x: rect.x + 2, y: rect.y + 2, style: .dim, maxWidth: rect.width - 4)
            return
        }
        let rows = TraceFeature.visibleQuestions(t)
        var status = "\(rows.count) of \(list.questions.count) questions  sorted by \(t.sort.rawValue)"
        if t.wrongOnly { status += "  wrong only" }
        if t.filter.isActive { status += "  filter “\(t.filter.text)”" }
        if t.loadingList { status += "  (reloading…)" }
        let wrong = list.questions.filter { $0.isCorrect == false }.count
        status += "   \(wrong) wrong"
        buf.put(status, x: rect.x + 1, y: rect.y, style: .dim, maxWidth: rect.width - 2)
        let columns = [TableColumn("    Q", width: 6), TableColumn("", width: 7), TableColumn("Cost", width: 7, alignRight: true),
                       TableColumn("Branches", width: 8, alignRight: true), TableColumn("Answer", width: 12),
                       TableColumn("Stop reason", width: max(10, rect.width - 46))]
        let cells = rows.map { q -> [TableCell] in
            let verdict = q.isCorrect.map { $0 ? ("✓ right", Style(.correct)) : ("✗ wrong", Style(.wrong, bold: true)) } ?? ("?", .dim)
            return [TableCell(Text.padLeft(Format.question(q.question), 5)), TableCell(verdict.0, verdict.1),
                    TableCell(Format.tokens(q.cost.map(Double.init))), TableCell(q.branches.map(String.init) ?? "–", q.branches == nil ? .dim : .text),
                    TableCell(q.answer ?? "–"), TableCell(q.stopReason ?? "–", .dim)]
        }
        let tableRect = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        TableWidget.render(columns: columns, rows: cells, selected: rows.isEmpty ? nil : min(t.selected, rows.count - 1), tableRect, into: &buf)
        if let note = list.notes.first, rect.height > 3 {
            buf.put("note: " + note, x: rect.x + 1, y: rect.maxY - 1, style: Style(.warning), maxWidth: rect.width - 2)
        }
    }

    // MARK: Timeline

    /// Width of the state panel beside the timeline.
    public static func panelWidth(total: Int) -> Int { total >= 120 ? 44 : (total >= 90 ? 36 : 30) }

    static func renderTimeline(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        let t = state.trace
        guard let timeline = t.timeline else {
            let text = t.timelineError.map { "Cannot show question \(Format.question(t.openQuestion ?? 0)): " + $0 } ?? "Reading question \(Format.question(t.openQuestion ?? 0))…"
            buf.put(text, x: rect.x + 2, y: rect.y, style: t.timelineError == nil ? .dim : Style(.warning), maxWidth: rect.width - 4)
            return
        }
        // The answer, the stop reason and where the action log came from head the view.
        let (head, body) = rect.splitTop(min(3, rect.height))
        TimelineWidget.renderHeader(timeline, Rect(x: head.x + 1, y: head.y, width: head.width - 1, height: min(2, head.height)), into: &buf)
        let (left, right) = body.splitRight(panelWidth(total: body.width))
        if timeline.branches != nil {
            TimelineWidget.render(timeline, step: t.step, options: .init(rowScroll: t.rowScroll, header: false), left, into: &buf)
        } else {
            renderEventsOnly(timeline, selected: t.event ?? 0, left, into: &buf)
        }
        TraceStatePanel.render(timeline, step: t.step, event: t.event, right, into: &buf)
        if t.showQuestion { renderQuestionText(timeline, question: t.openQuestion ?? 0, rect, into: &buf) }
    }

    /// Without an action log: the head, why there is no timeline, and the decision events.
    static func renderEventsOnly(_ t: QuestionTimeline, selected: Int, _ rect: Rect, into buf: inout CellBuffer) {
        buf.put("decision events (no action log to place them on):", x: rect.x + 1, y: rect.y, style: .title, maxWidth: rect.width - 1)
        let list = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: max(0, rect.height - 1))
        guard !list.isEmpty else { return }
        let top = TableWidget.scrollOffset(selected: selected, count: t.events.count, visible: list.height)
        for (row, i) in (top..<min(t.events.count, top + list.height)).enumerated() {
            let e = t.events[i]
            let mark = e.has(.stop) ? "■" : (e.has(.prune) ? TimelineWidget.Glyph.dropped : (e.has(.widening) ? "+" : " "))
            let text = Text.padLeft(String(i + 1), 3) + " " + mark + " " + Text.padRight(e.event, 16) + " " + e.decisionText
            buf.put(text, x: list.x, y: list.y + row, style: i == selected ? .selection : .text, maxWidth: list.width)
        }
    }

    static func renderQuestionText(_ t: QuestionTimeline, question: Int, _ rect: Rect, into buf: inout CellBuffer) {
        let box = rect.inset(dx: max(2, rect.width / 10), dy: max(1, rect.height / 6))
        buf.clear(box)
        let inner = Box.draw(box, title: "Question \(Format.question(question))  (i closes)", focused: true, into: &buf)
        var lines: [(String, Style)] = [("gold answer: \(t.gold ?? "not recorded")", Style(.correct, bold: true)),
                                        ("controller's answer: \(t.finalAnswer ?? "none")", Style(.text, bold: true)), ("", .text)]
        if let text = t.questionText {
            for l in Sanitizer.lines(text) { lines += Text.wrap(l, width: max(10, inner.width - 2)).map { ($0, Style.text) } }
        } else {
            lines.append(("The question text is in the replay store, which is not at hand for this run.", .dim))
        }
        for (i, (text, style)) in lines.prefix(inner.height).enumerated() {
            buf.put(text, x: inner.x + 1, y: inner.y + i, style: style, maxWidth: inner.width - 2)
        }
    }
}
