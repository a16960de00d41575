import Foundation
import Testing
@testable import Dashboard
import Runs

/// Status messages are transient: they go at the next key press or after
/// `AppState.messageLifetime` seconds, and they never cover the liveness (a stall warning).
@Suite struct StatusMessageTests {
    /// The status line (the last but one line of the screen).
    static func statusLine(_ s: AppState) -> String {
        let lines = screen(s).components(separatedBy: "\n")
        return lines[lines.count - 2]
    }

    /// The sample run's r0005 question 1 at its last step: the controller pruned nothing.
    static func timelineAtEnd() throws -> AppState {
        var s = apply(try TraceFeatureTests.sampleState(width: 80, height: 24), .selectTab(.frontier))
        let panel = try #require(s.currentPanel)
        let series = try #require(panel.series.first { $0.label == "r0005" })
        s.frontier.focusSeries = "r0005"
        s.frontier.cursorPoint = try #require(series.pointsByCost.firstIndex { $0.config == "beta=0.5" })
        var (opened, effects) = Reducer.reduce(s, .drillIn)
        opened = try TraceFeatureTests.settle(opened, effects)
        (opened, effects) = Reducer.reduce(opened, .drillIn)
        return try TraceFeatureTests.settle(opened, effects)
    }

    @Test("'no later prune' goes after its lifetime, and at the next key press")
    func messageExpires() throws {
        let s = try Self.timelineAtEnd()
        #expect(s.trace.timeline != nil)
        let said = apply(s, .trace(.jump(.prune, forward: true)))
        #expect(said.message == "Trace: no later prune")
        #expect(said.messageSince == said.now)
        #expect(Self.statusLine(said).contains("Trace: no later prune"))
        // Still there in another view a moment later…
        let other = apply(said, .selectTab(.rounds), .tick(said.now.addingTimeInterval(2)))
        #expect(Self.statusLine(other).contains("Trace: no later prune"))
        // …and gone once its lifetime has passed: the run's details are back.
        let later = apply(said, .tick(said.now.addingTimeInterval(AppState.messageLifetime)))
        #expect(later.message == nil && later.messageSince == nil)
        #expect(!Self.statusLine(later).contains("no later prune"))
        #expect(Self.statusLine(later).contains("autotts-synthetic"))
        // The next key press (the runner sends dismissMessage before the key's own action).
        let pressed = apply(said, .dismissMessage, .move(.left))
        #expect(pressed.message == nil)
        #expect(!Self.statusLine(pressed).contains("no later prune"))
        // Pressing p again says it again, timed afresh.
        let again = apply(later, .dismissMessage, .trace(.jump(.prune, forward: true)))
        #expect(again.message == "Trace: no later prune" && again.messageSince == later.now)
    }

    @Test("at 80 columns a message never covers the stall warning")
    func messageLeavesTheWarning() throws {
        let live = try LiveRun()
        try live.advance()
        var s = try live.load(into: LiveFeatureTests.start(width: 80, height: 24))
        let verdict = try #require(LiveFeature.stallVerdict(s))
        s = apply(s, .tick(live.clock.addingTimeInterval(verdict.threshold + 60)), .showMessage("Trace: no later prune"))
        let line = Self.statusLine(s)
        #expect(line.hasPrefix(" ⚠ r0006 stalled? evaluating "), "\(line)")
        // The message follows it, going on over the hint line rather than being cut.
        #expect(line == " ⚠ r0006 stalled? evaluating 20m 01s, 3.7× the usual 5m 26s  Trace: no later", "\(line)")
        #expect(screen(s).components(separatedBy: "\n").last?.hasPrefix(" prune") == true)
        // The warning keeps its style; the message is drawn after it.
        let frame = RootView.frame(s)
        let y = s.height - 2
        #expect(frame[1, y].style == Style(.warning, bold: true))
        #expect(frame[1, y].character == "⚠")
    }

    @Test("a message too long for the status line goes on over the hint line, never cut", arguments: [(80, 24), (160, 45)])
    func longMessageIsReadWhole(width: Int, height: Int) throws {
        let base = try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: width, height: height)
        let message = "theme 'nope' not found (looked in: /root/.config/ttsdash/themes, themes; built-in: dark, light, high-contrast, mono); using the default theme"
        let said = apply(base, .showMessage(message))
        let lines = screen(said).components(separatedBy: "\n")
        let bottom = lines.suffix(2).joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(bottom.contains(message), "\(lines.suffix(2).joined(separator: "\n"))")
        // When it has gone, the hints are back.
        let later = apply(said, .dismissMessage)
        #expect(screen(later).components(separatedBy: "\n").suffix(1).joined().contains("? help"))
    }
}
