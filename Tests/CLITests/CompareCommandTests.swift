import Foundation
import Testing
import ReplayCore

/// `ttsdash compare` as a script would use it.
@Suite("ttsdash compare", .enabled(if: Binary.available, Binary.missing))
struct CompareCommandTests {
    static let sample = Binary.packageRoot + "/sample-runs/autotts-synthetic"
    static let shared = Binary.packageRoot + "/../shared/autotts"

    @Test("r0003 vs r0004 on the published data: delta table, summaries, replayed SC@64, the sources' diff",
          .enabled(if: Binary.sharedAvailable, Binary.sharedMissing))
    func publishedText() throws {
        let r = try Binary.run(["compare", Self.shared, "--rounds", "r0003,r0004", "--backbone", "Qwen3-4B"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "== Qwen3-4B / aime24: r0003 (baseline) vs r0004")
        let half = try #require(lines.first { $0.hasPrefix("beta=0.5 ") })
        #expect(half.split(separator: " ").map(String.init) == ["beta=0.5", "82.40", "250,580", "81.97", "236,735", "-0.43", "-13,845", "-5.5%"])
        #expect(r.stdout.contains("tokens at equal accuracy (83.53%): 424,878 vs 316,995; r0004 spends 107,883 more (+34.0% tokens)"))
        #expect(r.stdout.contains("above where: r0004 47.2k-77.5k, r0003 77.5k-104k, r0004 104k-153k, r0003 153k-381k"))
        #expect(r.stdout.contains("vs SC@64 (") && r.stdout.contains("replayed by ttsdash's core from ") && r.stdout.contains("code_base/environment/Qwen3-4B/aime24.json (100 seeds"))
        // The rounds ship the method.py each proposed: their diff is counted, then printed.
        #expect(r.stdout.contains("controller source: +353 -293 lines"))
        #expect(r.stdout.contains("only r0004: T_ema"))
        #expect(r.stdout.contains("== trajectory at beta = 1.0 on Qwen3-4B"))
    }

    @Test("--json on the published data, every backbone", .enabled(if: Binary.sharedAvailable, Binary.sharedMissing))
    func publishedJSON() throws {
        let r = try Binary.run(["compare", Self.shared, "--rounds", "seed,r0004", "--json", "--no-replay"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONParser.parse(r.stdout)
        let comparisons = try #require(json["comparisons"]?.arrayValue)
        #expect(comparisons.compactMap { $0["backbone"]?.stringValue } == ["Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B", "Qwen3-8B"])
        let four = comparisons[2]
        #expect(four["baseline"]?.stringValue == "seed")
        // Without replay, the headline names the strongest seed point and says so.
        #expect(four["headline_reference"]?["label"]?.stringValue == "seed asc max_samples=16")
        #expect(four["headline_reference"]?["source"]?.stringValue?.contains("SC@64 is not in seed") == true)
        let summary = try #require(four["summaries"]?.arrayValue?.first)
        #expect(summary["side"]?.stringValue == "r0004" && summary["best_acc"]?.doubleValue == 83.53)
        let trajectory = try #require(json["trajectory"]?["backbones"]?.arrayValue)
        #expect(trajectory.count == 4)
    }

    @Test("the sample run: a real diff of method.py and summaries, and flips from traces")
    func sampleDiff() throws {
        let r = try Binary.run(["compare", Self.sample, "--rounds", "r0004,r0005", "--backbone", "Synth-M", "--flips", "beta=0.5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("--- r0004/method.py\n+++ r0005/method.py\n@@ -1,21 +1,27 @@"))
        #expect(r.stdout.contains("-    {'beta': 0.25},\n+    {'beta': 0.1},"))
        #expect(r.stdout.contains("proposal summary: +11 -5 lines"))
        #expect(r.stdout.contains("-Proposal: confidence momentum controller, coarse beta sweep.\n-Same controller with the crash fixed (a branch list emptied by pruning).\n-Sweep beta coarsely to see the accuracy-cost curve.\n+Proposal: confidence momentum controller, full beta sweep."))
        #expect(r.stdout.contains("per-question flips at beta=0.5 over 1 seed, 4 questions"))
        // The same configuration as a SPEC, as `ttsdash trace --config` takes it.
        let spec = try Binary.run(["compare", Self.sample, "--rounds", "r0004,r0005", "--backbone", "Synth-M", "--flips", "cmc:beta=0.5"])
        #expect(spec.status == 0, "\(spec.stderr)")
        #expect(spec.stdout.contains("per-question flips at beta=0.5 over 1 seed, 4 questions"))
        #expect(!spec.stdout.contains("no configuration"))
        // The seed baselines report SC@64 themselves.
        let s = try Binary.run(["compare", Self.sample, "--rounds", "seed,r0004", "--backbone", "Synth-M"])
        #expect(s.stdout.contains("r0004 saves 82.5% tokens vs SC@64 (63.50% at 921,247 tokens)"))
        #expect(s.stdout.contains("reference: seed row 16 (sc max_samples=64)"))
        #expect(s.stdout.contains("seed baselines are built-in controllers, not a proposal"))
    }

    @Test("bad input: one line on stderr, exit 2", arguments: [
        (["--rounds", "r0004"], "name at least two different rounds"),
        (["--rounds", "r0004,r0099"], "no round 'r0099'"),
        (["--rounds", "r0004,r0005", "--baseline", "r0001"], "--baseline: 'r0001' is not one of --rounds"),
        (["--rounds", "r0004,r0005", "--backbone", "Nope"], "--backbone: no backbone 'Nope'"),
    ])
    func badInput(args: [String], message: String) throws {
        let r = try Binary.run(["compare", Self.sample] + args)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("ttsdash: error: ") && r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }
}
