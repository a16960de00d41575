import Foundation

/// What to do when the round name asked for is taken.
public enum ClashPolicy: Sendable, Equatable {
    /// Fail with a message (the command line: exit code 2).
    case refuse
    /// Take the next free name (the dashboard: a second launch never fails for its name).
    case nextFree
}

/// Names a launched round so the run lists it as a round in order: `r<NNNN>_<date>_<time>_<hex>`
/// like the workflow's archived rounds, or `r<NNNN>_<label>` for a label the user gives, or a
/// round id (`r0012`, `r0012_cmc_sweep`) used as given. `NNNN` is one past the highest round
/// index anywhere in the run (history, published history, proposer logs, rounds being staged).
public enum RoundNamer {
    /// The names a user may give: a round id `r<digits>[_…]`, or a label of letters, digits, `.`, `_`, `-`.
    public static func validate(_ name: String) throws(PlanError) {
        guard !name.isEmpty else { throw PlanError("--as-round: the round name is empty", part: .roundName) }
        guard name.count <= 80 else { throw PlanError("--as-round \(name): longer than 80 characters", part: .roundName) }
        guard !name.hasPrefix("."), name.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw PlanError("--as-round \(name): use letters, digits, '.', '_' or '-' (no '/', spaces, or a leading '.')", part: .roundName)
        }
    }

    static let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")

    /// Picks the round id for `requested` (nil or "auto": a time-stamped id).
    public static func resolve(_ requested: String?, existing: [String], policy: ClashPolicy, now: Date = Date(),
                               hex: () -> String = randomHex) throws(PlanError) -> String {
        let next = (existing.compactMap { RoundNaming.parse($0)?.index }.max() ?? -1) + 1
        guard let requested, !requested.isEmpty, requested.lowercased() != "auto" else {
            return String(format: "r%04d_", next) + stamp(now) + "_" + hex()
        }
        try validate(requested)
        if let parsed = RoundNaming.parse(requested) {
            // A round id: as given, unless it (or its index) is taken.
            let indexTaken = existing.contains { RoundNaming.parse($0)?.index == parsed.index }
            if !existing.contains(requested) && !indexTaken { return requested }
            if policy == .refuse {
                let what = existing.contains(requested) ? "round '\(requested)' already exists" : "round index r\(String(format: "%04d", parsed.index)) is taken"
                throw PlanError("--as-round \(requested): \(what) in this run; choose another name (the next free index is r\(String(format: "%04d", next)))", part: .roundName)
            }
            let rest = requested.split(separator: "_", maxSplits: 1).dropFirst().first.map { "_" + $0 } ?? ""
            return String(format: "r%04d", next) + rest
        }
        // A label: r<next>_<label>, unless a round already carries that label.
        let labels = Set(existing.compactMap(label))
        var chosen = requested
        if labels.contains(requested) {
            if policy == .refuse {
                throw PlanError("--as-round \(requested): a round named '\(requested)' already exists in this run; choose another name", part: .roundName)
            }
            var k = 2
            while labels.contains("\(requested)-\(k)") { k += 1 }
            chosen = "\(requested)-\(k)"
        }
        return String(format: "r%04d_", next) + chosen
    }

    /// `cmc_sweep` for `r0007_cmc_sweep`; nil for time-stamped ids and plain `rNNNN`.
    static func label(_ id: String) -> String? {
        guard let parsed = RoundNaming.parse(id), parsed.timestamp == nil,
              let underscore = id.firstIndex(of: "_") else { return nil }
        return String(id[id.index(after: underscore)...])
    }

    /// `20260302_110211`, local time, as the workflow stamps its rounds.
    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd_HHmmss"
        return f.string(from: date)
    }

    public static func randomHex() -> String {
        String(format: "%08x", UInt32.random(in: 0...UInt32.max))
    }
}
