import Foundation
import Testing

/// `ttsdash trace ... --timeline`: the Trace view's timeline and state panel as plain text.
@Suite("ttsdash trace --timeline", .enabled(if: Binary.available, Binary.missing))
struct TraceTimelineCLITests {
    static let sample = Binary.packageRoot + "/sample-runs/autotts-synthetic"
    static let args = ["trace", sample, "--round", "r0005", "--backbone", "Synth-S", "--config", "cmc:beta=0.5", "--seed", "0", "--question", "0", "--timeline"]

    @Test("a project row: its own action log, at the answer and at a chosen step")
    func projectRow() throws {
        let r = try Binary.run(Self.args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("stop: ema_momentum_gate"))
        #expect(r.stdout.contains("action log from the row"))
        #expect(r.stdout.contains(" branch  tok |0"))
        #expect(r.stdout.contains("●gold ◆majority"))
        let stepLine = try #require(r.stdout.split(separator: "\n").first { $0.contains("Step ") && $0.contains(" of ") })
        let parts = stepLine.split(separator: " ")
        #expect(parts.count >= 4 && parts[1] == parts[3], "at the answer: \(stepLine)")
        #expect(r.stdout.contains(": finish"))
        #expect(!r.stdout.contains("\u{1B}"))
        let start = try Binary.run(Self.args + ["--step", "0", "--width", "60"])
        #expect(start.status == 0)
        #expect(start.stdout.contains("Step 0 of"))
        #expect(start.stdout.contains("no branch opened yet"))
        #expect(start.stdout.split(separator: "\n").allSatisfy { $0.count <= 60 || $0.hasPrefix("trace:") || $0.hasPrefix("r0005") || $0.hasPrefix("  ") })
        // The head wraps at the width rather than losing its end (the cost).
        let narrow = try Binary.run(Self.args + ["--width", "40"])
        #expect(narrow.stdout.contains("ema_momentum_gate") && narrow.stdout.contains("cost "), "\(narrow.stdout)")
    }

    @Test("a reference row is re-run on the stores and checked against the row", .enabled(if: Binary.sharedAvailable, Binary.sharedMissing))
    func referenceRow() throws {
        let controller = Binary.packageRoot + "/../shared/autotts/efficient_reasoning_controller"
        let file = Binary.packageRoot + "/../shared/autotts/reference-traces/Qwen3-4B/aime24/cmc_beta0.5_seeds0-4.jsonl"
        let r = try Binary.run(["trace", controller, "--file", file, "--config", "cmc:beta=0.5", "--seed", "0", "--question", "17", "--timeline", "--width", "120"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("agree with the row"))
        #expect(r.stdout.contains("dropped 16"))
        #expect(r.stdout.contains("⊘"))
        // Without a run to take stores from: the decision events alone, and why.
        let bare = try Binary.run(["trace", "--file", file, "--config", "cmc:beta=0.5", "--seed", "0", "--question", "17", "--timeline"])
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(bare.stdout.contains("no branch timeline"))
        #expect(bare.stdout.contains("decision events (71):"))
    }

    @Test("--replay gives a reference row the action log of a verified re-run, the Trace view's path", .enabled(if: Binary.sharedAvailable, Binary.sharedMissing))
    func replayFlag() throws {
        let controller = Binary.packageRoot + "/../shared/autotts/efficient_reasoning_controller"
        let file = Binary.packageRoot + "/../shared/autotts/reference-traces/Qwen3-4B/aime24/cmc_beta0.5_seeds0-4.jsonl"
        let r = try Binary.run(["trace", controller, "--file", file, "--config", "cmc:beta=0.5", "--seed", "0", "--question", "17", "--replay"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("agree with the row"), "\(r.stdout.prefix(600))")
        // The JSON form carries the re-run action log too.
        let json = try Binary.run(["trace", controller, "--file", file, "--config", "cmc:beta=0.5", "--seed", "0", "--question", "17", "--replay", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"actions\""), "\(json.stdout.prefix(400))")
    }
}
