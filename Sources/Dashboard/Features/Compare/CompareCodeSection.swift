import Foundation
import Runs

/// The code diff: the two rounds' controller sources (`method.py`) and proposal summaries as
/// coloured unified diffs, then the configuration schedules side by side. Says plainly when a
/// round ships no source (the published AutoTTS rounds do not).
enum CompareCodeSection {
    static func code(_ m: CompareModel) -> CodeComparison {
        CodeComparison.make(run: m.run, old: m.sides[m.baseline], new: m.sides[m.other], backbone: m.backbone, benchmark: m.benchmark)
    }

    static func lines(_ s: AppState, _ m: CompareModel, width: Int) -> [RichLine] {
        guard m.sides.count >= 2 else { return [RichLine("Mark a second round to diff against.", .dim)] }
        let c = code(m)
        var out: [RichLine] = []
        out.append(RichLine([("\(c.oldLabel) → \(c.newLabel)", Style(.text, bold: true)),
                             ("   (baseline → the next side; p pins another baseline; n/N jump between changes)", .dim)]))
        out.append(RichLine(""))
        out += section("Controller source (method.py)", diff: c.sourceDiff, note: c.sourceNote,
                       names: (path(c.oldSourcePath, m) ?? "\(c.oldLabel)/method.py", path(c.newSourcePath, m) ?? "\(c.newLabel)/method.py"),
                       wrapWidth: width - 2)
        out.append(RichLine(""))
        out += section("Proposal summary", diff: c.summaryDiff, note: c.summaryNote, names: ("\(c.oldLabel) summary", "\(c.newLabel) summary"), wrapWidth: width - 2)
        out.append(RichLine(""))
        out.append(RichLine("Configuration schedule on \(m.backbone) / \(m.benchmark) (knobs each configuration sets, from the results CSV)", Style(.title, bold: true)))
        if let note = c.scheduleNote {
            out.append(RichLine("  " + note, .dim))
        } else if let t = c.scheduleSideBySide {
            out.append(RichLine("  \(t.changedCount) value\(t.changedCount == 1 ? "" : "s") of \(t.shared.count) shared knob\(t.shared.count == 1 ? "" : "s") differ (old→new)", .text))
            if !t.onlyOld.isEmpty { out.append(RichLine("  only \(c.oldLabel): " + t.onlyOld.joined(separator: ", "), Style(.wrong))) }
            if !t.onlyNew.isEmpty { out.append(RichLine("  only \(c.newLabel): " + t.onlyNew.joined(separator: ", "), Style(.correct))) }
            if t.unmatchedOld + t.unmatchedNew > 0 {
                out.append(RichLine("  evaluated by one round only (not compared): \(c.oldLabel) \(t.unmatchedOld), \(c.newLabel) \(t.unmatchedNew)", .dim))
            }
            if !t.shared.isEmpty {
                let cfgW = max(13, (t.rows.map { CharWidth.of($0.configuration) }.max() ?? 0) + 1)
                let widths = t.shared.enumerated().map { k, name in
                    max(CharWidth.of(name), t.rows.map { CharWidth.of(ScheduleSideBySide.cell($0.values[k])) }.max() ?? 0) + 2
                }
                var header: [(String, Style)] = [("  " + Text.padRight("configuration", cfgW), .title)]
                for (k, name) in t.shared.enumerated() { header.append((Text.padLeft(name, widths[k]), .title)) }
                out.append(RichLine(header))
                for r in t.rows {
                    var pieces: [(String, Style)] = [("  " + Text.padRight(r.configuration, cfgW), .text)]
                    for (k, v) in r.values.enumerated() {
                        pieces.append((Text.padLeft(ScheduleSideBySide.cell(v), widths[k]), v.old == v.new ? .dim : Style(.warning, bold: true)))
                    }
                    out.append(RichLine(pieces))
                }
            }
        }
        return out
    }

    static func path(_ p: String?, _ m: CompareModel) -> String? {
        guard let p else { return nil }
        let root = m.run.layout.root.hasSuffix("/") ? m.run.layout.root : m.run.layout.root + "/"
        return p.hasPrefix(root) ? String(p.dropFirst(root.count)) : p
    }

    static func section(_ title: String, diff: UnifiedDiff?, note: String?, names: (String, String), wrapWidth: Int) -> [RichLine] {
        var out: [RichLine] = []
        if let d = diff, !d.isEmpty {
            out.append(RichLine([(title, Style(.title, bold: true)), ("  +\(d.added)", Style(.correct, bold: true)), (" -\(d.removed)", Style(.wrong, bold: true))]))
            out.append(RichLine("--- " + names.0, Style(.wrong, bold: true)))
            out.append(RichLine("+++ " + names.1, Style(.correct, bold: true)))
            for h in d.hunks {
                out.append(RichLine(h.header, Style(.accent)))
                for l in h.lines {
                    let (mark, style): (String, Style) = switch l.kind {
                    case .context: (" ", .text)
                    case .removed: ("-", Style(.wrong))
                    case .added: ("+", Style(.correct))
                    }
                    // Long lines wrap; a continuation keeps its +/- column, marked with "…".
                    let parts = wrapWidth > 20 && CharWidth.of(l.text) > wrapWidth ? chunks(l.text, wrapWidth) : [l.text]
                    for (k, p) in parts.enumerated() { out.append(RichLine((k == 0 ? mark : "…") + p, style)) }
                }
            }
        } else {
            out.append(RichLine(title, Style(.title, bold: true)))
            out.append(RichLine("  " + (note ?? "no difference"), note?.hasPrefix("no ") == true ? Style(.warning) : .dim))
        }
        return out
    }

    /// Cuts a line into pieces of at most `width` columns.
    static func chunks(_ text: String, _ width: Int) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in text {
            if CharWidth.of(current + String(ch)) > width {
                out.append(current)
                current = ""
            }
            current.append(ch)
        }
        out.append(current)
        return out
    }

    /// Line indexes of the hunk headers and section titles (for n/N).
    static func hunkStarts(_ s: AppState) -> [Int] {
        guard let m = CompareModel.make(s), !m.backbone.isEmpty else { return [] }
        return lines(s, m, width: s.width - 2).enumerated().filter { $0.element.text.hasPrefix("@@ ") }.map(\.offset)
    }
}
