import Foundation

/// What a results row says about its controller besides the numbers: the reference's `Method`
/// and `Description` columns, a label for tables, and the attribute columns after `Description`.
public struct ResultRowLabel: Sendable, Hashable {
    /// One attribute column's cell. `kind` lets the CSV writer type a column as pandas does (a
    /// column of ints with a gap, or mixed with floats, is a float column: `4.0`).
    public struct Cell: Sendable, Hashable {
        public enum Kind: String, Sendable { case int, float, text }
        public var name: String
        public var text: String
        public var kind: Kind
        public init(name: String, text: String, kind: Kind = .text) { self.name = name; self.text = text; self.kind = kind }
    }

    public var methodName: String
    public var description: String
    /// How tables and progress lines name the configuration (`cmc:beta=0.5`, `OptimalController:beta=0.5`).
    public var label: String
    public var columns: [Cell]

    public init(methodName: String, description: String, label: String, columns: [Cell]) {
        self.methodName = methodName
        self.description = description
        self.label = label
        self.columns = columns
    }

    /// A built-in controller's row: `config` first, then the controller's own attributes.
    public init(builtIn configuration: ControllerConfiguration, attributes: [(String, String)]) {
        self.init(methodName: configuration.methodName, description: configuration.descriptionString,
                  label: configuration.spec,
                  columns: [Cell(name: "config", text: configuration.configRepr)] + attributes.map { Cell(name: $0.0, text: $0.1) })
    }
}

/// One configuration's outcome on one store, with the reference's Acc and Cost.
public struct ConfigurationResult: Sendable {
    public let backbone: String
    public let benchmark: String
    public let row: ResultRowLabel
    /// The built-in configuration evaluated; nil for a round's own `method.py` controller.
    public let builtIn: ControllerConfiguration?
    public let seeds: Int
    public let questionCount: Int
    /// Correct answers and tokens summed over all seeds and questions.
    public let correct: Int
    public let tokens: Int
    /// Per question (file order), summed over seeds.
    public let correctByQuestion: [Int]
    public let tokensByQuestion: [Int]

    public init(backbone: String, benchmark: String, row: ResultRowLabel, builtIn: ControllerConfiguration?, seeds: Int,
                correctByQuestion: [Int], tokensByQuestion: [Int]) {
        self.backbone = backbone
        self.benchmark = benchmark
        self.row = row
        self.builtIn = builtIn
        self.seeds = seeds
        self.questionCount = correctByQuestion.count
        self.correct = correctByQuestion.reduce(0, +)
        self.tokens = tokensByQuestion.reduce(0, +)
        self.correctByQuestion = correctByQuestion
        self.tokensByQuestion = tokensByQuestion
    }

    /// `100 * mean over seeds of (correct / questions)`, rounded to 2 decimals as the reference.
    public var acc: Double { Self.accuracy(correct: correct, runs: seeds * questionCount) }
    /// Mean tokens per question, truncated to an integer as the reference.
    public var cost: Int { seeds * questionCount == 0 ? 0 : tokens / (seeds * questionCount) }

    /// Exact rational rounding of `100 * correct / runs` to 2 decimals (halves to even).
    public static func accuracy(correct: Int, runs: Int) -> Double {
        guard runs > 0 else { return 0 }
        let num = correct * 10_000, den = runs
        var q = num / den
        let r = num % den
        if 2 * r > den || (2 * r == den && q % 2 == 1) { q += 1 }
        return Double(q) / 100
    }
}
