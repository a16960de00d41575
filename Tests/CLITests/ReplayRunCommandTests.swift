import Foundation
import Testing

/// `ttsdash replay-run` as a user runs it: a plan, a whole replay, and refusals with exit code 2.
@Suite("ttsdash replay-run", .enabled(if: Binary.available, Binary.missing))
struct ReplayRunCommandTests {
    static let sample = Binary.packageRoot + "/sample-runs/autotts-synthetic"

    @Test func dryRunPrintsThePlanAndWritesNothing() throws {
        let t = TempDir()
        let r = try Binary.run(["replay-run", Self.sample, "--out", t.path + "/out", "--speed", "60x", "--max-gap", "5", "--dry-run"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("40 steps") && r.stdout.contains("at 60x, waits capped at 5 s"))
        #expect(r.stdout.contains("times from the rounds' records"))
        #expect(r.stdout.contains("r0003  archived as failed (return code 1)"))
        #expect(r.stdout.contains("write folder code_base/history/r0000_20260302_090217_141dec08/ (whole, one rename)"))
        #expect(!FileManager.default.fileExists(atPath: t.path + "/out"))
    }

    @Test func replaysAtFullSpeedAndSaysWhatItDoes() throws {
        let t = TempDir()
        let out = t.path + "/out"
        let r = try Binary.run(["replay-run", Self.sample, "--out", out, "--speed", "max"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("r0006  results for Synth-M arrived"))
        #expect(r.stdout.hasSuffix("done: \(out) now holds the whole run\n"))
        let rounds = try Binary.run(["rounds", out])
        #expect(rounds.stdout.split(separator: "\n").contains { $0.hasPrefix("r0006 ") && $0.contains("evaluating") })
    }

    @Test func refusesABusyFolderAndBadOptions() throws {
        let t = TempDir()
        t.write("busy/keep.txt", "mine")
        let busy = try Binary.run(["replay-run", Self.sample, "--out", t.path + "/busy"])
        #expect(busy.status == 2)
        #expect(busy.stderr.hasPrefix("ttsdash: error: ") && busy.stderr.contains("is not empty"))
        #expect(busy.stdout.isEmpty, "refused before saying anything else")
        let speed = try Binary.run(["replay-run", Self.sample, "--out", t.path + "/new", "--speed", "fast"])
        #expect(speed.status == 2 && speed.stderr.contains("--speed"))
        let missing = try Binary.run(["replay-run", t.path + "/nope", "--out", t.path + "/new"])
        #expect(missing.status == 2 && missing.stderr.contains("no such folder"))
        #expect(!FileManager.default.fileExists(atPath: t.path + "/new"))
    }
}
