import Foundation
import Testing

/// Things a first session used to trip over, in the real binary: rounds out of order after a
/// launch, and status messages that never cleared.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct SessionSlipsEndToEndTests {
    /// The order round names first appear in as row labels, top to bottom.
    static func order(_ screen: String, _ names: [String]) -> [String] {
        let lines = screen.split(separator: "\n").map(String.init)
        var seen: [String] = []
        for line in lines { if let n = names.first(where: { line.dropFirst(2).hasPrefix($0 + " ") }), !seen.contains(n) { seen.append(n) } }
        return seen
    }

    @Test func launchedRoundsComeInRoundIndexOrder() throws {
        let copy = try LaunchEndToEndTests.RunCopy()
        for label in ["one", "two"] {
            _ = try TmuxSession.run(TmuxSession.binary, ["eval", "--out", copy.run, "--as-round", label, "--controller", "cmc:beta=0.5", "--seeds", "2", "--quiet"])
        }
        let listed = try TmuxSession.run(TmuxSession.binary, ["rounds", copy.run])
        #expect(Self.order(listed.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"), ["r0005", "r0006", "r0007", "r0008"]) == ["r0005", "r0006", "r0007", "r0008"], "\(listed)")
        let s = try TmuxSession(args: [copy.run], width: 160, height: 45)
        defer { s.kill() }
        let screen = try s.waitFor(text: "r0008")
        #expect(Self.order(screen, ["r0005", "r0006", "r0007", "r0008"]) == ["r0005", "r0006", "r0007", "r0008"], "\(screen)")
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }

    @Test func aStatusMessageGoesAtTheNextKeyAndByItself() throws {
        let s = try TmuxSession(width: 120, height: 40)
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        // H on the seed baselines (the first row) is not a discovered round: a transient message.
        try s.send("H")
        try s.waitFor(text: "Held-out: choose a discovered round")
        try s.send("Down")
        try s.waitFor("the message to go at the next key") { !$0.contains("Held-out: choose a discovered round") }
        // And by itself after a few seconds, with no key.
        try s.send("Up")
        try s.send("H")
        try s.waitFor(text: "Held-out: choose a discovered round")
        try s.waitFor("the message to expire") { !$0.contains("Held-out: choose a discovered round") }
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }
    /// The bundled sample opened from a checkout is a recording: its records ended long ago.
    @Test func theSampleRunIsARecordingNotAStall() throws {
        let s = try TmuxSession(width: 80, height: 24)
        defer { s.kill() }
        var screen = try s.waitFor(text: "recorded run")
        #expect(!screen.contains("stalled?"), "\(screen)")
        try s.send("5")
        screen = try s.waitFor(text: "Recorded run")
        #expect(!screen.contains("stalled?") && !screen.contains("Stalled?"), "\(screen)")
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }

    /// Trace on r0005 lists β in order (its file has them in completion order) and C / c walk it.
    @Test func traceConfigurationsInBetaOrder() throws {
        let s = try TmuxSession(width: 160, height: 45)
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.selectRound("r0005")
        var screen: String
        try s.send("t")
        screen = try s.waitFor(text: "sorted by question")
        #expect(screen.contains("0.0 0.1 0.2 0.3 0.4 [●0.5] 0.6 0.7 0.8 0.9 1.0"), "\(screen)")
        try s.send("C")
        screen = try s.waitFor("β 0.4 chosen") { $0.contains("[0.4]") || $0.contains("[●0.4]") }
        #expect(screen.contains("0.0 0.1 0.2 0.3 [0.4] ●0.5 0.6"), "\(screen)")
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }
}
