import Foundation
import Testing
import TestSupport

/// `ttsdash search` running in the background while the dashboard watches the workspace: the
/// Live view (tab 5) shows each round proposing, evaluating and archived as it happens, the
/// raising round failed with its return code, and the search's evaluator log tailed.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable && PythonCheck.available,
                             Comment(rawValue: TmuxSession.unavailableReason ?? PythonCheck.skipMessage)))
struct SearchEndToEndTests {
    @Test func liveViewFollowsASearch() throws {
        let root = NSTemporaryDirectory() + "ttsdash-search-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ws = root + "/ws"
        try FileManager.default.copyItem(atPath: PackagePaths.sampleRun, toPath: ws)
        let log = ws + "/.workflow_logs/search_eval.log"

        let s = try TmuxSession(args: [ws, "--poll", "0.3", "--eval-log", log], width: 140, height: 45)
        defer { s.kill() }
        try s.waitFor(text: "1 Rounds")
        try s.send("5")
        try s.waitFor(text: "Rounds: phase timeline")

        let search = Process()
        search.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        search.arguments = ["search", ws, "--rounds", "3", "--proposer", "\(TmuxSession.binary) demo-proposer --delay 3 --raise-at 2",
                            "--controller", "OptimalController:beta=0.0,0.5,1.0", "--backbone", "Synth-S,Synth-M", "--seeds", "10"]
        search.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        search.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try search.run()
        defer { if search.isRunning { kill(search.processIdentifier, SIGTERM) }; search.waitUntilExit() }

        // Round 1 (r0007): every phase, in order, in its timeline row and the head box.
        let proposing = try s.waitFor("r0007 proposing", timeout: 30) { LiveEndToEndTests.row($0, "r0007").contains("◌ proposing") }
        #expect(proposing.contains("In progress: r0007"))
        #expect(proposing.contains("round started (proposing)"))
        let evaluating = try s.waitFor("r0007 evaluating", timeout: 30) { LiveEndToEndTests.row($0, "r0007").contains("◌ evaluating") }
        #expect(evaluating.contains("proposal written; evaluating: Proposal (demo, search"))
        try s.waitFor(text: "evaluating code_base/method.py: 3 configurations", timeout: 30)
        try s.waitFor("r0007 archived", timeout: 60) { LiveEndToEndTests.row($0, "r0007").contains("✓ archived") && LiveEndToEndTests.row($0, "r0007").contains("rc 0") }

        // Round 2 (r0008): its controller raises: archived as failed with its return code.
        try s.waitFor("r0008 proposing", timeout: 30) { LiveEndToEndTests.row($0, "r0008").contains("◌ proposing") }
        let failed = try s.waitFor("r0008 failed", timeout: 60) { LiveEndToEndTests.row($0, "r0008").contains("✗ failed") }
        #expect(LiveEndToEndTests.row(failed, "r0008").contains("rc 1"))
        try s.waitFor(text: "failed (return code 1)", timeout: 10)

        // Round 3 (r0009), then the end of the search.
        try s.waitFor("r0009 evaluating", timeout: 60) { LiveEndToEndTests.row($0, "r0009").contains("◌ evaluating") }
        try s.waitFor("r0009 archived", timeout: 60) { LiveEndToEndTests.row($0, "r0009").contains("✓ archived") }
        search.waitUntilExit()
        #expect(search.terminationStatus == 0)
        let end = try s.waitFor(text: "No round in progress", timeout: 20)
        #expect(end.contains("Last round: r0009"))
        try s.waitFor(text: "evaluation finished, eval_returncode 0", timeout: 10)
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }
}
