import Foundation
import Testing

/// Compare in the real binary: mark two rounds in the Rounds view, open the comparison, then
/// the delta table, the code diff (and its hunks) and the flips section.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct CompareEndToEndTests {
    @Test func marksTwoRoundsAndOpensTheComparisonAndTheCodeDiff() throws {
        let s = try TmuxSession(width: 140, height: 44)
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        // The sample run lists seed, r0000 … r0006: r0004 is five rows down.
        for _ in 0..<5 { try s.send("j") }
        try s.send("Space")
        try s.send("j")
        try s.send("Space")
        let rounds = try s.waitFor(text: "●r0005")
        #expect(rounds.contains("●r0004"))
        try s.send("c")
        let compare = try s.waitFor(text: "● r0004 ⚑ baseline vs ■ r0005")
        #expect(compare.contains("Series"))
        // The headline is computed in the background (SC@64 replayed from the sample's store).
        try s.waitFor(text: "tokens vs SC@64", timeout: 20)
        try s.send("t")
        try s.waitFor(text: "Δ r0005")
        try s.send("c")
        let diff = try s.waitFor(text: "+++ code_base/history/r0005")
        #expect(diff.contains("-SYNTHETIC SAMPLE ROUND r0004"))
        try s.send("n")
        try s.waitFor(text: "@@ -339,8 +345,14 @@")
        try s.send("x")
        try s.waitFor(text: "right only in r0005", timeout: 20)
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }

    @Test func pinsABaselineAndComparesWithTheSeeds() throws {
        let s = try TmuxSession(width: 120, height: 40)
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.send("Space")          // seed
        for _ in 0..<5 { try s.send("j") }
        try s.send("p")              // r0004, pinned
        try s.waitFor(text: "⚑r0004")
        try s.send("4")
        try s.waitFor(text: "● seed vs ■ r0004 ⚑ baseline")
        try s.send("p")              // pin the next side: back to the seeds
        try s.waitFor(text: "● seed ⚑ baseline vs ■ r0004")
        try s.waitFor(text: "vs SC@64 (")
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }
}
