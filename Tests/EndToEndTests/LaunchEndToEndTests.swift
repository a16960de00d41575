import Foundation
import Testing

/// The launch form in the real binary, in tmux, on a copy of the sample run: a CMC β sweep
/// becomes a new round in the Rounds and Frontier views; a cancelled, SIGTERMed or SIGKILLed
/// launch leaves no round and no half-written file.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct LaunchEndToEndTests {
    final class RunCopy {
        let dir: String
        var run: String { dir + "/run" }
        var history: String { run + "/code_base/history" }
        init() throws {
            dir = NSTemporaryDirectory() + "ttsdash-e2e-launch-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: TmuxSession.packageRoot.appendingPathComponent("sample-runs/autotts-synthetic").path, toPath: run)
        }
        deinit { try? FileManager.default.removeItem(atPath: dir) }

        var historyNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: history)) ?? []).sorted() }
        var staging: [String] { historyNames.filter { $0.hasPrefix(".ttsdash-staging-") } }
        /// Every file that is not hidden (what a reader of the run can see), with its size.
        var visibleFiles: [String] {
            (FileManager.default.enumerator(atPath: run)?.compactMap { $0 as? String } ?? [])
                .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".ttsdash-staging-") } }
                .map { p in "\(p) \((try? FileManager.default.attributesOfItem(atPath: run + "/" + p)[.size] as? Int) ?? -1)" }
                .sorted()
        }
    }

    /// 101 configurations: with 2,000 seeds, minutes of work, so there is time to interrupt it.
    static let longSpec = "cmc:beta=0:1:0.01"

    /// Opens the form and sets the seeds (Tab to the fourth field below the SPEC).
    static func openForm(_ s: TmuxSession, seeds: Int, spec: String? = nil) throws {
        try s.send("e")
        try s.waitFor(text: "Launch an evaluation")
        try s.waitFor(text: "3 backbones: Synth-L, Synth-M, Synth-S")
        if let spec {
            try s.send("C-u")
            try s.type(spec)
        }
        for _ in 0..<4 { try s.send("Tab") }
        try s.send("C-u")
        try s.type(String(seeds))
    }

    /// The percentage on the job's progress line, if one is shown.
    static func percent(_ screen: String) -> Int? {
        for line in screen.split(separator: "\n") where line.contains(" configs · ") {
            if let m = line.range(of: #"(\d+)% "#, options: .regularExpression) {
                return Int(line[m].dropLast(2))
            }
        }
        return nil
    }

    @Test("a CMC β sweep from the form: the bar moves, the round appears in Rounds and Frontier")
    func launchesASweep() throws {
        let copy = try RunCopy()
        let s = try TmuxSession(args: [copy.run])
        defer { s.kill() }
        try s.waitFor(text: "Phase")
        try Self.openForm(s, seeds: 600)
        let form = try s.capture()
        #expect(form.contains("→ 11 configurations: cmc beta=0.0, cmc beta=0.1, …, cmc beta=1.0"))
        try s.send("Enter")
        // Watch the bar: two different percentages below 100 (or a percentage, then done).
        var seen = Set<Int>()
        try s.waitFor("the progress bar to move", timeout: 120) { screen in
            if let p = Self.percent(screen), p < 100 { seen.insert(p) }
            return seen.count >= 2 || (seen.count >= 1 && screen.contains("%  done in "))
        }
        #expect(seen.count >= 1)
        let done = try s.waitFor(text: "%  done in ", timeout: 120)
        #expect(done.contains(" · 33/33 configs · 396,000/396,000 runs"))
        let round = try #require(copy.historyNames.first { $0.hasPrefix("r0007_") })
        try s.send("Escape")
        let rounds = try s.waitFor("the new round in the Rounds view") { $0.contains("r0007") && !$0.contains("Launch an evaluation") }
        #expect(rounds.split(separator: "\n").contains { $0.contains("r0007") && $0.contains("✓ done") })
        #expect(rounds.contains("new round \(round)") || rounds.contains("10 rounds"))
        try s.send("2")
        try s.waitFor("the new round's series in the Frontier legend") { $0.contains("Benchmark ‹") && $0.contains("r0007") }
        #expect(copy.staging.isEmpty)
    }

    /// A dashboard on a fresh copy of the sample run, in the middle of a long evaluation it
    /// launched; with the copy's visible files from before the launch.
    static func longEvaluationRunning() throws -> (RunCopy, [String], TmuxSession) {
        let copy = try RunCopy()
        let before = copy.visibleFiles
        let s = try TmuxSession(args: [copy.run])
        do {
            try s.waitFor(text: "Phase")
            try openForm(s, seeds: 2000, spec: longSpec)
            try s.send("Enter")
            try s.waitFor("the evaluation to run", timeout: 60) { percent($0) != nil }
        } catch {
            s.kill()
            throw error
        }
        return (copy, before, s)
    }

    @Test("Ctrl-X cancels a launch: no partial round is left behind")
    func cancelLeavesNothing() throws {
        let (copy, before, s) = try Self.longEvaluationRunning()
        defer { s.kill() }
        #expect(!copy.staging.isEmpty, "the round is being staged")
        try s.send("C-x")
        try s.waitFor(text: "evaluation cancelled: no round written", timeout: 30)
        try s.waitFor("the staging folder to go", timeout: 10) { _ in copy.staging.isEmpty }
        #expect(copy.visibleFiles == before)
        #expect(copy.staging.isEmpty)
    }

    @Test("SIGTERM in the middle of an evaluation: terminal restored, staging removed, no round")
    func sigtermCleansUp() throws {
        let (copy, before, s) = try Self.longEvaluationRunning()
        defer { s.kill() }
        let pid = try #require(try s.dashboardPID())
        Foundation.kill(pid, SIGTERM)
        try DashboardEndToEndTests.expectRestored(s, exitStatus: 143)
        #expect(copy.staging.isEmpty)
        #expect(copy.visibleFiles == before)
    }

    @Test("Ctrl-C in the middle of an evaluation quits at once and leaves no staging")
    func ctrlCCleansUp() throws {
        let (copy, before, s) = try Self.longEvaluationRunning()
        defer { s.kill() }
        try s.send("C-c")
        try DashboardEndToEndTests.expectRestored(s, exitStatus: 0)
        #expect(copy.staging.isEmpty)
        #expect(copy.visibleFiles == before)
    }

    @Test("SIGKILL in the middle of an evaluation: no visible file changes; the hidden staging is ignored, then removed")
    func sigkillLeavesNoHalfWrittenFile() throws {
        let (copy, before, s) = try Self.longEvaluationRunning()
        defer { s.kill() }
        let pid = try #require(try s.dashboardPID())
        Foundation.kill(pid, SIGKILL)
        try s.waitFor(text: "EXITED:137")
        #expect(copy.visibleFiles == before, "only hidden files may differ")
        #expect(copy.staging.count == 1)
        let listed = try TmuxSession.run(TmuxSession.binary, ["rounds", copy.run])
        #expect(!listed.contains("r0007") && !listed.contains("staging"))
        // The next launch removes what the killed one left.
        _ = try TmuxSession.run(TmuxSession.binary, ["eval", "--out", copy.run, "--as-round", "after-kill", "--controller", "cmc:beta=0.5", "--seeds", "2", "--quiet"])
        #expect(copy.staging.isEmpty)
        #expect(copy.historyNames.contains("r0007_after-kill"))
    }
}
