/// What the sample discovery run contains: the seed baselines, the rounds and what each round
/// "proposed" (a built-in controller of the replay core at a setting of its own, standing in for
/// an agent's proposal), and which of them failed or is still being evaluated.
///
/// Why built-in controllers: the sample run is evaluated by this project's own evaluator, so every
/// number in it is real replay output on the synthetic stores; each round's `method.py` is a
/// runnable Python port of exactly that controller, which the controller host replays to the
/// same numbers.
public enum SampleRunPlan {
    /// Shuffle seeds per configuration, as the reference evaluation.
    public static let seeds = 100
    /// Trace rows kept (one configuration per round): shuffle seed 0 on four questions spread
    /// from the easiest to the hardest. A CMC row with its action log is 50 to 100 KB, so more
    /// would break the sample's 10 MB budget.
    public static let traceSeeds = 1
    public static let traceQuestionCount = 4

    /// The question indices whose trace rows are kept, evenly spread over `0..<questionCount`.
    public static func tracedQuestions(questionCount n: Int) -> [Int] {
        let k = min(traceQuestionCount, n)
        guard k > 1 else { return [0] }
        return (0..<k).map { $0 * (n - 1) / (k - 1) }
    }

    /// The reference-style baselines in `history/seed_algorithms` (search benchmark only, as in AutoTTS).
    public static let baselineSpecs = [
        "sc:max_samples=1,4,8,16,32,64",
        "asc:max_samples=1,4,8,16,32,64",
        "esc:max_samples=16,32,64",
        "pp:num_chains=1,4,8,16,32,64",
    ]

    /// The held-out evaluation (`eval/test_results`): the baselines and the final round's controller.
    public static let heldoutSpecs = [
        "sc:max_samples=64",
        "asc:max_samples=1,4,8,16,32,64",
        "esc:max_samples=16,32,64",
        "pp:num_chains=1,4,8,16,32,64",
        "cmc:beta=0:1:0.1",
    ]

    public enum Outcome: Sendable, Equatable {
        /// Evaluated on every backbone and archived.
        case archived
        /// The evaluation stopped after `completedBackbones` backbones with this return code;
        /// archived with what was written.
        case failed(completedBackbones: Int, returnCode: Int)
        /// Still being evaluated: `training_results` holds the first `completedBackbones` backbones.
        case evaluating(completedBackbones: Int)
    }

    public struct Round: Sendable {
        public let title: String
        /// Controller SPECs evaluated (`ttsdash eval --controller` syntax).
        public let specs: [String]
        /// The one configuration whose trace rows are kept.
        public let traceSpec: String
        public let outcome: Outcome
        /// Python-side controller family, for `method.py`.
        public let family: ControllerSource.Family
        /// What the (synthetic) proposer says about its proposal.
        public let summary: String
        /// Minutes from proposal start to the proposal being written, and to evaluation end.
        public let proposeMinutes: Int
        public let evaluateMinutes: Int
    }

    public static let rounds: [Round] = [
        Round(title: "windowed early stopping (ESC-like)",
              specs: ["esc:max_samples=8,16,32,64,window_size=4"],
              traceSpec: "esc:max_samples=16,window_size=4",
              outcome: .archived, family: .esc,
              summary: "Start from early-stopping self-consistency with smaller windows (4 instead of 8): "
                + "read full branches four at a time and stop as soon as a window is unanimous.",
              proposeMinutes: 14, evaluateMinutes: 3),
        Round(title: "adaptive consistency with a lower confidence gate (ASC variant)",
              specs: ["asc:max_samples=8,16,32,64,threshold=0.8,0.9"],
              traceSpec: "asc:max_samples=16,threshold=0.9",
              outcome: .archived, family: .asc,
              summary: "Windows stop too late on easy questions. Replace them with a Beta-posterior gate "
                + "on the vote margin after every branch, with a gate of 0.8 or 0.9 instead of ASC's 0.95.",
              proposeMinutes: 17, evaluateMinutes: 4),
        Round(title: "probing in parallel with fast pruning (Parallel-Probe variant)",
              specs: ["pp:num_chains=8,16,32,64,T=10,prune_patience=4,warm_up=5"],
              traceSpec: "pp:num_chains=8,T=10,prune_patience=4,warm_up=5",
              outcome: .archived, family: .parallelProbe,
              summary: "Full reads waste tokens on branches that already agree. Probe many branches every "
                + "500 tokens instead, prune a branch after 4 off-consensus steps, stop once the "
                + "consensus has held for 10 steps.",
              proposeMinutes: 21, evaluateMinutes: 6),
        Round(title: "first confidence-momentum draft (evaluation crashed)",
              specs: ["cmc:beta=0,0.5,1"],
              traceSpec: "cmc:beta=0.5",
              outcome: .failed(completedBackbones: 1, returnCode: 1), family: .cmc,
              summary: "Combine probing with an EMA of the vote confidence: stop when the EMA is high and "
                + "not falling, widen when it stalls. One scalar beta schedules every knob.",
              proposeMinutes: 26, evaluateMinutes: 2),
        Round(title: "confidence momentum controller, coarse beta sweep",
              specs: ["cmc:beta=0,0.25,0.5,0.75,1"],
              traceSpec: "cmc:beta=0.5",
              outcome: .archived, family: .cmc,
              summary: "Same controller with the crash fixed (a branch list emptied by pruning). "
                + "Sweep beta coarsely to see the accuracy-cost curve.",
              proposeMinutes: 12, evaluateMinutes: 5),
        Round(title: "confidence momentum controller, full beta sweep",
              specs: ["cmc:beta=0:1:0.1"],
              traceSpec: "cmc:beta=0.5",
              outcome: .archived, family: .cmc,
              summary: "The coarse sweep gives five points on the accuracy-cost curve. Sweep beta in "
                + "steps of 0.1 to place the operating points between them.",
              proposeMinutes: 9, evaluateMinutes: 8),
        Round(title: "confidence momentum controller, low-budget beta grid",
              specs: ["cmc:beta=0:0.3:0.05"],
              traceSpec: "cmc:beta=0.1",
              outcome: .evaluating(completedBackbones: 2), family: .cmc,
              summary: "Look closer at the cheap end of the curve, beta 0 to 0.3 in steps of 0.05.",
              proposeMinutes: 11, evaluateMinutes: 4),
    ]
}
