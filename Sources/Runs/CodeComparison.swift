import Foundation

/// What changed between two rounds' proposals: the controller source (`method.py`), the agent's
/// summary, and the configuration schedule each exports. Each part says plainly when a round
/// does not ship it (the published AutoTTS rounds ship no `method.py`).
public struct CodeComparison: Sendable, Equatable {
    public var oldLabel: String
    public var newLabel: String
    /// nil when either side has no source; `sourceNote` says which.
    public var sourceDiff: UnifiedDiff?
    public var sourceNote: String?
    public var oldSourcePath: String?
    public var newSourcePath: String?
    public var summaryDiff: UnifiedDiff?
    public var summaryNote: String?
    public var oldSchedule: ConfigurationSchedule?
    public var newSchedule: ConfigurationSchedule?
    public var scheduleNote: String?

    public static func make(run: Run, old: CompareSide, new: CompareSide, backbone: String, benchmark: String) -> CodeComparison {
        let a = run.round(id: old.roundID), b = run.round(id: new.roundID)
        var c = CodeComparison(oldLabel: old.label, newLabel: new.label)
        c.oldSourcePath = a?.controllerSourcePath
        c.newSourcePath = b?.controllerSourcePath
        (c.sourceDiff, c.sourceNote) = diff(a?.controllerSource, b?.controllerSource, what: "controller source (method.py)",
                                            missingWhy: a?.kind == .seedBaseline || b?.kind == .seedBaseline
                                                ? "seed baselines are built-in controllers, not a proposal" : "not shipped with the round",
                                            old: old.label, new: new.label)
        (c.summaryDiff, c.summaryNote) = diff(a?.proposalSummary.map(sentences), b?.proposalSummary.map(sentences), what: "proposal summary",
                                              missingWhy: "no proposal_result.json", old: old.label, new: new.label)
        // A seed baseline's extra columns are a built-in's fixed parameters, not a schedule.
        if a?.kind == .seedBaseline || b?.kind == .seedBaseline {
            c.scheduleNote = "seed baselines are built-in controllers with fixed parameters: no schedule to compare"
            return c
        }
        c.oldSchedule = ConfigurationSchedule.make(rows: old.rows(in: run, backbone: backbone, benchmark: benchmark))
        c.newSchedule = ConfigurationSchedule.make(rows: new.rows(in: run, backbone: backbone, benchmark: benchmark))
        switch (c.oldSchedule, c.newSchedule) {
        case (nil, nil): c.scheduleNote = "neither round's results export a configuration schedule on \(backbone) / \(benchmark)"
        case (nil, _): c.scheduleNote = "\(old.label) exports no configuration schedule on \(backbone) / \(benchmark)"
        case (_, nil): c.scheduleNote = "\(new.label) exports no configuration schedule on \(backbone) / \(benchmark)"
        default: break
        }
        return c
    }

    /// A summary with one sentence per line: agents write a summary as one paragraph, and a
    /// line diff of one long line says only "everything changed".
    public static func sentences(_ text: String) -> String {
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            let chars = Array(paragraph)
            for (i, ch) in chars.enumerated() {
                current.append(ch)
                let end = ch == "." || ch == "!" || ch == "?" || ch == ";"
                if end, i + 1 < chars.count, chars[i + 1] == " " {
                    out.append(current.trimmingCharacters(in: .whitespaces))
                    current = ""
                }
            }
            out.append(current.trimmingCharacters(in: .whitespaces))
        }
        return out.joined(separator: "\n")
    }

    init(oldLabel: String, newLabel: String) {
        self.oldLabel = oldLabel
        self.newLabel = newLabel
    }

    static func diff(_ a: String?, _ b: String?, what: String, missingWhy: String, old: String, new: String) -> (UnifiedDiff?, String?) {
        switch (a, b) {
        case let (x?, y?):
            let d = UnifiedDiff.make(old: x, new: y)
            return (d, d.isEmpty ? "the \(what) is identical in \(old) and \(new)" : nil)
        case (nil, nil): return (nil, "no \(what) for \(old) or \(new): \(missingWhy)")
        case (nil, _): return (nil, "no \(what) for \(old): \(missingWhy); nothing to diff against")
        case (_, nil): return (nil, "no \(what) for \(new): \(missingWhy); nothing to diff against")
        }
    }

    /// The two schedules side by side: knobs only one round has, and for the knobs both have,
    /// each configuration's pair of values. nil when either schedule is missing.
    public var scheduleSideBySide: ScheduleSideBySide? {
        guard let o = oldSchedule, let n = newSchedule else { return nil }
        let shared = o.columns.filter { n.columns.contains($0) }
        // Only configurations both evaluated: one evaluated only by one round is not a change.
        let configs = o.rows.map(\.configuration).filter { n.values(for: $0) != nil }
        let rows = configs.map { cfg in
            (configuration: cfg, values: shared.map { k in (old: o.values(for: cfg)?[k], new: n.values(for: cfg)?[k]) })
        }
        return ScheduleSideBySide(onlyOld: o.columns.filter { !shared.contains($0) }, onlyNew: n.columns.filter { !shared.contains($0) },
                                  shared: shared, rows: rows,
                                  unmatchedOld: o.rows.count - configs.count, unmatchedNew: n.rows.count - configs.count)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.oldLabel == b.oldLabel && a.newLabel == b.newLabel && a.sourceDiff == b.sourceDiff && a.sourceNote == b.sourceNote
            && a.summaryDiff == b.summaryDiff && a.summaryNote == b.summaryNote && a.oldSchedule == b.oldSchedule && a.newSchedule == b.newSchedule
    }
}

/// Two configuration schedules side by side (see `CodeComparison.scheduleSideBySide`).
public struct ScheduleSideBySide: Sendable {
    public var onlyOld: [String]
    public var onlyNew: [String]
    /// Knobs both export, in the old schedule's column order.
    public var shared: [String]
    /// Per configuration, the (old, new) value of each shared knob.
    public var rows: [(configuration: String, values: [(old: String?, new: String?)])]
    /// Configurations only one round evaluated (left out of `rows`).
    public var unmatchedOld: Int
    public var unmatchedNew: Int

    /// How many (configuration, knob) values differ.
    public var changedCount: Int { rows.reduce(0) { $0 + $1.values.filter { $0.old != $0.new }.count } }

    /// `6→5` when the value changed, `6` when not, `-` when missing on both.
    public static func cell(_ v: (old: String?, new: String?)) -> String {
        if v.old == v.new { return v.old ?? "-" }
        return "\(v.old ?? "-")→\(v.new ?? "-")"
    }
}
