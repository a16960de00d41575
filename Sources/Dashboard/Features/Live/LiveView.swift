import Foundation
import Runs

/// The Live view: the round in progress (its phase flow, time in phase and whether that is
/// unusually long), every round's phase timeline, the event feed and the evaluator's log.
public enum LiveView {
    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        guard let run = state.snapshot?.run else {
            buf.put(state.loading ? "Loading the run…" : "No run loaded.", x: rect.x + 2, y: rect.y + 1, style: .dim)
            return
        }
        let hasLog = state.live.log.path != nil
        // The head box takes the rows its wrapped lines need (a narrow screen wraps the phase
        // flow rather than cutting it), within a third of the screen.
        let needed = currentLines(state, run: run, width: rect.width - 3).count + 2
        let (headRect, rest) = rect.splitTop(min(max(6, needed), rect.height / 3 + 1))
        renderCurrent(state, run: run, headRect, into: &buf)
        var middle = rest
        var logRect: Rect?
        if hasLog {
            let (m, l) = rest.splitBottom(max(4, min(12, rest.height / 3)))
            middle = m
            logRect = l
        }
        if middle.width >= 110 {
            // The timeline takes what its columns need; the feed gets the rest.
            let need = 62 + 2 * run.backbones.count
            let (left, right) = middle.splitLeft(min(need, middle.width * 3 / 5))
            renderRounds(state, run: run, left, into: &buf)
            renderEvents(state, right, into: &buf)
        } else {
            let (top, bottom) = middle.splitTop(middle.height * 11 / 20)
            renderRounds(state, run: run, top, into: &buf)
            renderEvents(state, bottom, into: &buf)
        }
        if let logRect { renderLog(state, logRect, into: &buf) }
    }

    // MARK: The round in progress

    static func renderCurrent(_ state: AppState, run: Run, _ rect: Rect, into buf: inout CellBuffer) {
        let rounds = LiveFeature.timelineRounds(state)
        let current = rounds.last { $0.phase == .proposing || $0.phase == .evaluating }
        let title = current.map { "In progress: \($0.shortName)" } ?? "No round in progress"
        let inner = Box.draw(rect, title: title, into: &buf)
        guard !inner.isEmpty else { return }
        for (i, (text, style)) in currentLines(state, run: run, width: inner.width - 1).prefix(inner.height).enumerated() {
            buf.put(text, x: inner.x + 1, y: inner.y + i, style: style, maxWidth: inner.width - 1)
        }
    }

    /// The head box's lines, wrapped to `width`.
    static func currentLines(_ state: AppState, run: Run, width: Int) -> [(String, Style)] {
        let rounds = LiveFeature.timelineRounds(state)
        let current = rounds.last { $0.phase == .proposing || $0.phase == .evaluating }
        var lines: [(String, Style)] = []
        let timeline = state.live.timeline
        if let r = current {
            let t = timeline?.round(id: r.id)
            let since = t?.phaseStart.map { state.now.timeIntervalSince($0) }
            lines.append(("◌ \(r.id)  \(r.phase.rawValue)" + (since.map { " for \(Format.duration(max(0, $0)))" } ?? ""), Style(.accent, bold: true)))
            lines.append((flow(r, t, backbones: run.backbones, now: state.now), .text))
            if let rec = LiveFeature.recordedRun(state) {
                // Not judged for stalls: nobody is writing to it (StallRule.isRecorded).
                if rec.byRecords {
                    lines.append(("◼ Recorded run (a copy, files written at once): records end \(Format.clock(rec.lastChange))", Style(.accent)))
                } else {
                    let why = state.live.timeline?.longestPhase.map { "over 3× the longest phase, \(Format.duration($0))" } ?? "over an hour"
                    lines.append(("◼ Recorded run: no change for \(Format.duration(rec.quietFor)) (\(why))", Style(.accent)))
                }
            } else if let v = LiveFeature.stallVerdict(state) {
                if v.isStalled {
                    lines.append(("⚠ Stalled? \(v.words); warning past \(Format.duration(v.threshold)).", Style(.warning, bold: true)))
                } else {
                    lines.append(("✓ Usual pace: \(v.words); a warning comes past \(Format.duration(v.threshold)).", Style(.correct)))
                }
            } else {
                lines.append(("Measuring phase times…", .dim))
            }
        } else if let last = rounds.last {
            let when = timeline?.round(id: last.id)?.archivedAt.map { ", \(Format.ago($0, now: state.now))" } ?? ""
            let rc = last.evalReturnCode.map { ", return code \($0)" } ?? ""
            lines.append(("Last round: \(last.shortName), \(last.phase.rawValue)\(rc)\(when).", .text))
            lines.append(("A new round shows here as soon as its proposer log folder appears.", .dim))
        } else {
            lines.append(("No rounds yet. A new round shows here as soon as its proposer log folder appears.", .dim))
        }
        // Liveness per source: a working search keeps some part of it moving.
        var foot: [String] = []
        if let t = timeline, !t.sources.isEmpty {
            foot += t.sources.map { "\($0.name) \(Format.ago($0.modifiedAt, now: state.now))" }
        } else if let last = state.snapshot?.lastChange {
            foot.append("last file change \(Format.ago(last, now: state.now))")
        }
        if state.live.log.path != nil { foot.append("eval log \(Format.ago(state.live.log.lastChange, now: state.now))") }
        if let t = timeline { foot.append(t.clock == .files ? "(phase times from file times)" : "(phase times from the run's records)") }
        lines.append(("changed: " + foot.joined(separator: " · "), .dim))
        return lines.flatMap { line in Text.wrap(line.0, width: max(10, width)).map { ($0, line.1) } }
    }

    /// `proposing 11m 07s ─▶ Synth-S ✓ 55.0% @ 12.3k ─▶ Synth-M … ─▶ archive`
    static func flow(_ r: Round, _ t: RoundTimeline?, backbones: [String], now: Date) -> String {
        var parts: [String] = []
        if r.phase == .proposing {
            parts.append("proposing…")
        } else {
            parts.append("proposed" + (t?.duration(of: .proposing).map { " in \(Format.duration($0))" } ?? ""))
        }
        let arrived = t?.arrivals ?? r.results.map { RoundTimeline.Arrival(backbone: $0.backbone, at: $0.modifiedAt, bestAcc: $0.best?.acc, bestCost: $0.best?.cost) }
        for a in arrived {
            parts.append("\(a.backbone) ✓ \(Format.acc(a.bestAcc))% @ \(Format.tokens(a.bestCost))")
        }
        if r.phase == .evaluating {
            let waiting = backbones.filter { b in !arrived.contains { $0.backbone == b } }
            if !waiting.isEmpty { parts.append("waiting for " + waiting.joined(separator: ", ")) }
        }
        parts.append("archive")
        return parts.joined(separator: " ─▶ ")
    }

    // MARK: Timeline of rounds

    static func renderRounds(_ state: AppState, run: Run, _ rect: Rect, into buf: inout CellBuffer) {
        let focused = state.live.focus == .rounds
        let inner = Box.draw(rect, title: "Rounds: phase timeline", focused: focused, into: &buf)
        guard inner.height >= 2 else { return }
        let rounds = LiveFeature.timelineRounds(state)
        let labels = shortLabels(run.backbones)
        let header = "  " + Text.padRight("round", 7) + Text.padRight("phase", 13) + Text.padLeft("proposing", 10)
            + Text.padLeft("evaluating", 11) + "  " + labels.joined(separator: " ") + "  result"
        buf.put(header, x: inner.x, y: inner.y, style: Style(.title, bold: true), maxWidth: inner.width)
        let body = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        guard !rounds.isEmpty else {
            buf.put("  No rounds yet.", x: body.x, y: body.y, style: .dim)
            return
        }
        let selected = state.live.selectedRound.flatMap { id in rounds.firstIndex { $0.id == id } } ?? rounds.count - 1
        let start = max(0, min(selected - body.height / 2, rounds.count - body.height))
        let verdict = LiveFeature.recordedRun(state) == nil ? LiveFeature.stallVerdict(state) : nil
        for (row, i) in (start..<min(rounds.count, start + body.height)).enumerated() {
            let r = rounds[i]
            let t = state.live.timeline?.round(id: r.id)
            let y = body.y + row
            let inProgress = r.phase == .proposing || r.phase == .evaluating
            let phaseStyle: Style = switch r.phase {
            case .archived: Style(.correct)
            case .failed: Style(.wrong, bold: true)
            case .proposing, .evaluating: Style(.accent, bold: true)
            }
            var x = body.x
            x += buf.put(i == selected ? (focused ? "▶ " : "› ") : "  ", x: x, y: y, style: Style(.accent, bold: true))
            x += buf.putPadded(r.shortName, x: x, y: y, width: 7, style: .text)
            x += buf.putPadded("\(glyph(r.phase)) \(r.phase.rawValue)", x: x, y: y, width: 13, style: phaseStyle)
            let elapsed = inProgress ? t?.phaseStart.map { state.now.timeIntervalSince($0) } : nil
            let propose = r.phase == .proposing ? elapsed.map { "+" + Format.duration(max(0, $0)) } : t?.duration(of: .proposing).map(Format.duration)
            let evaluate = r.phase == .evaluating ? elapsed.map { "+" + Format.duration(max(0, $0)) } : t?.duration(of: .evaluating).map(Format.duration)
            let stalled = inProgress && verdict?.isStalled == true && t?.roundID == state.live.timeline?.current?.roundID
            x += buf.putPadded(propose ?? Format.missing, x: x, y: y, width: 10, style: r.phase == .proposing ? (stalled ? Style(.warning, bold: true) : .text) : .dim, alignRight: true)
            x += buf.putPadded(evaluate ?? Format.missing, x: x, y: y, width: 11, style: r.phase == .evaluating ? (stalled ? Style(.warning, bold: true) : .text) : .dim, alignRight: true)
            x += buf.put("  ", x: x, y: y)
            for (b, label) in zip(run.backbones, labels) {
                let has = r.results.contains { $0.backbone == b }
                let mark: (String, Style) = has ? ("✓", Style(.correct)) : r.phase == .evaluating ? ("…", .dim) : r.phase == .failed ? ("✗", Style(.wrong)) : ("·", .dim)
                buf.putPadded(mark.0, x: x, y: y, width: max(1, CharWidth.of(label)), style: mark.1)
                x += max(1, CharWidth.of(label)) + 1
            }
            x += 1
            let result: (String, Style)
            if stalled {
                result = ("⚠ stalled?", Style(.warning, bold: true))
            } else if r.phase == .failed {
                result = (r.evalReturnCode.map { "rc \($0)" } ?? "never archived", Style(.wrong))
            } else if r.phase == .archived {
                result = (r.evalReturnCode.map { "rc \($0)" } ?? "archived", .dim)
            } else {
                result = ("running", .dim)
            }
            if x < body.maxX { buf.put(result.0, x: x, y: y, style: result.1, maxWidth: body.maxX - x) }
            if i == selected && focused { buf.restyle(Rect(x: body.x, y: y, width: 2, height: 1)) { $0.with(bold: true) } }
        }
    }

    static func glyph(_ p: Round.Phase) -> String {
        switch p {
        case .proposing, .evaluating: "◌"
        case .archived: "✓"
        case .failed: "✗"
        }
    }

    /// Backbone names without their common prefix (`Synth-S` -> `S`, `Qwen3-0.6B` -> `0.6B`), at most 8 columns.
    static func shortLabels(_ names: [String]) -> [String] {
        guard names.count > 1 else { return names.map { Text.truncate($0, to: 8) } }
        var prefix = names[0]
        for n in names.dropFirst() { while !n.hasPrefix(prefix) { prefix.removeLast() } }
        // Cut only at a separator, so `Qwen3-4B` and `Qwen3-8B` keep their sizes whole.
        while let last = prefix.last, !"-_./ ".contains(last) { prefix.removeLast() }
        return names.map { n in
            let rest = String(n.dropFirst(prefix.count))
            return Text.truncate(rest.isEmpty ? n : rest, to: 8)
        }
    }

    // MARK: Events

    static func renderEvents(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        let events = LiveFeature.visibleEvents(state)
        let filter = state.live.filter.text
        var title = "Events (newest first)"
        if !filter.isEmpty { title += " · filter: \(filter)" }
        if state.live.eventsScroll > 0 { title += " · \(state.live.eventsScroll) newer above" }
        let inner = Box.draw(rect, title: title, focused: state.live.focus == .events, into: &buf)
        guard !inner.isEmpty else { return }
        if events.isEmpty {
            buf.put(filter.isEmpty ? "Nothing yet." : "No event matches the filter.", x: inner.x + 1, y: inner.y, style: .dim)
            return
        }
        for (row, e) in events.dropFirst(state.live.eventsScroll).prefix(inner.height).enumerated() {
            let y = inner.y + row
            var x = inner.x + 1
            x += buf.put(Format.time(e.at) + " ", x: x, y: y, style: .dim)
            x += buf.putPadded(e.round ?? "", x: x, y: y, width: 7, style: Style(.text, bold: true)) + 1
            let style: Style = switch e.kind {
            case .failed, .removed: Style(.wrong)
            case .archived: Style(.correct)
            case .results: Style(.accent)
            case .watching, .note: .dim
            case .started, .proposed: .text
            }
            buf.put(e.text, x: x, y: y, style: style, maxWidth: inner.maxX - x)
            // With the feed focused, the top event is the one Enter opens.
            if row == 0 && state.live.focus == .events {
                buf.put("▶", x: inner.x, y: y, style: Style(.accent, bold: true))
            }
        }
    }

    // MARK: Evaluator log

    static func renderLog(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        let log = state.live.log
        var title = "Evaluator log: \(log.path ?? "")"
        if state.live.logScroll > 0 { title += " · scrolled back \(state.live.logScroll) lines (G follows)" }
        let inner = Box.draw(rect, title: title, focused: state.live.focus == .log, into: &buf)
        guard !inner.isEmpty else { return }
        var lines: [StyledLine] = log.lines.map { StyledLine($0) }
        if let p = log.partial { lines.append(StyledLine(p, Style(.accent))) }
        var height = inner.height
        if let note = log.note {
            buf.put("note: " + note, x: inner.x + 1, y: inner.maxY - 1, style: .dim, maxWidth: inner.width - 1)
            height -= 1
        }
        guard height > 0 else { return }
        if lines.isEmpty {
            buf.put("Nothing written yet.", x: inner.x + 1, y: inner.y, style: .dim)
            return
        }
        let end = max(0, lines.count - state.live.logScroll)
        let shown = lines[max(0, end - height)..<end]
        for (row, line) in shown.enumerated() {
            buf.put(line.text, x: inner.x + 1, y: inner.y + row, style: line.style, maxWidth: inner.width - 1)
        }
    }
}
