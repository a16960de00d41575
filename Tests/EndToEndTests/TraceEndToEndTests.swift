import Foundation
import Testing

/// The Trace view in the real binary: from a Frontier point to its questions, into one
/// question's timeline, stepping forward and back, jumping to the stop, reading the state panel.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct TraceEndToEndTests {
    /// The "Step N of M" line of the state panel.
    static func stepLine(_ screen: String) -> String {
        screen.split(separator: "\n").first { $0.contains("Step ") && $0.contains(" of ") }.map(String.init) ?? ""
    }

    /// The Frontier's cursor readout line ("▣ r0005 · beta=1.0 · Acc 85.7% · 279k tokens · …").
    static func readout(_ screen: String) -> String {
        screen.split(separator: "\n").first { $0.contains("tokens ·") }.map(String.init) ?? ""
    }

    @Test func opensFromAFrontierPointAndSteps() throws {
        let s = try TmuxSession(width: 140, height: 42)
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.send("2")
        try s.waitFor(text: "tokens ·")
        // The sample run traces β = 0.5 of round r0005: filter to its series, move to that point.
        try s.send("/")
        try s.type("r0005")
        try s.send("Enter")
        // "r0005" was on screen before the filter (the legend, the edit line, and the readout: the
        // cursor starts on r0005's β = 1.0 point): wait for the filter applied and its line closed.
        var screen = try s.waitFor("the r0005 filter applied") { screen in
            screen.contains("filter “r0005”") && !screen.contains("Enter apply · Esc cancel")
        }
        for _ in 0..<12 where !screen.contains("· beta=0.5 ·") {
            let before = Self.readout(screen)
            try s.send("Left")
            // One point at a time: judge (and press again) only once this Left has moved the
            // cursor, or a screen read too early makes the loop press past β = 0.5. No move: the
            // cheapest point, nothing more to try.
            guard let moved = try s.pollUntil({ Self.readout($0) != before }) else { break }
            screen = moved
        }
        try #require(screen.contains("· beta=0.5 ·"), "no β = 0.5 point reached:\n\(screen)")
        try s.send("Enter")
        screen = try s.waitFor(text: "sorted by question")
        #expect(screen.contains("r0005"))
        #expect(screen.contains("cmc beta=0.5"))
        #expect(screen.contains("4 of 4 questions"))
        // Open the first question: the timeline at the controller's answer.
        try s.send("Enter")
        screen = try s.waitFor(text: "─ event")
        #expect(screen.contains("stop: "))
        #expect(screen.contains("action log from the row"))
        let end = Self.stepLine(screen)
        #expect(!end.isEmpty)
        // Back to the start, then forward and back one action at a time.
        try s.send("Home")
        screen = try s.waitFor(text: "Step 0 of")
        #expect(screen.contains("no branch opened yet"))
        try s.send("Right", "Right", "Right")
        screen = try s.waitFor(text: "Step 3 of")
        #expect(screen.contains("opened "))
        try s.send("Left")
        try s.waitFor(text: "Step 2 of")
        // One decision event forward: the panel names the event and the step it sits at.
        try s.send("NPage")
        screen = try s.waitFor("an event after step 2") { screen in
            screen.contains("─ event") && !screen.contains("Step 2 of")
        }
        // Jump to the stop and read the state panel.
        try s.send("s")
        screen = try s.waitFor(text: ": finish")
        #expect(Self.stepLine(screen) == end)
        #expect(screen.contains("stop_reason="))
        #expect(screen.contains("tokens "))
        #expect(screen.contains("votes "))
        #expect(screen.contains("finished "))
        // Esc goes back to the list.
        try s.send("Escape")
        try s.waitFor(text: "sorted by question")
    }

    @Test func opensFromTheRoundsView() throws {
        let s = try TmuxSession(width: 120, height: 40)
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        // The seed round ships no trace files: the view says so.
        try s.send("t")
        try s.waitFor(text: "has no trace file")
        // r0000 traces one ESC configuration: its questions.
        // The seed's note stays until r0000's list replaces it, so wait for both changes.
        try s.send("1", "j", "t")
        let screen = try s.waitFor("r0000's trace list") { screen in
            screen.contains("questions  sorted by") && !screen.contains("has no trace file")
        }
        #expect(screen.contains("esc"))
    }
}
