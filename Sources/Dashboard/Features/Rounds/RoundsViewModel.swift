import Foundation

/// What the Rounds view shows, as plain data. The runs layer fills it through an adapter;
/// `nil` numbers mean "not reported" and are drawn as "–", never as 0.
public struct RoundsViewModel: Sendable, Equatable {
    /// Backbone names in display order (e.g. Qwen3-0.6B … Qwen3-8B).
    public var backbones: [String]
    public var rows: [RoundRow]

    public init(backbones: [String], rows: [RoundRow]) {
        self.backbones = backbones
        self.rows = rows
    }

    public static let empty = RoundsViewModel(backbones: [], rows: [])
}

/// One discovery round (or a seed/baseline entry) in run order.
public struct RoundRow: Sendable, Equatable {
    /// Stable identity, e.g. "r0003".
    public var id: String
    /// Display name, e.g. "round 3" or "seed algorithms".
    public var name: String
    /// Where the round is: e.g. "proposing", "evaluating", "done", "failed".
    public var phase: RoundPhase
    public var started: Date?
    public var finished: Date?
    /// Best results per backbone name; a missing key means not reported.
    public var perBackbone: [String: BackboneSummary]
    public var detail: RoundDetail

    public init(id: String, name: String, phase: RoundPhase, started: Date? = nil, finished: Date? = nil,
                perBackbone: [String: BackboneSummary] = [:], detail: RoundDetail = RoundDetail()) {
        self.id = id; self.name = name; self.phase = phase; self.started = started; self.finished = finished
        self.perBackbone = perBackbone; self.detail = detail
    }
}

/// A round's state. Colour plus a glyph show it, so it reads without colour too.
public enum RoundPhase: Sendable, Equatable {
    case seed, proposing, evaluating, done, failed, unknown(String)

    public var label: String {
        switch self {
        case .seed: "seed"
        case .proposing: "proposing"
        case .evaluating: "evaluating"
        case .done: "done"
        case .failed: "failed"
        case .unknown(let s): s
        }
    }

    public var glyph: String {
        switch self {
        case .seed: "◇"
        case .proposing, .evaluating: "◌"
        case .done: "✓"
        case .failed: "✗"
        case .unknown: "?"
        }
    }
}

/// One backbone's headline numbers for a round.
public struct BackboneSummary: Sendable, Equatable {
    /// Best accuracy (percent) over the round's configurations, and the cost that reached it.
    public var bestAcc: Double?
    public var bestCost: Double?
    /// Accuracy (percent) and cost at the β = 0.5 and β = 1.0 operating points.
    public var accAtBeta05: Double?
    public var costAtBeta05: Double?
    public var accAtBeta10: Double?
    public var costAtBeta10: Double?

    public init(bestAcc: Double? = nil, bestCost: Double? = nil, accAtBeta05: Double? = nil, costAtBeta05: Double? = nil,
                accAtBeta10: Double? = nil, costAtBeta10: Double? = nil) {
        self.bestAcc = bestAcc; self.bestCost = bestCost
        self.accAtBeta05 = accAtBeta05; self.costAtBeta05 = costAtBeta05
        self.accAtBeta10 = accAtBeta10; self.costAtBeta10 = costAtBeta10
    }
}

/// What drilling into a round shows: its result rows, proposal summary and controller source.
public struct RoundDetail: Sendable, Equatable {
    public var results: [ResultRow]
    /// The proposal's summary text (untrusted; sanitised when drawn).
    public var summary: String?
    /// The controller's source code (untrusted; sanitised when drawn).
    public var source: String?
    /// Where the source came from, shown as its title.
    public var sourcePath: String?

    public init(results: [ResultRow] = [], summary: String? = nil, source: String? = nil, sourcePath: String? = nil) {
        self.results = results; self.summary = summary; self.source = source; self.sourcePath = sourcePath
    }
}

/// One row of a results CSV.
public struct ResultRow: Sendable, Equatable {
    public var backbone: String
    public var benchmark: String
    public var method: String
    public var config: String
    public var acc: Double?
    public var cost: Double?

    public init(backbone: String, benchmark: String, method: String, config: String, acc: Double?, cost: Double?) {
        self.backbone = backbone; self.benchmark = benchmark; self.method = method; self.config = config
        self.acc = acc; self.cost = cost
    }
}
