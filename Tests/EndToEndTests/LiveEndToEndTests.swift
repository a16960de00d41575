import Foundation
import Testing

/// The live view against a run being written by `ttsdash replay-run`: rounds appear and move
/// through their phases on screen, the evaluator log is tailed, and the round left evaluating
/// at the end of the replay is called out as stalled once it has taken far longer than the
/// evaluations before it.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct LiveEndToEndTests {
    static let sample = TmuxSession.packageRoot.appendingPathComponent("sample-runs/autotts-synthetic").path

    /// A row of the live timeline: `r0002  ✓ archived`.
    static func row(_ screen: String, _ round: String) -> String {
        screen.split(separator: "\n").first { $0.contains("│▶ \(round) ") || $0.contains("│  \(round) ") || $0.contains("│› \(round) ") }.map(String.init) ?? ""
    }

    @Test func watchesAReplayedSearchAndSeesAStall() throws {
        let root = NSTemporaryDirectory() + "ttsdash-live-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = root + "/run"
        let log = root + "/eval.log"
        // The evaluator's progress bar, redrawn with carriage returns: only its last state shows.
        try "Evaluating Synth-S\n\r 10%|#         | 1/10\r 40%|####      | 4/10".write(toFile: log, atomically: false, encoding: .utf8)

        let replay = Process()
        replay.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        replay.arguments = ["replay-run", Self.sample, "--out", run, "--speed", "300x", "--max-gap", "1.2"]
        replay.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try replay.run()
        defer { if replay.isRunning { replay.terminate() }; replay.waitUntilExit() }
        // Open as soon as the set-up files are there.
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: run + "/code_base/history"), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }

        let s = try TmuxSession(args: [run, "--poll", "0.3", "--eval-log", log], width: 140, height: 45)
        defer { s.kill() }
        try s.waitFor(text: "1 Rounds")
        try s.send("5")
        try s.waitFor(text: "Rounds: phase timeline")

        // Round r0001 is seen proposing, then evaluating, then archived, in its timeline row.
        try s.waitFor("r0001 proposing", timeout: 40) { Self.row($0, "r0001").contains("◌ proposing") }
        try s.waitFor("r0001 evaluating", timeout: 20) { Self.row($0, "r0001").contains("◌ evaluating") }
        try s.waitFor("r0001 archived", timeout: 20) { Self.row($0, "r0001").contains("✓ archived") }
        // The failed round, with its return code, and the feed saying so.
        let failed = try s.waitFor("r0003 failed", timeout: 40) { Self.row($0, "r0003").contains("✗ failed") }
        #expect(Self.row(failed, "r0003").contains("rc 1"))
        try s.waitFor(text: "failed (return code 1)", timeout: 10)
        // The log tail: the progress bar's last state, then lines appended later.
        let screen = try s.waitFor(text: "40%|####")
        #expect(!screen.contains("10%|#"))
        let h = try #require(FileHandle(forWritingAtPath: log))
        h.seekToEndOfFile()
        h.write("\r100%|##########| 10/10\nSynth-S done\n".data(using: .utf8)!)
        try h.close()
        try s.waitFor(text: "Synth-S done")

        // The replay ends with r0006 evaluating (two of three backbones in); nothing changes
        // after that, and once it has been evaluating three times longer than usual (at
        // least 30 s), the view and the status bar say it looks stalled.
        try s.waitFor("the replay to reach r0006", timeout: 60) { Self.row($0, "r0006").contains("◌ evaluating") }
        let usual = try s.waitFor(text: "Usual pace", timeout: 10)
        #expect(usual.contains("In progress: r0006"))
        let stalled = try s.waitFor(text: "⚠ Stalled? evaluating for", timeout: 90)
        #expect(stalled.contains("r0006 stalled? evaluating"))
        #expect(Self.row(stalled, "r0006").contains("⚠ stalled?"))
        replay.waitUntilExit()
        #expect(replay.terminationStatus == 0)
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }
}
