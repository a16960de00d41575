import ControllerHost
import Foundation
import ReplayCore

/// What re-runs a round's rows: the round's own `method.py` when it has one, else the built-in
/// controller its rows name (seed baselines, built-in launches).
public enum ReplayController: Sendable, Equatable {
    case builtIn(ControllerConfiguration)
    case method(path: String, configuration: HostedConfiguration)

    public var label: String {
        switch self {
        case .builtIn(let c): return "built-in \(c.spec)"
        case .method(_, let c): return "the round's method.py, \(c.label)"
        }
    }

    /// The controller for `configuration` of `round` (`method` is the row's Method column, the
    /// class name; nil: the Description's name). Nil with the reason when there is none to run.
    public static func forRound(_ round: Round, configuration: RowConfiguration, method: String? = nil) -> (ReplayController?, String) {
        if let path = round.ownController {
            var parameters: [ControllerConfiguration.Value] = []
            for p in configuration.parameters {
                switch p.value {
                case .int(let i): parameters.append(.init(name: p.name, value: .int(i)))
                case .float(let d): parameters.append(.init(name: p.name, value: .float(d)))
                case .bool(let b): parameters.append(.init(name: p.name, value: .int(b ? 1 : 0)))
                default: return (nil, "the configuration's \(p.name) is not a number, which the replay cannot pass on yet")
                }
            }
            let className = method.flatMap { $0.isEmpty ? nil : $0 } ?? configuration.name
            return (.method(path: path, configuration: HostedConfiguration(className: className, parameters: parameters)), "")
        }
        if let builtIn = configuration.builtIn { return (.builtIn(builtIn), "") }
        return (nil, "round \(round.shortName) has no method.py and \(configuration.name) is not a built-in controller")
    }
}

/// Re-runs one shuffle seed of a round's configuration on a replay store with the trace on, giving
/// rows as the evaluator would have written them (decision events, action log, event placement):
/// what the Trace view and `ttsdash trace` show when a round shipped no trace rows. A `method.py`
/// runs in a warm Python worker kept by this object; use one per queue.
public final class RoundReplayer: @unchecked Sendable {
    private let host: HostedReplayer

    public init(python: String = PythonWorker.interpreter) {
        host = HostedReplayer(python: python)
    }

    public struct Replayed: Sendable {
        public var records: [TraceRecord]
        /// What was run and how (for the view's note).
        public var note: String
    }

    /// Rows of `seed` for every question (or those listed) of the store `<storesDirectory>/<backbone>/<benchmark>.json`.
    public func replay(_ controller: ReplayController, storesDirectory: String, backbone: String, benchmark: String,
                       seed: Int, questions: [Int] = [], cancelled: @escaping () -> Bool = { false }) throws -> Replayed {
        let storePath = ReplayStore.path(storesDirectory: storesDirectory, backbone: backbone, benchmark: benchmark)
        switch controller {
        case .builtIn(let configuration):
            let store = try ReplayStore.load(path: storePath, backbone: backbone, benchmark: benchmark)
            let wanted = questions.isEmpty ? Array(store.questions.indices) : questions.filter { store.questions.indices.contains($0) }
            var records: [TraceRecord] = []
            for q in wanted {
                let r = Evaluator.replayOne(store: store, configuration: configuration, seed: seed, questionIndex: q)
                var bytes: [UInt8] = []
                JSONWriter.write(r.row, into: &bytes)
                if let record = TraceRecord(bytes: bytes, line: 0) { records.append(record) }
            }
            return Replayed(records: records, note: "replayed on demand with the built-in \(configuration.spec)")
        case .method(let path, let configuration):
            let count = try questionCount(storePath)
            let replayed = try host.replay(method: path, configuration: configuration,
                                           store: HostedStore(backbone: backbone, benchmark: benchmark, path: storePath, questionCount: count),
                                           seed: seed, questions: questions, cancelled: cancelled)
            let records = replayed.rows.compactMap { TraceRecord(bytes: $0, line: 0) }
            return Replayed(records: records, note: "replayed on demand with the round's method.py (\(configuration.label)), \(replayed.order)")
        }
    }

    /// Question counts per store file, read once.
    private var counts: [String: Int] = [:]
    private func questionCount(_ path: String) throws -> Int {
        if let n = counts[path] { return n }
        let n = try ReplayStore.load(path: path).questions.count
        counts[path] = n
        return n
    }

    public func stop() { host.stop() }
}
