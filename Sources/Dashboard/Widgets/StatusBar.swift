import Foundation
import Runs

/// The two bottom lines: run status (path, liveness, last change, messages) and either
/// the key hints for the current context or the filter line being edited.
public enum StatusBar {
    /// With no phase times known, a running round counts as stuck when nothing changed for
    /// this long (the stall rule's judgement with no earlier round to compare).
    public static let stuckAfter: Double = StallRule.fallback

    public static func render(_ state: AppState, table: KeyTable, _ rect: Rect, into buf: inout CellBuffer) {
        guard rect.height >= 1 else { return }
        let (statusRect, hintRect) = rect.height >= 2 ? rect.splitTop(1) : (rect, Rect(x: 0, y: 0, width: 0, height: 0))
        let overflow = renderStatus(state, statusRect, into: &buf)
        if !hintRect.isEmpty, let overflow {
            // A message longer than its room goes on over the hint line (until it expires), so an
            // error is read whole: the hints come back at the next key or after a few seconds.
            buf.clear(hintRect, style: .text)
            buf.put(Text.truncate(overflow, to: hintRect.width - 2), x: hintRect.x + 1, y: hintRect.y, style: Style(.warning, bold: true))
        } else if !hintRect.isEmpty {
            let filter = Reducer.activeFilter(state)
            if filter.editing {
                FilterLine.render(filter, prompt: filterPrompt(state), hintRect, into: &buf)
            } else {
                renderHints(table.hints(for: state), hintRect, into: &buf)
            }
        }
    }

    static func filterPrompt(_ state: AppState) -> String {
        state.features.focus(state)?.filterPrompt(state) ?? "filter"
    }

    /// (text, style) describing liveness, most important first: load errors, an empty folder,
    /// then the first feature's verdict (a stall, a recording), else running or finished.
    public static func liveness(_ state: AppState) -> (String, Style) {
        if let e = state.loadError { return ("✗ load failed: \(e)", Style(.wrong, bold: true)) }
        if state.loading && state.snapshot == nil { return ("⟳ loading…", Style(.accent, bold: true)) }
        guard let snap = state.snapshot else { return ("no run", .dim) }
        // No rounds at all (an empty folder, or one a search has not written to yet): nothing
        // has finished; the watcher picks the run up when its files appear.
        if snap.rounds.rows.isEmpty { return ("… waiting for a run to start", Style(.accent, bold: true)) }
        if let v = state.features.liveness(state) { return (v.text, v.style) }
        return snap.isRunning ? ("● running", Style(.correct, bold: true)) : ("✓ finished", Style(.correct))
    }

    /// Draws the status line; returns the part of a message that did not fit (nil when it did).
    @discardableResult
    static func renderStatus(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) -> String? {
        buf.clear(rect, style: Style(.status))
        var x = rect.x + 1
        let (live, liveStyle) = liveness(state)
        var ls = liveStyle
        ls.role = ls.role == .text ? .status : ls.role
        x += buf.put(live, x: x, y: rect.y, style: ls, maxWidth: rect.maxX - x)
        // A message takes the place of the run's details, never of the liveness (a stall
        // warning stays readable at any width); it is transient (see `AppState.message`).
        if let m = state.message {
            x += 2
            let room = max(0, rect.maxX - x - 1)
            let text = Sanitizer.clean(m)
            guard CharWidth.of(text) > room, room > 10 else {
                buf.put(Text.truncate(text, to: room), x: x, y: rect.y, style: Style(.warning, bold: true), maxWidth: room)
                return nil
            }
            // Cut at a space that fits; the rest is for the next line.
            let lines = Text.wrap(text, width: room)
            buf.put(lines.first ?? "", x: x, y: rect.y, style: Style(.warning, bold: true), maxWidth: room)
            return lines.dropFirst().joined(separator: " ")
        }
        if let snap = state.snapshot {
            var parts: [String] = []
            parts += state.features.statusNotes(state)
            // A verdict that says when the run last changed (a recording) needs no "updated";
            // a folder still waiting for its first round has nothing to count.
            let waiting = snap.rounds.rows.isEmpty
            if !waiting && state.features.liveness(state)?.saysWhen != true {
                parts.append("updated \(Format.ago(snap.lastChange, now: state.now))")
            }
            if !waiting { parts.append("\(snap.rounds.rows.count) rounds") }
            if state.loading { parts.append("reloading…") }
            let mid = "  " + parts.joined(separator: " · ")
            x += buf.put(mid, x: x, y: rect.y, style: Style(.status), maxWidth: rect.maxX - x)
            // The run path takes what room is left, truncated from the left so the name stays.
            let room = rect.maxX - x - 3
            if room > 10 {
                let path = Text.truncateFront(Sanitizer.clean(snap.runPath), to: room)
                buf.put(path, x: rect.maxX - CharWidth.of(path) - 1, y: rect.y, style: Style(.status))
            }
        }
        return nil
    }

    /// Hints in table order while they fit; the help hint is kept whatever else is cut, since
    /// `?` is the way to every other key.
    static func renderHints(_ hints: [(keys: String, label: String)], _ rect: Rect, into buf: inout CellBuffer) {
        buf.clear(rect, style: .text)
        func width(_ h: (keys: String, label: String)) -> Int { CharWidth.of(h.keys) + CharWidth.of(h.label) + 3 }
        let isHelp: ((keys: String, label: String)) -> Bool = { $0.label == "help" }
        var helpRoom = hints.first(where: isHelp).map(width) ?? 0
        var x = rect.x + 1
        var cut = false
        for h in hints {
            let need = width(h)
            if isHelp(h) {
                if x + need > rect.maxX { break }
                helpRoom = 0
            } else if cut || x + need + helpRoom > rect.maxX {
                cut = true
                continue
            }
            x += buf.put(h.keys, x: x, y: rect.y, style: Style(.accent, bold: true))
            x += buf.put(" " + h.label + "  ", x: x, y: rect.y, style: .dim)
        }
    }
}

/// The `/` line: prompt, text with a cursor block, and how to finish.
public enum FilterLine {
    public static func render(_ f: FilterState, prompt: String, _ rect: Rect, into buf: inout CellBuffer) {
        buf.clear(rect, style: .text)
        var x = rect.x + 1
        x += buf.put("/", x: x, y: rect.y, style: Style(.accent, bold: true))
        x += buf.put(prompt + ": ", x: x, y: rect.y, style: .dim)
        let tail = "  Enter apply · Esc cancel"
        let room = rect.maxX - x - CharWidth.of(tail) - 2
        var shown = f.text
        while CharWidth.of(shown) > max(0, room), !shown.isEmpty { shown.removeFirst() }
        x += buf.put(shown, x: x, y: rect.y, style: Style(.text, bold: true))
        x += buf.put("█", x: x, y: rect.y, style: .accent)
        if room > 0 { buf.put(tail, x: x, y: rect.y, style: .dim) }
    }
}
