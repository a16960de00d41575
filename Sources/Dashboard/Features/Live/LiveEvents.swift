import Foundation
import Runs

/// The event feed, derived from the difference between two loads of the run: rounds that
/// appeared, changed phase or were removed; results that arrived for a round in progress
/// (with their best Acc and Cost); return codes recorded. A pure function, tested on its own.
public enum LiveEvents {
    /// Events kept in the feed; older ones are dropped.
    public static let limit = 500

    /// The events between `old` and `new`, seen at `at`.
    public static func diff(from old: Run, to new: Run, at: Date) -> [LiveEvent] {
        var out: [LiveEvent] = []
        let oldByID = Dictionary(old.rounds.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for r in new.rounds {
            guard let before = oldByID[r.id] else {
                out += appeared(r, at: at)
                continue
            }
            if before.phase != r.phase { out.append(phaseChanged(r, from: before.phase, at: at)) }
            else if before.evalReturnCode != r.evalReturnCode, let rc = r.evalReturnCode, rc != 0 {
                // The index row comes a moment after the archive's rename; a clean one adds
                // nothing to "archived", a failing one is news.
                out.append(LiveEvent(at: at, kind: .failed, round: r.shortName, text: "return code \(rc) recorded"))
            }
            if r.kind != .archived && r.kind != .seedBaseline {
                out += arrivals(r, before: before.results, at: at)
            }
        }
        let newIDs = Set(new.rounds.map(\.id))
        for r in old.rounds where !newIDs.contains(r.id) {
            // A live round that reappears archived keeps its id; anything else vanished.
            out.append(LiveEvent(at: at, kind: .removed, round: r.shortName, text: "no longer on disk"))
        }
        return out
    }

    /// The first line of the feed.
    public static func watching(_ run: Run, at: Date) -> LiveEvent {
        let rounds = run.rounds.filter { $0.kind == .archived || $0.kind == .live }
        var text = "watching \(rounds.count) round\(rounds.count == 1 ? "" : "s")"
        if let current = rounds.last(where: { $0.phase == .proposing || $0.phase == .evaluating }) {
            text += "; \(current.shortName) is \(current.phase.rawValue)"
            if current.phase == .evaluating {
                text += " (\(backbonesIn(current)) of \(run.backbones.count) backbones in)"
            }
        } else if let last = rounds.last {
            text += "; none in progress (last: \(last.shortName), \(last.phase.rawValue))"
        }
        return LiveEvent(at: at, kind: .watching, text: text)
    }

    static func backbonesIn(_ r: Round) -> Int { Set(r.results.map(\.backbone)).count }

    static func appeared(_ r: Round, at: Date) -> [LiveEvent] {
        switch r.kind {
        case .archived:
            return [archivedEvent(r, at: at)]
        case .live:
            var out = [LiveEvent(at: at, kind: .started, round: r.shortName, text: "round started (\(r.phase.rawValue))")]
            out += arrivals(r, before: [], at: at)
            return out
        case .seedBaseline, .heldOut, .results:
            return [LiveEvent(at: at, kind: .results, round: r.shortName, text: "results appeared (\(r.results.count) sets)")]
        }
    }

    static func phaseChanged(_ r: Round, from: Round.Phase, at: Date) -> LiveEvent {
        switch r.phase {
        case .proposing:
            return LiveEvent(at: at, kind: .started, round: r.shortName, text: "back to proposing (was \(from.rawValue))")
        case .evaluating:
            var text = "proposal written; evaluating"
            if let s = r.proposalSummary { text += ": " + oneLine(gist(s), 80) }
            return LiveEvent(at: r.proposedAt.map { min($0, at) } ?? at, kind: .proposed, round: r.shortName, text: text)
        case .archived, .failed:
            return archivedEvent(r, at: at)
        }
    }

    static func archivedEvent(_ r: Round, at: Date) -> LiveEvent {
        let rc = r.evalReturnCode.map { "return code \($0)" }
        if r.phase == .failed {
            let why = r.kind == .live ? "never archived" : rc ?? "no return code recorded"
            return LiveEvent(at: at, kind: .failed, round: r.shortName, text: "failed (\(why))")
        }
        return LiveEvent(at: at, kind: .archived, round: r.shortName, text: rc.map { "archived (\($0))" } ?? "archived")
    }

    /// Result sets that are new or changed since `before`.
    static func arrivals(_ r: Round, before: [ResultSet], at: Date) -> [LiveEvent] {
        var out: [LiveEvent] = []
        // In the order they were written, when a load finds several.
        let sets = r.results.sorted { a, b in
            (a.modifiedAt ?? .distantPast, a.backbone, a.benchmark) < (b.modifiedAt ?? .distantPast, b.backbone, b.benchmark)
        }
        for set in sets {
            let old = before.first { $0.backbone == set.backbone && $0.benchmark == set.benchmark }
            if let old, old.rows == set.rows { continue }
            let best = set.best
            var text = "\(set.backbone) results \(old == nil ? "in" : "updated")"
            if let b = best {
                text += ": best \(Format.acc(b.acc))% at \(Format.tokens(b.cost)) tokens (\(b.configuration.shortLabel))"
            }
            text += "; \(set.rows.count) configs on \(set.benchmark)"
            out.append(LiveEvent(at: at, kind: .results, round: r.shortName, text: text))
        }
        return out
    }

    /// What a proposal summary says, for a one-line event: markdown headings and a leading
    /// all-capitals label sentence ("SYNTHETIC SUMMARY (…).") dropped, and a "Proposal:" label.
    static func gist(_ summary: String) -> String {
        var lines = summary.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        lines.removeAll { $0.isEmpty || $0.hasPrefix("#") }
        var text = lines.joined(separator: " ").replacingOccurrences(of: "**", with: "")
        // A label sentence: no lower-case letter outside its parentheses.
        if let end = text.range(of: ". ") {
            let first = text[..<end.lowerBound]
            var depth = 0, lower = false
            for c in first { if c == "(" { depth += 1 } else if c == ")" { depth -= 1 } else if depth == 0 && c.isLowercase { lower = true; break } }
            if !lower { text = String(text[end.upperBound...]) }
        }
        if let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 16,
           text[..<colon].allSatisfy({ $0.isLetter || $0 == " " }) {
            text = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return text.isEmpty ? summary : text
    }

    static func oneLine(_ s: String, _ limit: Int) -> String {
        let flat = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }

    /// Appends events, dropping the oldest beyond `limit`.
    public static func append(_ new: [LiveEvent], to events: inout [LiveEvent]) {
        events += new
        if events.count > limit { events.removeFirst(events.count - limit) }
    }
}
