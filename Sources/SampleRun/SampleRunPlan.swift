import Foundation

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

    public enum Outcome: Sendable, Equatable, Decodable {
        /// Evaluated on every backbone and archived.
        case archived
        /// The evaluation stopped after `completedBackbones` backbones with this return code;
        /// archived with what was written.
        case failed(completedBackbones: Int, returnCode: Int)
        /// Still being evaluated: `training_results` holds the first `completedBackbones` backbones.
        case evaluating(completedBackbones: Int)

        private enum Keys: String, CodingKey { case kind, completedBackbones, returnCode }

        /// `{"kind": "archived"}`, `{"kind": "failed", "completed_backbones": 1, "return_code": 1}`,
        /// `{"kind": "evaluating", "completed_backbones": 2}`.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            switch try c.decode(String.self, forKey: .kind) {
            case "archived": self = .archived
            case "failed": self = .failed(completedBackbones: try c.decode(Int.self, forKey: .completedBackbones),
                                          returnCode: try c.decode(Int.self, forKey: .returnCode))
            case "evaluating": self = .evaluating(completedBackbones: try c.decode(Int.self, forKey: .completedBackbones))
            case let other: throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown outcome '\(other)'")
            }
        }
    }

    public struct Round: Sendable, Decodable {
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

    /// The rounds, in order (`Plan/rounds.json`, compiled in): data, not code.
    public static let rounds: [Round] = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode([Round].self, from: Data(PackageResources.rounds_json)) }
        catch { fatalError("Plan/rounds.json does not decode: \(error)") }
    }()
}
