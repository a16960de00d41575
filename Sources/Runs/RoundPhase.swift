import Foundation

/// Reading a round's identity and phase from names and files alone
/// (`docs/run-layout.md`, "A round goes through phases").
enum RoundNaming {
    /// `r0003_20260416_214416_01c8f9c6` → (3, "20260416_214416"); `r0004` → (4, nil); else nil.
    static func parse(_ id: String) -> (index: Int, timestamp: String?)? {
        let parts = id.split(separator: "_", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count >= 2, first.first == "r" || first.first == "R",
              first.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }), let index = Int(first.dropFirst()) else { return nil }
        if parts.count >= 3, parts[1].count == 8, parts[2].count == 6,
           (parts[1] + parts[2]).allSatisfy({ $0.isASCII && $0.isNumber }) {
            return (index, "\(parts[1])_\(parts[2])")
        }
        return (index, nil)
    }

    /// `20260416_214416` read as local time.
    static func date(_ stamp: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd_HHmmss"
        return f.date(from: stamp)
    }

    /// `20260416_214416` → `2026-04-16 21:44:16`.
    static func display(_ stamp: String) -> String {
        let c = Array(stamp)
        guard c.count == 15 else { return stamp }
        return "\(String(c[0..<4]))-\(String(c[4..<6]))-\(String(c[6..<8])) \(String(c[9..<11])):\(String(c[11..<13])):\(String(c[13..<15]))"
    }
}

/// The phase rules, as a pure function of what exists (tested on every combination).
enum PhaseRule {
    /// - Parameters:
    ///   - archived: the round has a `history/<id>` (or published) folder.
    ///   - returnCode: its `eval_returncode` from `workflow_index.jsonl`, if listed.
    ///   - proposalWritten: `.workflow_logs/<id>/proposal_result.json` exists.
    ///   - hasLiveResults: `training_results/` holds result files for this round.
    static func phase(archived: Bool, returnCode: Int?, proposalWritten: Bool, hasLiveResults: Bool) -> Round.Phase {
        if archived { return (returnCode ?? 0) != 0 ? .failed : .archived }
        if proposalWritten || hasLiveResults { return .evaluating }
        return .proposing
    }
}

/// `r0007` for `r0007_20261129_101010_0badcafe`; any other id as it is (status lines).
public enum RoundLabel {
    public static func short(_ id: String) -> String {
        let parts = id.split(separator: "_")
        if parts.count == 4, parts[1].count == 8, parts[2].count == 6 { return String(parts[0]) }
        return id
    }
}
