import Foundation

/// The proposer's prompt: a template with `{{name}}` placeholders filled per round. The built-in
/// template says what AutoTTS's does in short: the objective, the files, the history; a user's
/// own (`--prompt-template FILE`) may use any of `names`, and an unknown name is refused before
/// the search starts (a typo would otherwise reach the agent as literal braces).
public struct PromptTemplate: Sendable, Equatable {
    public var text: String

    public static let names: [String] = [
        "round_id", "round_index", "search_round", "search_rounds", "workspace", "method_path", "environment_dir",
        "training_results_dir", "history_dir", "baselines_dir", "workflow_index", "round_log_dir",
        "history_summary", "summary_files", "previous_round", "controller_specs", "backbones", "benchmarks", "seeds",
    ]

    public init(text: String) throws(SearchError) {
        self.text = text
        let unknown = Self.placeholders(in: text).filter { !Self.names.contains($0) }
        if let u = unknown.first {
            throw SearchError("--prompt-template: unknown placeholder {{\(u)}} (known: \(Self.names.map { "{{\($0)}}" }.joined(separator: ", ")))")
        }
    }

    public static func load(path: String?) throws(SearchError) -> PromptTemplate {
        guard let path else { return try PromptTemplate(text: builtIn) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SearchError("\(path): --prompt-template cannot be read as UTF-8 text")
        }
        return try PromptTemplate(text: text)
    }

    static func placeholders(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            out.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return out
    }

    public func render(_ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            out += rest[..<open.lowerBound]
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += values[name] ?? ""
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    public static let builtIn = """
    You are improving a test-time-scaling (TTS) controller in an offline replay environment (AutoTTS).
    A controller decides, per question, how many reasoning branches of a language model to open,
    probe (500 tokens at a time), abandon or read to the end, and which answer to return. The
    replay stores hold pre-generated branches, so every evaluation is exact and costs no model calls.

    Objective: high accuracy at low token cost across backbones. Export one scalar knob `beta` in
    [0, 1] that schedules every other knob, from cheap (0) to accurate (1).

    This is round {{round_id}} (search round {{search_round}} of {{search_rounds}}).

    Files (paths relative to the workspace {{workspace}}):
    - Edit {{method_path}}: it must stay self-contained (standard library, numpy, scipy.stats.beta)
      and define the controller class the evaluator builds: {{controller_specs}}.
    - Replay stores: {{environment_dir}}/<backbone>/<benchmark>.json (read them to learn the interface;
      do not change them).
    - Seed baselines: {{baselines_dir}} (SC, ASC, ESC, Parallel-Probe result CSVs).
    - Earlier rounds: {{history_dir}}/<round>/code_base/method.py, their result CSVs in
      proposal_results/, and a short summary in round_summary.txt; index: {{workflow_index}}.

    After you finish, {{method_path}} is evaluated on {{backbones}} x {{benchmarks}} with {{seeds}}
    shuffle seeds; a file that does not import or raises scores nothing for the round.

    History (best point and the β = 0.5 / 1.0 operating points per backbone; Acc % @ tokens per question):
    {{history_summary}}

    Round summaries to read first:
    {{summary_files}}

    End with a short summary of what you changed and why: it is saved as this round's proposal summary.

    """
}
