import Foundation
import Runs
@testable import Search
import Testing

/// The pieces of the loop that need no Python: durations, the prompt, transcripts, the demo
/// proposer's edits, presets, the round summary.
@Suite("Search parts")
struct SearchPartsTests {
    @Test func durations() {
        #expect(DurationText.seconds("90") == 90)
        #expect(DurationText.seconds("90s") == 90)
        #expect(DurationText.seconds("30m") == 1800)
        #expect(DurationText.seconds("1h30m") == 5400)
        #expect(DurationText.seconds("2.5m") == 150)
        #expect(DurationText.seconds("0") == nil)
        #expect(DurationText.seconds("5x") == nil)
        #expect(DurationText.seconds("m") == nil)
        #expect(DurationText.format(45) == "45s")
        #expect(DurationText.format(125) == "2m 05s")
    }

    @Test func templateRefusesUnknownPlaceholders() throws {
        #expect(throws: SearchError.self) { try PromptTemplate(text: "round {{round_idd}}") }
        let t = try PromptTemplate(text: "round {{ round_id }} of {{search_rounds}}; {{history_summary}}")
        #expect(t.render(["round_id": "r0003_x", "search_rounds": "5", "history_summary": "- r0002"]) == "round r0003_x of 5; - r0002")
        // The built-in template uses only known names.
        _ = try PromptTemplate(text: PromptTemplate.builtIn)
    }

    @Test func lastMessageOfEachProposerKind() throws {
        let claude = """
        {"type":"system","subtype":"init"}
        {"type":"assistant","message":{"content":[{"type":"text","text":"Editing method.py"}]}}
        {"type":"result","subtype":"success","result":"Raised the confidence gate at high beta."}
        """
        #expect(TranscriptReader.finalMessage(stdout: claude, finalResultFile: nil) == "Raised the confidence gate at high beta.")
        let claudeNoResult = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Done: widened later.\"}]}}\n"
        #expect(TranscriptReader.finalMessage(stdout: claudeNoResult, finalResultFile: nil) == "Done: widened later.")
        let codex = """
        {"type":"thread.started","thread_id":"t"}
        {"type":"item.completed","item":{"id":"i0","type":"agent_message","text":"First note"}}
        {"type":"item.completed","item":{"id":"i1","type":"command_execution","command":"ls"}}
        {"type":"item.completed","item":{"id":"i2","type":"agent_message","text":"Final: EMA window shortened."}}
        {"type":"turn.completed"}
        """
        #expect(TranscriptReader.finalMessage(stdout: codex, finalResultFile: nil) == "Final: EMA window shortened.")
        let plain = "step 1\nstep 2\n\nSummary line one\nline two\n\n\n"
        #expect(TranscriptReader.finalMessage(stdout: plain, finalResultFile: nil) == "Summary line one\nline two")
        let file = NSTemporaryDirectory() + "ttsdash-final-\(UUID().uuidString).txt"
        try "  from the file \n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { unlink(file) }
        #expect(TranscriptReader.finalMessage(stdout: codex, finalResultFile: file) == "from the file")
        #expect(TranscriptReader.messagesArray(claude).hasPrefix("[{\"type\": \"system\""))
    }

    @Test func presetsAndTranscriptNames() {
        let claude = ProposerCommand.resolve("claude", ttsdashExecutable: nil)
        #expect(claude.shell.hasPrefix("claude -p --output-format stream-json"))
        #expect(claude.transcriptName == "claude_messages.json")
        let codex = ProposerCommand.resolve("codex", ttsdashExecutable: nil)
        #expect(codex.shell.hasPrefix("codex exec --json"))
        #expect(codex.shell.hasSuffix(" -"))
        #expect(codex.transcriptName == "codex_stdout.jsonl")
        #expect(ProposerCommand.resolve("/usr/local/bin/claude -p --model opus", ttsdashExecutable: nil).preset == .claude)
        let demo = ProposerCommand.resolve("demo", ttsdashExecutable: "/opt/tts dash/ttsdash")
        #expect(demo.shell == "'/opt/tts dash/ttsdash' demo-proposer")
        let own = ProposerCommand.resolve("python3 my_agent.py --fast", ttsdashExecutable: nil)
        #expect(own.preset == nil && own.transcriptName == "proposer_stdout.txt")
    }

    static let base = """
    class OptimalController:
        def __init__(self, config=None):
            self._beta = float((config or {}).get("beta", 0.5))
            b = max(0.0, min(1.0, self._beta))
            self.n_init = max(2, round(2 + 6 * b))
    """

    @Test func demoWarpsTheScheduleOnceAndCleansEarlierEdits() {
        let one = DemoProposer.propose(base: Self.base, step: 1)
        #expect(one.source.contains("        b = b ** 0.7  # ttsdash demo-proposer: β schedule warped (search round 1)\n        self.n_init"))
        let two = DemoProposer.propose(base: one.source, step: 2, fault: .raises)
        #expect(!two.source.contains("b ** 0.7"))
        #expect(two.source.components(separatedBy: "b = b ** ").count == 2)
        #expect(two.source.contains("b = b ** 1.4"))
        #expect(two.source.contains("OptimalController.solve = _demo_proposer_solve"))
        let three = DemoProposer.propose(base: two.source, step: 3)
        #expect(!three.source.contains("_demo_proposer_solve"))
        #expect(three.source.contains("b = b ** 0.5"))
        // Same input, same output.
        #expect(DemoProposer.propose(base: two.source, step: 3) == three)
        let walked = DemoProposer.propose(base: "", step: 3, walk: [("a.py", "A\n"), ("b.py", "B\n")])
        #expect(walked.source == "A\n")
        #expect(walked.message.contains("a.py"))
        #expect(DemoProposer.propose(base: Self.base, step: 1, fault: .importError).source.contains("raise ImportError"))
    }

    static func row(_ line: Int, beta: Double, acc: Double, cost: Double, name: String = "optimal_controller") -> ResultRow {
        let description = "\(name) | config={'beta': \(beta)}"
        return ResultRow(line: line, method: "OptimalController", acc: acc, cost: cost, stdAcc: 0, description: description,
                         configuration: RowConfiguration.parse(description: description)!, attributes: [])
    }

    @Test func summarySaysFrontierOperatingPointsChangesAndFailures() {
        let now = ResultSet(backbone: "Qwen3-4B", benchmark: "aime24", csvPath: nil, rows: [
            Self.row(2, beta: 0.0, acc: 70, cost: 50_000), Self.row(3, beta: 0.5, acc: 80.5, cost: 150_000),
            Self.row(4, beta: 1.0, acc: 82, cost: 400_000), Self.row(5, beta: 0.8, acc: 79, cost: 420_000),
        ], trace: nil, modifiedAt: nil)
        var previous = Round(id: "r0002_x", kind: .archived, index: 2, phase: .archived, directory: "/x")
        previous.results = [ResultSet(backbone: "Qwen3-4B", benchmark: "aime24", csvPath: nil, rows: [
            Self.row(2, beta: 0.5, acc: 80, cost: 200_000), Self.row(3, beta: 1.0, acc: 83, cost: 400_000),
        ], trace: nil, modifiedAt: nil)]
        var seeds = Round(id: "seed_algorithms", kind: .seedBaseline, phase: .archived, directory: "/s")
        let asc = "asc | config={'max_samples': 64, 'threshold': 0.95}"
        seeds.results = [ResultSet(backbone: "Qwen3-4B", benchmark: "aime24", csvPath: nil, rows: [
            ResultRow(line: 2, method: "ASCMethod", acc: 82.5, cost: 600_000, stdAcc: 0, description: asc,
                      configuration: RowConfiguration.parse(description: asc)!, attributes: []),
        ], trace: nil, modifiedAt: nil)]
        let text = RoundSummary.text(roundID: "r0003_x", returnCode: 1, results: [now], previous: previous, baselines: seeds,
                                     failures: ["Qwen3-4B/aime24 OptimalController:beta=0.9: ZeroDivisionError"], error: nil,
                                     proposal: "Tightened the gate.", methodPath: "code_base/history/r0003_x/code_base/method.py")
        #expect(text.contains("Round r0003_x: eval_returncode 1"))
        #expect(text.contains("frontier: 70.00 @ 50,000 (beta=0.0) · 80.50 @ 150,000 (beta=0.5) · 82.00 @ 400,000 (beta=1.0)"))
        #expect(text.contains("β=0.5: Acc 80.50 Cost 150,000  vs previous: +0.50 Acc, -25.0% Cost"))
        #expect(text.contains("β=1.0: Acc 82.00 Cost 400,000  vs previous: -1.00 Acc, +0.0% Cost"))
        #expect(text.contains("cheapest seed reaching 82.00: 82.50 @ 600,000 (asc max_samples=64,threshold=0.95), this round uses -33.3% tokens"))
        #expect(text.contains("Failures:\n  Qwen3-4B/aime24 OptimalController:beta=0.9: ZeroDivisionError"))
        #expect(RoundSummary.compactLines(previous) == ["Qwen3-4B/aime24 best 83.00 @ 400,000 (beta=1.0); β=0.5 80.00 @ 200,000; β=1.0 83.00 @ 400,000"])
    }
}
