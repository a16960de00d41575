import Foundation
import ReplayCore

/// One question of a trace file under one configuration and seed, as the list shows it.
public struct TraceQuestionSummary: Sendable, Equatable {
    public var question: Int
    public var isCorrect: Bool?
    public var cost: Int?
    /// Branches opened; nil when the row does not say.
    public var branches: Int?
    public var stopReason: String?
    public var answer: String?

    public init(question: Int, isCorrect: Bool?, cost: Int?, branches: Int?, stopReason: String?, answer: String?) {
        self.question = question; self.isCorrect = isCorrect; self.cost = cost; self.branches = branches
        self.stopReason = stopReason; self.answer = answer
    }
}

/// The questions of one configuration and seed in a trace file.
public struct TraceQuestionList: Sendable, Equatable {
    public var tracePath: String
    /// The description as written in the trace file.
    public var description: String
    public var seeds: [Int]
    public var seed: Int
    public var questions: [TraceQuestionSummary]
    /// Why nothing could be listed (no trace file, no rows for the configuration, …).
    public var error: String?
    public var notes: [String]
    /// Every configuration (description) the trace file has rows for, whichever was asked for.
    public var traced: [String]

    public init(tracePath: String, description: String, seeds: [Int], seed: Int, questions: [TraceQuestionSummary],
                error: String? = nil, notes: [String] = [], traced: [String] = []) {
        self.tracePath = tracePath; self.description = description; self.seeds = seeds; self.seed = seed
        self.questions = questions; self.error = error; self.notes = notes; self.traced = traced
    }

    public static func failed(_ path: String, _ why: String) -> TraceQuestionList {
        TraceQuestionList(tracePath: path, description: "", seeds: [], seed: 0, questions: [], error: why)
    }
}

/// Where a round's trace file for one backbone and benchmark is, or why there is none, in
/// the words every reader shows (the Trace view, `ttsdash trace`, Compare's flips).
public enum TraceFileLookup: Sendable, Equatable {
    case present(path: String)
    case missing(reason: String)

    public var path: String? { if case .present(let p) = self { p } else { nil } }
    public var reason: String? { if case .missing(let r) = self { r } else { nil } }
}

extension Round {
    /// The trace file of this round's results on a backbone and benchmark.
    public func traceFile(backbone: String, benchmark: String) -> TraceFileLookup {
        guard let set = results(backbone: backbone, benchmark: benchmark) else {
            return .missing(reason: "round \(shortName) has no results for \(backbone) / \(benchmark)")
        }
        guard let ref = set.trace else {
            let folder = set.csvPath.map { ($0 as NSString).deletingLastPathComponent } ?? directory
            return .missing(reason: "round \(shortName) has no trace file for \(backbone) / \(benchmark) (no \(ResultFiles.traceName(benchmark: benchmark)) in \(folder))")
        }
        guard ref.status == .present else {
            return .missing(reason: "round \(shortName): the trace file \((ref.path as NSString).lastPathComponent) is listed in the round's manifest but not shipped (published rounds ship none; 'ttsdash eval --traces' writes them)")
        }
        return .present(path: ref.path)
    }
}
