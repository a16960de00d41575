import Foundation

/// The offline proposer shipped with ttsdash (`ttsdash demo-proposer`): deterministic, no model.
/// Each search round it either copies the next of a list of controller files into place
/// (`walk`), or warps the β schedule of a CMC-style controller (`b = b ** γ` after its clamp of
/// β, γ from a fixed list by round), so every round evaluates a genuinely different controller.
/// Chosen rounds can be made to write a controller that raises, or one that does not import.
public enum DemoProposer {
    public struct Step: Sendable, Equatable {
        public var source: String
        /// The last message: what it did, as an agent's summary would say.
        public var message: String
    }

    public enum Fault: String, Sendable { case raises, importError }

    public static let gammas: [Double] = [0.7, 1.4, 0.5, 2.0, 0.85, 1.2, 1.0]
    static let marker = "b = max(0.0, min(1.0, self._beta))"
    static let tag = "# ttsdash demo-proposer:"
    static let blockBegin = "# ttsdash demo-proposer: fault begin"
    static let blockEnd = "# ttsdash demo-proposer: fault end"

    /// Whether `source` has the line whose β the demo warps.
    public static func canPerturb(_ source: String) -> Bool { source.contains(marker) }

    /// - Parameters:
    ///   - base: the controller to start from (the workspace's `method.py`, or a CMC port).
    ///   - step: the search round, from 1.
    ///   - walk: controller files' contents to copy in turn instead of perturbing.
    public static func propose(base: String, step: Int, walk: [(name: String, source: String)] = [], fault: Fault? = nil) -> Step {
        var source: String
        var message: String
        if !walk.isEmpty {
            let pick = walk[(max(1, step) - 1) % walk.count]
            source = clean(pick.source)
            message = "Proposal (demo, search round \(step)): copied \(pick.name) into code_base/method.py (walking \(walk.count) controller files)."
        } else {
            let gamma = gammas[(max(1, step) - 1) % gammas.count]
            source = clean(base)
            if let r = source.range(of: marker) {
                let lineEnd = source[r.upperBound...].firstIndex(of: "\n") ?? source.endIndex
                let lineStart = source[..<r.lowerBound].lastIndex(of: "\n").map { source.index(after: $0) } ?? source.startIndex
                let indent = String(source[lineStart..<r.lowerBound])
                let line = "\n\(indent)b = b ** \(gamma)  \(tag) β schedule warped (search round \(step))"
                source.insert(contentsOf: line, at: lineEnd)
            }
            let shape = gamma < 1 ? "spends more at low β (knobs rise early)" : gamma > 1 ? "stays cheap longer (knobs rise late)" : "is the original linear schedule"
            message = "Proposal (demo, search round \(step)): warped the β schedule of OptimalController with b = b ** \(gamma), so the sweep \(shape); every knob still follows the one scalar β."
        }
        switch fault {
        case .raises?:
            source += "\n\n\(blockBegin)\ndef _demo_proposer_solve(self, question):\n    raise RuntimeError(\"demo-proposer: this proposal raises on purpose (search round \(step))\")\n\n\nOptimalController.solve = _demo_proposer_solve\n\(blockEnd)\n"
            message += " It also replaces solve() with one that raises, on purpose (a failing round for tests)."
        case .importError?:
            source += "\n\n\(blockBegin)\nraise ImportError(\"demo-proposer: this proposal does not import, on purpose (search round \(step))\")\n\(blockEnd)\n"
            message += " The file raises at import, on purpose (a failing round for tests)."
        case nil: break
        }
        return Step(source: source, message: message)
    }

    /// The base without an earlier round's demo lines and fault block.
    static func clean(_ source: String) -> String {
        var s = source
        while let b = s.range(of: "\n\n" + blockBegin), let e = s.range(of: blockEnd + "\n", range: b.upperBound..<s.endIndex) {
            s.removeSubrange(b.lowerBound..<e.upperBound)
        }
        return s.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains(tag) }.joined(separator: "\n")
    }
}
