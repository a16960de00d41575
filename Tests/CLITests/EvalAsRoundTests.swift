import Foundation
import Testing

/// `ttsdash eval --out RUN --as-round NAME`: a new round of the run, visible to `ttsdash rounds`.
@Suite("ttsdash eval --as-round", .enabled(if: Binary.available, Binary.missing))
struct EvalAsRoundTests {
    /// A copy of the bundled sample run (tests never write into the repository).
    static func sampleCopy(_ dir: TempDir) throws -> String {
        let run = dir.path + "/run"
        try FileManager.default.copyItem(atPath: Binary.packageRoot + "/sample-runs/autotts-synthetic", toPath: run)
        return run
    }

    static func entries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test("writes a new round that `rounds` lists; the run's own stores are the default")
    func writesARound() throws {
        let dir = TempDir()
        let run = try Self.sampleCopy(dir)
        let r = try Binary.run(["eval", "--out", run, "--as-round", "beta-sweep", "--controller", "cmc:beta=0:1:0.5", "--seeds", "4", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("new round r0007_beta-sweep at "))
        let round = run + "/code_base/history/r0007_beta-sweep"
        #expect(Self.entries(round) == ["code_base", "launch.json", "proposal_results", "proposal_results_manifest.json"])
        #expect(Self.entries(round + "/proposal_results") == ["matrix_results_Synth-L", "matrix_results_Synth-M", "matrix_results_Synth-S"])
        let rounds = try Binary.run(["rounds", run, "--json"])
        #expect(rounds.status == 0)
        #expect(rounds.stdout.contains("r0007_beta-sweep"))
        let table = try Binary.run(["rounds", run])
        let line = table.stdout.split(separator: "\n").first { $0.hasPrefix("r0007") }
        #expect(line?.contains("archived") == true, "\(table.stdout)")
        #expect(dir.files().allSatisfy { !$0.contains(".ttsdash-staging-") && !$0.contains(".tmp-") })
    }

    @Test("a name that is taken: exit 2, one line, nothing changed")
    func refusesAClash() throws {
        let dir = TempDir()
        let run = try Self.sampleCopy(dir)
        let before = dir.files()
        let r = try Binary.run(["eval", "--out", run, "--as-round", "r0004", "--controller", "cmc:beta=0.5", "--seeds", "2"])
        #expect(r.status == 2)
        #expect(r.stderr == "ttsdash: error: --as-round r0004: round index r0004 is taken in this run; choose another name (the next free index is r0007)\n")
        #expect(dir.files() == before)
    }

    @Test("bad input is refused before any work", arguments: [
        (["--as-round", "x y", "--controller", "cmc:beta=0.5"], "--as-round x y: use letters, digits"),
        (["--as-round", "ok", "--controller", "cmc:beta=0:2:0.5"], "beta=1.5 is outside [0, 1]"),
        (["--as-round", "ok", "--controller", "cmc:beta=0.5", "--backbone", "Nope"], "no backbone 'Nope'"),
    ])
    func badInput(_ args: [String], _ message: String) throws {
        let dir = TempDir()
        let run = try Self.sampleCopy(dir)
        let before = dir.files()
        let r = try Binary.run(["eval", "--out", run] + args)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("ttsdash: error: ") && r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(dir.files() == before)
    }

    @Test("without --as-round, --stores is still required")
    func storesRequired() throws {
        let dir = TempDir()
        let r = try Binary.run(["eval", "--out", dir.path + "/out", "--controller", "cmc:beta=0.5"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--stores is required"))
    }

    @Test("SIGINT during the evaluation: exit 130, no round and no staging folder")
    func interrupted() throws {
        let dir = TempDir()
        let run = try Self.sampleCopy(dir)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binary.path!)
        p.arguments = ["eval", "--out", run, "--as-round", "long", "--controller", "cmc:beta=0:1:0.01", "--seeds", "1000", "--traces", "all", "--quiet"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let history = run + "/code_base/history"
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && !Self.entries(history).contains(where: { $0.hasPrefix(".ttsdash-staging-") }) { Thread.sleep(forTimeInterval: 0.05) }
        Thread.sleep(forTimeInterval: 0.3)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        #expect(!Self.entries(history).contains { $0.hasPrefix(".ttsdash-staging-") || $0.hasPrefix("r0007") })
    }
}
