import Foundation
import Testing
import ReplayCore

/// The headless verbs as a script over SSH would use them, on the bundled sample run and the
/// published data.
@Suite("ttsdash rounds / frontier / trace / sample", .enabled(if: Binary.available, Binary.missing))
struct HeadlessVerbTests {
    static let sample = Binary.packageRoot + "/sample-runs/autotts-synthetic"

    @Test("rounds on the sample run shows every phase")
    func roundsSample() throws {
        let r = try Binary.run(["rounds", Self.sample])
        #expect(r.status == 0, "\(r.stderr)")
        let line = { (name: String) in r.stdout.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map(String.init) ?? "" }
        #expect(line("r0003").contains("failed"))
        #expect(line("r0006").contains("live") && line("r0006").contains("evaluating"))
        #expect(line("r0005").contains("archived"))
        #expect(line("seed").contains("seed"))
    }

    @Test("rounds --json is machine-readable")
    func roundsJSON() throws {
        let r = try Binary.run(["rounds", Self.sample, "--json"])
        #expect(r.status == 0)
        let json = try JSONParser.parse(r.stdout)
        let rounds = try #require(json["rounds"]?.arrayValue)
        #expect(rounds.count == 9)
        #expect(rounds.compactMap { $0["phase"]?.stringValue }.filter { $0 == "failed" }.count == 1)
    }

    @Test("rounds on the published AutoTTS data finds the seeds and r0000 to r0004", .enabled(if: Binary.sharedAvailable, Binary.sharedMissing))
    func roundsShared() throws {
        let r = try Binary.run(["rounds", Binary.packageRoot + "/../shared/autotts", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONParser.parse(r.stdout)
        let names = try #require(json["rounds"]?.arrayValue).compactMap { $0["short_name"]?.stringValue ?? $0["name"]?.stringValue }
        for name in ["r0000", "r0001", "r0002", "r0003", "r0004"] { #expect(names.contains(name), "\(names)") }
    }

    @Test("frontier --json marks Pareto points")
    func frontier() throws {
        let r = try Binary.run(["frontier", Self.sample, "--backbone", "Synth-M", "--benchmark", "synth-search", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let points = try #require(JSONParser.parse(r.stdout)["points"]?.arrayValue)
        let onFrontier = points.filter { $0["on_frontier"] == .bool(true) }
        #expect(!onFrontier.isEmpty && onFrontier.count < points.count)
        // No frontier point is dominated by another point (cheaper or equal and at least as accurate, one strictly).
        for p in onFrontier {
            let (c, a) = (p["cost"]!.doubleValue!, p["acc"]!.doubleValue!)
            #expect(!points.contains { q in
                let (qc, qa) = (q["cost"]!.doubleValue!, q["acc"]!.doubleValue!)
                return qc <= c && qa >= a && (qc < c || qa > a)
            })
        }
    }

    @Test("trace prints a row's decision events and action log, and re-runs it on the embedded core")
    func trace() throws {
        let args = ["trace", Self.sample, "--round", "r0005", "--backbone", "Synth-M", "--benchmark", "synth-search",
                    "--config", "cmc:beta=0.5", "--seed", "0", "--question", "6"]
        let r = try Binary.run(args + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let row = try JSONParser.parse(r.stdout)
        #expect(row["description"] == "optimal_controller | config={'beta': 0.5}")
        let actions = try #require(row["actions"]?.arrayValue)
        #expect(actions.compactMap { $0["tokens"]?.intValue }.reduce(0, +) == row["cost"]?.intValue)
        // A row the trace file lacks is replayed with the round's own method.py, and says so.
        let replayed = try Binary.run(Array(args.dropLast()) + ["1", "--json"])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        let other = try JSONParser.parse(replayed.stdout)
        #expect(other["question_index"]?.intValue == 1 && other["actions"]?.arrayValue?.isEmpty == false)
        #expect(other["replayed"]?.stringValue?.contains("has no row for cmc beta=0.5, seed 0, question 1: replayed on demand with the round's method.py (OptimalController:beta=0.5)") == true,
                "\(other["replayed"]?.stringValue ?? "")")
        // A question the store does not have is still an error.
        let missing = try Binary.run(Array(args.dropLast()) + ["99"])
        #expect(missing.status == 2 && missing.stderr.contains("the replay gave no row for question 99"), "\(missing.stderr)")
    }

    @Test("a path that does not exist")
    func missingRun() throws {
        let r = try Binary.run(["rounds", "/nonexistent-run"])
        #expect(r.status == 2 && r.stderr.contains("/nonexistent-run"))
    }

    @Test("sample refuses to overwrite a folder that is not a sample run")
    func sampleRefuses() throws {
        let dir = TempDir()
        dir.write("precious.txt", "keep me")
        let r = try Binary.run(["sample", "--out", dir.path, "--quiet"])
        #expect(r.status == 2 && r.stderr.hasPrefix("ttsdash: error: "), "\(r.stderr)")
        #expect(dir.files() == ["precious.txt"])
    }
}
