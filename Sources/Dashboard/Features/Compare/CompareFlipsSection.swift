import Foundation
import ReplayCore
import Runs

/// Per-question flips: questions one round answers correctly and the other wrongly at one
/// configuration, as rates over the seeds both traces hold, with the cost difference. Enter
/// opens both rows of the selected question, one above the other.
enum CompareFlipsSection {
    static func render(_ s: AppState, _ m: CompareModel, _ rect: Rect, into buf: inout CellBuffer) {
        let f = s.compare.flips
        guard m.sides.count >= 2 else {
            buf.put("Mark a second round to compare questions.", x: rect.x + 1, y: rect.y + 1, style: .dim)
            return
        }
        let old = m.sides[m.baseline].label, new = m.sides[m.other].label
        var y = rect.y
        switch f.status {
        case .idle, .loading:
            buf.put("Reading the traces of \(old) and \(new) on \(m.backbone) / \(m.benchmark)…", x: rect.x + 1, y: y, style: .dim, maxWidth: rect.width - 2)
            return
        case .failed(let why):
            buf.put("No per-question flips:", x: rect.x + 1, y: y, style: Style(.warning, bold: true))
            let lines = Text.wrap(why, width: rect.width - 4)
            for (k, l) in lines.enumerated() { buf.put(l, x: rect.x + 3, y: y + 1 + k, style: .text, maxWidth: rect.width - 4) }
            return
        case .ready: break
        }
        guard let result = f.result else { return }
        let cfg = f.configurations.indices.contains(f.configuration) ? f.configurations[f.configuration] : "?"
        var x = rect.x + 1
        x += buf.put("At ", x: x, y: y, style: .dim)
        x += buf.put("‹\(cfg)›", x: x, y: y, style: Style(.accent, bold: true))
        x += buf.put(" \(f.configuration + 1)/\(f.configurations.count) (,/. change)   ", x: x, y: y, style: .dim)
        x += buf.put("\(result.seeds.count) seed\(result.seeds.count == 1 ? "" : "s") × \(result.questions.count) questions:  ", x: x, y: y, style: .text)
        x += buf.put("\(result.totalOnlyA) right only in \(old)", x: x, y: y, style: Style(CompareView.look(m.baseline).role, bold: true))
        x += buf.put(", ", x: x, y: y, style: .dim)
        buf.put("\(result.totalOnlyB) right only in \(new)", x: x, y: y, style: Style(CompareView.look(m.other).role, bold: true), maxWidth: max(0, rect.maxX - x))
        y += 1
        if result.unmatchedA + result.unmatchedB > 0 {
            buf.put("rows in one trace only (not compared): \(old) \(result.unmatchedA), \(new) \(result.unmatchedB)", x: rect.x + 1, y: y, style: .dim, maxWidth: rect.width - 2)
            y += 1
        }
        let flipped = result.flipped
        let body = Rect(x: rect.x, y: y + 1, width: rect.width, height: rect.maxY - y - 1)
        guard !flipped.isEmpty else {
            buf.put("No question flips: on every seed both rounds are right or both wrong.", x: rect.x + 1, y: body.y, style: Style(.correct), maxWidth: rect.width - 2)
            return
        }
        let (tableRect, detailRect) = f.detailOpen ? body.splitTop(min(flipped.count + 2, max(4, body.height / 4))) : (body, Rect(x: 0, y: 0, width: 0, height: 0))
        let columns = [TableColumn("Question", width: 9, alignRight: true), TableColumn("\(Text.truncate(old, to: 8)) right", width: 14, alignRight: true),
                       TableColumn("\(Text.truncate(new, to: 8)) right", width: 14, alignRight: true), TableColumn("flip rate", width: 10, alignRight: true),
                       TableColumn("flips", width: 12), TableColumn("cost \(Text.truncate(old, to: 8))", width: 14, alignRight: true),
                       TableColumn("cost \(Text.truncate(new, to: 8))", width: 14, alignRight: true), TableColumn("Δ cost", width: 10, alignRight: true)]
        let rows = flipped.map { q -> [TableCell] in
            let dir = q.onlyB > q.onlyA ? "→ \(Text.truncate(new, to: 8))" : (q.onlyA > q.onlyB ? "← \(Text.truncate(old, to: 8))" : "both ways")
            return [TableCell(Format.question(q.index)),
                    TableCell("\(q.correctA)/\(q.seeds)", q.onlyA > 0 ? Style(.correct) : .text),
                    TableCell("\(q.correctB)/\(q.seeds)", q.onlyB > 0 ? Style(.correct) : .text),
                    TableCell(String(format: "%.0f%%", q.flipRate * 100), Style(.text, bold: true)),
                    TableCell(dir, .dim),
                    TableCell(q.meanCostA.map { NumberText.cost($0) } ?? Format.missing),
                    TableCell(q.meanCostB.map { NumberText.cost($0) } ?? Format.missing),
                    TableCell(q.costDelta.map { CompareText.signedCost($0) } ?? Format.missing, CompareTableSection.deltaStyle(q.costDelta, higherIsBetter: false))]
        }
        TableWidget.render(columns: columns, rows: rows, selected: min(f.selected, flipped.count - 1), tableRect, into: &buf)
        if f.detailOpen {
            FlipDetailPane.render(f, question: flipped[min(f.selected, flipped.count - 1)], configuration: cfg, detailRect, into: &buf)
        } else if tableRect.height > flipped.count + 2 {
            buf.put("Enter: both rounds' rows of the selected question, one above the other", x: rect.x + 1, y: tableRect.y + flipped.count + 2, style: .dim, maxWidth: rect.width - 2)
        }
    }
}

/// Both rounds' rows of one question at the first seed where they disagree: answer, gold,
/// cost, branches, stop reason; under each, the room its branch timeline will take.
enum FlipDetailPane {
    static func render(_ f: FlipsState, question: QuestionFlips.Question, configuration: String, _ rect: Rect, into buf: inout CellBuffer) {
        let seed = question.firstFlipSeed.map(String.init) ?? "?"
        let inner = Box.draw(rect, title: "Question \(Format.question(question.index)) at \(configuration), seed \(seed)   (Esc closes)", focused: true, into: &buf)
        switch f.detailStatus {
        case .idle, .loading:
            buf.put("Reading both rows…", x: inner.x + 1, y: inner.y, style: .dim)
            return
        case .failed(let why):
            buf.put(why, x: inner.x + 1, y: inner.y, style: Style(.warning), maxWidth: inner.width - 2)
            return
        case .ready: break
        }
        guard f.detail.count == 2 else { return }
        let halves = inner.rows(2, gap: 1)
        var timelineRects: [Rect] = []
        for (row, half) in zip(f.detail, halves) {
            timelineRects.append(renderRow(row, half, into: &buf))
        }
        renderTimelines(f.detailTimelines, rects: timelineRects, into: &buf)
    }

    /// Draws one row's facts; returns the rect left below them for its timeline.
    static func renderRow(_ r: FlipRowSummary, _ rect: Rect, into buf: inout CellBuffer) -> Rect {
        guard rect.height > 0 else { return rect }
        var x = rect.x + 1
        let verdict = r.isCorrect == true ? "✓ correct" : (r.isCorrect == false ? "✗ wrong" : "? not recorded")
        x += buf.put(r.side, x: x, y: rect.y, style: Style(.text, bold: true))
        x += buf.put("  " + verdict, x: x, y: rect.y, style: r.isCorrect == true ? Style(.correct, bold: true) : Style(.wrong, bold: true))
        buf.put("   line \(r.line)", x: x, y: rect.y, style: .dim, maxWidth: max(0, rect.maxX - x))
        let facts = "answer \(r.answer ?? "not recorded")   gold \(r.gold ?? "not recorded")   cost \(r.cost.map { NumberText.cost(Double($0)) } ?? Format.missing) tokens"
        if rect.height > 1 { buf.put(facts, x: rect.x + 3, y: rect.y + 1, style: .text, maxWidth: rect.width - 4) }
        let branches = r.branches.map { "\($0) branches opened, \(r.intervalsRead ?? 0) reads" } ?? "branches: no action log in this row"
        let more = "\(branches)   \(r.steps) steps   stop: \(r.stopReason ?? "not recorded")"
        if rect.height > 2 { buf.put(more, x: rect.x + 3, y: rect.y + 2, style: .dim, maxWidth: rect.width - 4) }
        return Rect(x: rect.x + 3, y: rect.y + 3, width: max(0, rect.width - 4), height: max(0, rect.height - 3))
    }

    /// The two rows' branch timelines at the controllers' answers, one above the other, drawn
    /// by the Trace view's widget (the legend once, under the second).
    static func renderTimelines(_ timelines: [QuestionTimeline], rects: [Rect], into buf: inout CellBuffer) {
        for (i, (t, rect)) in zip(timelines, rects).enumerated() where rect.height > 0 {
            let options = TimelineWidget.Options(header: false, legend: i == timelines.count - 1)
            TimelineWidget.render(t, step: t.lastStep, options: options, rect, into: &buf)
        }
    }
}
