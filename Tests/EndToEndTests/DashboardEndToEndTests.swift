import Foundation
import Testing

/// The real release binary in a real terminal (tmux): open, navigate, help, resize, quit,
/// and the terminal restored afterwards, also after SIGTERM.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct DashboardEndToEndTests {
    /// Tab bar and table header of the Rounds view.
    static let roundsReady = "1 Rounds"

    @Test func opensOnRounds() throws {
        let s = try TmuxSession()
        defer { s.kill() }
        // The hint bar is drawn after the table: a capture can land between the two.
        let screen = try s.waitFor("the table and the hint bar") { $0.contains("Phase") && $0.contains("? help") }
        #expect(screen.contains(Self.roundsReady))
        #expect(screen.contains("Round"))
    }

    /// An empty folder waits for a run (it is not "finished"), and the rounds appear once the
    /// sample run is copied into it.
    @Test func emptyFolderWaitsThenShowsTheCopiedRun() throws {
        let dir = NSTemporaryDirectory() + "ttsdash-e2e-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try TmuxSession(args: [dir, "--poll", "0.3"], width: 100, height: 30)
        defer { s.kill() }
        let waiting = try s.waitFor(text: "waiting for a run to start")
        #expect(waiting.contains("Waiting for a run to start."))
        #expect(!waiting.contains("finished") && !waiting.contains("0 rounds"))
        let sample = TmuxSession.packageRoot.appendingPathComponent("sample-runs/autotts-synthetic").path
        for name in try FileManager.default.contentsOfDirectory(atPath: sample) {
            try FileManager.default.copyItem(atPath: sample + "/" + name, toPath: dir + "/" + name)
        }
        // The copy goes file by file and the poller may read it half done: wait for the whole run.
        let shown = try s.waitFor("all nine rounds", timeout: 20) { $0.contains("9 rounds") && $0.contains("r0006") }
        #expect(shown.contains("r0005"))
        #expect(!shown.contains("waiting for a run"))
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }

    @Test func switchesTabsWithDigitsTabAndBrackets() throws {
        let s = try TmuxSession()
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.send("2")
        try s.waitFor(text: "Benchmark ‹")
        try s.send("Tab")
        try s.waitFor(text: "No question chosen yet.")
        try s.send("]")
        try s.waitFor(text: "f Frontiers")
        try s.send("BTab")
        try s.waitFor(text: "No question chosen yet.")
        try s.send("5")
        try s.waitFor(text: "Rounds: phase timeline")
        try s.send("1")
        try s.waitFor(text: "Phase")
    }

    @Test func movesThePlotCursor() throws {
        let s = try TmuxSession()
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.send("2")
        let before = try s.waitFor(text: "tokens ·")
        let readout = before.split(separator: "\n").first { $0.contains("tokens ·") }.map(String.init) ?? ""
        try s.send("Home")
        try s.waitFor("the readout to change") { screen in
            let line = screen.split(separator: "\n").first { $0.contains("tokens ·") }.map(String.init) ?? ""
            return !line.isEmpty && line != readout
        }
        try s.send("m")
        try s.waitFor(text: "‹all›")
    }

    @Test func opensAndClosesHelp() throws {
        let s = try TmuxSession()
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.send("?")
        let screen = try s.waitFor(text: "Keys · ? or Esc closes")
        #expect(screen.contains("Quit and restore the terminal"))
        try s.send("Escape")
        try s.waitFor("help to close") { !$0.contains("Keys · ? or Esc closes") && $0.contains("Phase") }
    }

    @Test func redrawsOnResize() throws {
        let s = try TmuxSession()
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.resize(width: 50, height: 12)
        try s.waitFor(text: "Terminal too small")
        try s.resize(width: 80, height: 24)
        let screen = try s.waitFor("the 80x24 layout") { $0.contains("Phase") && !$0.contains("too small") }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 })
        try s.resize(width: 200, height: 60)
        // The 80x24 screen already names every backbone (in the selected round's preview) and has
        // "Phase": only the wide table puts every backbone's column group on one header line.
        try s.waitFor("the 200x60 layout with every backbone's columns") { screen in
            screen.contains("Phase") && screen.split(separator: "\n").contains { line in
                ["Synth-L", "Synth-M", "Synth-S"].allSatisfy { line.contains("─ \($0) ") }
            }
        }
    }

    @Test func quitsWithQAndRestoresTheTerminal() throws {
        let s = try TmuxSession()
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.send("q")
        try Self.expectRestored(s, exitStatus: 0)
    }

    @Test func ctrlCIsAKeyThatQuitsCleanly() throws {
        let s = try TmuxSession()
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.send("C-c")
        try Self.expectRestored(s, exitStatus: 0)
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let s = try TmuxSession()
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        let pid = try #require(try s.dashboardPID())
        Foundation.kill(pid, SIGTERM)
        try Self.expectRestored(s, exitStatus: 143)
    }

    @Test func sighupRestoresTheTerminal() throws {
        let s = try TmuxSession()
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        let pid = try #require(try s.dashboardPID())
        Foundation.kill(pid, SIGHUP)
        try Self.expectRestored(s, exitStatus: 129)
    }

    @Test func badThemeShowsAMessageAndStillRuns() throws {
        let s = try TmuxSession(args: ["--theme", "no-such-theme"])
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try s.waitFor(text: "not found")
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }

    @Test func noColorDrawsWithoutColours() throws {
        let s = try TmuxSession(env: ["NO_COLOR": "1"])
        defer { s.kill() }
        // The selection is drawn with the table; wait for the hint bar so the frame is complete.
        try s.waitFor("the table and the hint bar") { $0.contains("Phase") && $0.contains("? help") }
        let raw = try s.capture(escapes: true)
        // tmux re-emits colours as SGR 3x/4x or 38;5/48;5; none may appear.
        #expect(!raw.contains("38;5;") && !raw.contains("48;5;"))
        #expect(raw.range(of: "\u{1B}\\[[0-9;]*(3[0-7]|4[0-7])m", options: .regularExpression) == nil)
        #expect(raw.contains("\u{1B}[7m") || raw.contains(";7m") || raw.contains("[7;"), "selection must still show (reverse video)")
    }

    /// The shell prompt line is back, the alternate screen is gone, and the tty is in
    /// cooked mode with echo (what `stty -a` printed after the program exited).
    static func expectRestored(_ s: TmuxSession, exitStatus: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        // The shell prints the tty modes on the line after EXITED; wait for both.
        let screen = try s.waitFor("exit status \(exitStatus) and the tty modes", sourceLocation: sourceLocation) {
            $0.contains("EXITED:\(exitStatus)") && $0.contains("icanon")
        }
        expectRestored(screen, sourceLocation: sourceLocation)
    }

    static func expectRestored(_ screen: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!screen.contains(roundsReady), "the dashboard is still on screen", sourceLocation: sourceLocation)
        let modes = screen.split(separator: "\n").first { $0.contains("icanon") }.map { $0.split(separator: " ").map(String.init) } ?? []
        #expect(modes.contains("echo"), "echo not restored: \(modes)", sourceLocation: sourceLocation)
        #expect(modes.contains("icanon"), "icanon not restored: \(modes)", sourceLocation: sourceLocation)
        #expect(modes.contains("isig"), "isig not restored: \(modes)", sourceLocation: sourceLocation)
    }
}
