/// The made-up models and benchmarks of the sample run.
///
/// Why these numbers: they put the synthetic stores' statistics inside the range measured on the
/// 12 real AutoTTS stores (Qwen3-0.6B..8B on aime24/aime25/hmmt25): single-branch accuracy from
/// about 0.1 to 0.75, majority-of-64 accuracy from about 0.2 to 0.8, median trace length 11k to
/// 19k tokens, answers that keep changing at a rate of 0.2 to 0.45 per probe (see
/// `StoreStatistics` and the statistics test, which checks this against the real stores).
public struct SyntheticBackbone: Sendable, Equatable {
    public let name: String
    /// Skill on the difficulty scale: a question of difficulty `d` is answered right by one
    /// branch with probability `logistic(slope * (strength - d))`.
    public let strength: Double
    /// When wrong, the chance the answer is one of the question's popular wrong answers (strong
    /// models agree on their mistakes; weak ones scatter).
    public let popularWrongShare: Double
    /// Multiplies every trace length (weaker models ramble a little longer).
    public let lengthScale: Double
    /// Chance that a probe before the answer settles reads "ERR" or a partial expression.
    public let noise: Double

    public static let small = SyntheticBackbone(name: "Synth-S", strength: 0.12, popularWrongShare: 0.58, lengthScale: 1.05, noise: 0.24)
    public static let medium = SyntheticBackbone(name: "Synth-M", strength: 0.45, popularWrongShare: 0.6, lengthScale: 1.0, noise: 0.2)
    public static let large = SyntheticBackbone(name: "Synth-L", strength: 0.66, popularWrongShare: 0.75, lengthScale: 0.95, noise: 0.16)

    public static let all: [SyntheticBackbone] = [small, medium, large]
}

public struct SyntheticBenchmark: Sendable, Equatable {
    public enum Role: String, Sendable { case search, heldout }
    public let name: String
    public let role: Role
    public let questionCount: Int
    /// Added to every question's difficulty (held-out sets are a little harder, as AIME25 and
    /// HMMT25 are for the real backbones).
    public let difficultyShift: Double

    public static let search = SyntheticBenchmark(name: "synth-search", role: .search, questionCount: 20, difficultyShift: 0)
    public static let heldout = SyntheticBenchmark(name: "synth-heldout", role: .heldout, questionCount: 15, difficultyShift: 0.08)

    public static let all: [SyntheticBenchmark] = [search, heldout]
}

/// Fixed shape of every store (the real stores' values).
public enum SyntheticShape {
    public static let branchesPerQuestion = 128
    public static let probeFreq = 500
    public static let maxProbes = 80
    public static let minProbes = 3
    /// Shortest and longest trace in tokens (the real stores: about 1,100 to 41,510).
    public static let minTokens = 1_100
    public static let maxTokens = 41_500
}
