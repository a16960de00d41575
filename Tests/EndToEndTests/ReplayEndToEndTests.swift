import Foundation
import Testing
import TestSupport

/// The Trace view never dead-ends in the real binary: a configuration the round's trace file
/// lacks is replayed on demand with the round's own method.py (python3 workers), and its
/// timeline opens like a stored row's.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")),
       .enabled(if: PythonCheck.available, Comment(rawValue: PythonCheck.skipMessage)))
struct ReplayEndToEndTests {
    @Test func untracedConfigurationIsReplayedWithTheRoundsOwnController() throws {
        let s = try TmuxSession(width: 160, height: 45)
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        // Select r0005 in Rounds and trace it: its file holds β = 0.5 only.
        try s.selectRound("r0005")
        var screen: String
        try s.send("t")
        screen = try s.waitFor(text: "sorted by question")
        #expect(screen.contains("cmc beta=0.5"))
        // The next configuration in β order has no trace rows: replayed, and said so.
        try s.send("c")
        screen = try s.waitFor("the replayed question list", timeout: 60) { $0.contains("replayed on demand") }
        #expect(screen.contains("beta=0.6"), "\(screen)")
        try s.send("Enter")
        screen = try s.waitFor(text: "─ event")
        #expect(screen.contains("stop: "))
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }
}
