import Foundation

/// The search overlay: four fields, what each means, the last error, and the running search.
enum SearchFormView {
    static let labelWidth = 13

    static func note(_ f: SearchUIState.Field) -> String {
        switch f {
        case .proposer: "demo (offline, ships with ttsdash), claude, codex, or a shell command; it edits code_base/method.py"
        case .rounds: "rounds to add after the last archived one"
        case .controller: "class and β sweep each round's method.py is evaluated with"
        case .seeds: "shuffle seeds per configuration (100 as AutoTTS)"
        }
    }

    static func render(_ state: AppState, _ area: Rect, into buf: inout CellBuffer) {
        let form = SearchFeature.state(state)
        guard form.isOpen else { return }
        let fields = SearchUIState.Field.allCases
        let rows = 2 + fields.count * 2 + (form.error == nil ? 0 : 1) + (form.job == nil ? 0 : 2)
        let w = min(area.width - 2, 96)
        let h = min(area.height, rows)
        guard w > 30, h > 6 else { return }
        let box = Rect(x: area.x + (area.width - w) / 2, y: area.y + max(0, (area.height - h) / 2), width: w, height: h)
        buf.clear(box)
        let workspace = state.snapshot?.run?.layout.workspace.map { ($0 as NSString).lastPathComponent } ?? "?"
        let inner = Box.draw(box, title: "Search \(Sanitizer.clean(workspace)) · Enter start · Esc close", focused: true, into: &buf)
        var y = inner.y
        let x = inner.x + 1, width = inner.width - 2
        let room = max(1, width - labelWidth - 1)
        for f in fields where y < inner.maxY {
            let focused = form.focus == f
            buf.put((focused ? "▸ " : "  ") + f.label, x: x, y: y, style: focused ? Style(.accent, bold: true) : .dim)
            let shown = Text.truncateFront(Sanitizer.clean(form[f]), to: room - 1)
            let used = buf.put(shown, x: x + labelWidth, y: y, style: Style(.text, bold: focused))
            if focused { buf.put("█", x: x + labelWidth + used, y: y, style: .accent) }
            y += 1
            if y < inner.maxY { buf.put(Text.truncate(note(f), to: room), x: x + labelWidth, y: y, style: .dim) }
            y += 1
        }
        if let e = form.error, y < inner.maxY {
            buf.put(Text.truncate("✗ " + Sanitizer.clean(e), to: width), x: x, y: y, style: Style(.wrong, bold: true))
            y += 1
        }
        if let note = SearchFeature.statusNote(state), y + 1 < inner.maxY {
            Box.rule(Rect(x: inner.x, y: y, width: inner.width, height: 1), label: "search", into: &buf)
            buf.put(Text.truncate(Sanitizer.clean(note), to: width), x: x, y: y + 1, style: Style(.accent, bold: true))
        }
    }
}
