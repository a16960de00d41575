import Foundation
import ReplayCore

/// Re-runs one shuffle seed of one `method.py` configuration with the trace on, for a trace view
/// or `ttsdash trace` when the round has no trace rows for it. One warm worker is kept between
/// calls (the module, the store and scipy stay imported), so a second question costs
/// milliseconds. Calls are serial; a `HostedReplayer` is meant to live on one queue.
public final class HostedReplayer: @unchecked Sendable {
    public struct Replayed: Sendable {
        /// Trace rows as the evaluator writes them (JSON lines without the newline), in question order.
        public var rows: [[UInt8]]
        /// How the seed was replayed: alone, or in order from seed 0 for a controller with state.
        public var order: String
    }

    private let python: String
    private let timeout: Double
    private var worker: PythonWorker?
    private var requests = 0

    public init(python: String = PythonWorker.interpreter, timeout: Double = HostedRequest.defaultTimeout) {
        self.python = python
        self.timeout = timeout
    }

    deinit { worker?.stop() }

    /// The rows of `seed` (all questions, or those listed) for `configuration` of `method` on `store`.
    /// Throws `HostError` when the host cannot run, or `HostedFailure` (as an error) when the controller raised.
    public func replay(method: String, configuration: HostedConfiguration, store: HostedStore, seed: Int,
                       questions: [Int] = [], cancelled: @escaping () -> Bool = { false }) throws -> Replayed {
        let request = JSONValue.object(JSONObject([
            "kind": "replay_seed", "method": .string(HostedEvaluator.absolute(method)),
            "class": .string(configuration.className), "config": configuration.configJSON,
            "store": .string(HostedEvaluator.absolute(store.path)), "backbone": .string(store.backbone),
            "benchmark": .string(store.benchmark), "seed": .int(seed), "questions": .array(questions.map { .int($0) }),
            "cwd": .string(HostedEvaluator.workingFolder(for: HostedEvaluator.absolute(method))),
        ]))
        var reply = exchange(request, cancelled: cancelled)
        // A warm worker may have ended while idle (the kernel ends it with the thread that
        // started it): one fresh start, then its answer stands.
        if case .ended = reply, reused {
            stop()
            reply = exchange(request, cancelled: cancelled)
        }
        switch reply {
        case .message(let m):
            if m["failed"] != nil {
                let message = m["message"]?.stringValue ?? "Error evaluating \(configuration.className)"
                if m["clear"]?.boolValue == true { throw HostError.method(message) }
                throw ReplayFailure(HostedFailure(backbone: store.backbone, benchmark: store.benchmark, label: configuration.label,
                                                  message: message, lastLine: m["last_line"]?.stringValue ?? message,
                                                  location: m["where"]?.stringValue ?? ""))
            }
            let rows = (m["rows"]?.arrayValue ?? []).compactMap(\.stringValue).map { Array($0.utf8) }
            return Replayed(rows: rows, order: m["order"]?.stringValue ?? "")
        case .cancelled:
            stop()
            throw EvaluationCancelled()
        case .timedOut:
            stop()
            throw ReplayFailure(HostedFailure(backbone: store.backbone, benchmark: store.benchmark, label: configuration.label,
                                              message: "Timed out evaluating \(configuration.className)",
                                              lastLine: "stopped after \(HostedEvaluator.seconds(timeout)) (the controller may loop forever)",
                                              location: "shuffle seed \(seed)"))
        case .ended(let why):
            stop()
            if let startError { throw startError }
            throw HostError.worker("the Python worker ended: \(why)")
        }
    }

    /// Whether the last exchange went to a worker started before it.
    private var reused = false
    private var startError: HostError?

    /// Sends one request (starting a worker when there is none) and reads its reply.
    private func exchange(_ request: JSONValue, cancelled: @escaping () -> Bool) -> PythonWorker.Reply {
        startError = nil
        reused = worker != nil
        if worker == nil {
            do { worker = try PythonWorker.start(python: python) } catch {
                startError = error
                return .ended(error.description)
            }
        }
        requests += 1
        guard case .object(var o) = request else { return .ended("bad request") }
        o["id"] = .int(requests)
        guard worker!.send(.object(o)) else { return .ended(worker!.lastLogLines()) }
        return worker!.read(timeout: timeout, cancelled: cancelled)
    }

    /// Ends the warm worker (the next call starts another).
    public func stop() {
        worker?.stop()
        worker = nil
    }
}

/// A replayed configuration that raised or timed out.
public struct ReplayFailure: Error, CustomStringConvertible, Sendable {
    public let failure: HostedFailure
    public init(_ failure: HostedFailure) { self.failure = failure }
    public var description: String { "\(failure.message) (\(failure.lastLine), at \(failure.location))" }
}
