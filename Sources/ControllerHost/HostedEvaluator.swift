import Foundation
import ReplayCore
import Synchronization

/// A replay store as the Python workers read it (they load the file themselves).
public struct HostedStore: Sendable {
    public var backbone: String
    public var benchmark: String
    public var path: String
    public var questionCount: Int

    public init(backbone: String, benchmark: String, path: String, questionCount: Int) {
        self.backbone = backbone
        self.benchmark = benchmark
        self.path = path
        self.questionCount = questionCount
    }
}

/// What to evaluate with a round's own `method.py`: every configuration on every store.
public struct HostedRequest: Sendable {
    public var method: String
    public var stores: [HostedStore]
    public var configurations: [HostedConfiguration]
    public var seeds: Int
    public var traceSeeds: Int
    /// Seconds a worker may go without finishing a shuffle seed's questions before it is stopped.
    public var timeout: Double
    /// The interpreter: `TTSDASH_PYTHON` when set, else `python3` from PATH.
    public var python: String

    public static let defaultTimeout: Double = 300

    public init(method: String, stores: [HostedStore], configurations: [HostedConfiguration], seeds: Int = 100,
                traceSeeds: Int = 0, timeout: Double = HostedRequest.defaultTimeout, python: String = PythonWorker.interpreter) {
        self.method = method
        self.python = python
        self.stores = stores
        self.configurations = configurations
        self.seeds = seeds
        self.traceSeeds = traceSeeds
        self.timeout = timeout
    }
}

/// One configuration that gave no row, and why, in the reference's words plus where it happened.
public struct HostedFailure: Sendable, Equatable, CustomStringConvertible {
    public var backbone: String
    public var benchmark: String
    public var label: String
    /// `Error evaluating OptimalController: division by zero` (what the reference prints).
    public var message: String
    /// The traceback's last line, with the method.py line when the error came from there.
    public var lastLine: String
    /// `shuffle seed 3, question 12`, or what the host was doing.
    public var location: String

    public var description: String {
        "\(backbone)/\(benchmark) \(label): \(lastLine) (at \(location)); no row written for it"
    }
}

/// Evaluates `method.py` configurations in Python worker processes, one configuration per job
/// (a controller may keep state between questions, so one configuration's questions run in the
/// reference's order in one process), as many workers as cores. The dashboard's process never
/// runs the controller's code.
public enum HostedEvaluator {
    public struct Outcome: Sendable {
        /// Store-major, in configuration order, failed configurations left out.
        public var results: [ConfigurationResult]
        public var failures: [HostedFailure]
        /// CPU seconds the Python workers spent on the jobs (each reports its own).
        public var workerCPUSeconds: Double
    }

    /// The classes a method file defines that can be evaluated (with their `NAME`).
    public static func classes(method: String, python: String = PythonWorker.interpreter) throws(HostError) -> [(className: String, name: String?)] {
        let worker = try PythonWorker.start(python: python)
        defer { worker.stop() }
        worker.send(["id": 0, "kind": "classes", "method": .string(absolute(method))])
        switch worker.read(timeout: 60) {
        case .message(let reply):
            if let list = reply["list"]?.arrayValue {
                return list.compactMap { item in item["class"]?.stringValue.map { ($0, item["name"]?.stringValue) } }
            }
            throw .method(reply["message"]?.stringValue ?? "\(method): cannot list its classes")
        case .timedOut, .cancelled: throw .method("\(method): listing its classes took more than 60 s")
        case .ended(let why): throw .worker("the Python worker ended: \(why)")
        }
    }

    public static func run(_ request: HostedRequest, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                           cancel: CancellationFlag? = nil,
                           progress: (@Sendable (EvaluationProgress) -> Void)? = nil,
                           traces: TraceFileWriter? = nil) throws -> Outcome {
        struct Job { let store: Int; let config: Int }
        let jobs = request.stores.indices.flatMap { si in request.configurations.indices.map { Job(store: si, config: $0) } }
        let method = absolute(request.method)
        let cwd = Self.workingFolder(for: method)
        let totalRuns = request.stores.reduce(0) { $0 + $1.questionCount } * request.configurations.count * request.seeds
        let started = Date()

        let nextJob = Atomic<Int>(0)
        let seedsDone = Mutex<[Int]>(Array(repeating: 0, count: jobs.count))
        let finished = Atomic<Int>(0)
        let results = Mutex<[ConfigurationResult?]>(Array(repeating: nil, count: jobs.count))
        let failures = Mutex<[(Int, HostedFailure)]>([])
        let fatal = Mutex<HostError?>(nil)
        let workerCPU = Mutex<Double>(0)
        let stop = CancellationFlag()   // set on a fatal error, or when the caller cancels

        @Sendable func report() {
            guard let progress else { return }
            let runs = seedsDone.withLock { done in
                zip(jobs, done).reduce(0) { $0 + request.stores[$1.0.store].questionCount * $1.1 }
            }
            progress(EvaluationProgress(completedRuns: runs, totalRuns: totalRuns,
                                        completedConfigurations: finished.load(ordering: .relaxed),
                                        totalConfigurations: jobs.count, elapsed: Date().timeIntervalSince(started)))
        }

        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, jobs.count))) { _ in
            var worker: PythonWorker? = nil
            defer { worker?.stop() }
            while true {
                if cancel?.isCancelled == true || stop.isCancelled { return }
                let ji = nextJob.add(1, ordering: .relaxed).oldValue
                if ji >= jobs.count { return }
                let job = jobs[ji]
                let store = request.stores[job.store], config = request.configurations[job.config]
                func fail(_ lastLine: String, message: String? = nil, at location: String) {
                    failures.withLock { $0.append((ji, HostedFailure(
                        backbone: store.backbone, benchmark: store.benchmark, label: config.label,
                        message: message ?? "Error evaluating \(config.className): \(lastLine)", lastLine: lastLine, location: location))) }
                }
                if worker == nil {
                    do { worker = try PythonWorker.start(python: request.python) } catch {
                        let hostError = (error as? HostError) ?? .worker("\(error)")
                        fatal.withLock { $0 = $0 ?? hostError }
                        stop.cancel()
                        return
                    }
                }
                var tracePath: String? = nil
                if let traces, request.traceSeeds > 0 {
                    do {
                        tracePath = absolute(try traces.scratchPath(storeIndex: job.store, configurationIndex: job.config))
                    } catch {
                        // Traces were asked for: a run without them would look complete and not be.
                        fatal.withLock { $0 = $0 ?? .worker("cannot write trace rows: \(error)") }
                        stop.cancel()
                        return
                    }
                }
                let sent = worker!.send(.object(JSONObject([
                    "id": .int(ji), "kind": "evaluate", "method": .string(method), "class": .string(config.className),
                    "config": config.configJSON, "store": .string(absolute(store.path)), "backbone": .string(store.backbone),
                    "benchmark": .string(store.benchmark), "seeds": .int(request.seeds),
                    "trace_seeds": .int(request.traceSeeds), "trace_out": tracePath.map { .string($0) } ?? .null,
                    "cwd": .string(cwd),
                ])))
                var seed = 0
                var outcome: JSONValue? = nil
                reading: while true {
                    let reply = sent ? worker!.read(timeout: request.timeout, cancelled: { cancel?.isCancelled == true || stop.isCancelled }) : .ended(worker!.lastLogLines())
                    switch reply {
                    case .message(let m):
                        if let s = m["seeds"]?.intValue, m["progress"] != nil {
                            seed = s
                            seedsDone.withLock { $0[ji] = s }
                            report()
                            continue reading
                        }
                        outcome = m
                        break reading
                    case .cancelled:
                        if let tracePath { unlink(tracePath) }
                        return
                    case .timedOut:
                        worker!.stop()
                        worker = nil
                        fail("stopped after \(Self.seconds(request.timeout)) without finishing a shuffle seed's questions (the controller may loop forever; --method-timeout sets the limit)",
                             message: "Timed out evaluating \(config.className)", at: "shuffle seed \(seed)")
                        break reading
                    case .ended(let why):
                        worker!.stop()
                        worker = nil
                        fail("the Python worker ended: \(why)", at: "shuffle seed \(seed)")
                        break reading
                    }
                }
                defer {
                    _ = finished.add(1, ordering: .relaxed)
                    seedsDone.withLock { $0[ji] = request.seeds }
                    report()
                }
                guard let m = outcome else { if let tracePath { unlink(tracePath) }; continue }
                if let cpu = m["cpu"]?.doubleValue { workerCPU.withLock { $0 += cpu } }
                if m["failed"] != nil {
                    if let tracePath { unlink(tracePath) }
                    let message = m["message"]?.stringValue ?? "Error evaluating \(config.className)"
                    if m["clear"]?.boolValue == true {
                        // The file itself is unusable (does not import, no such class): every job would say the same.
                        fatal.withLock { $0 = $0 ?? .method(message) }
                        stop.cancel()
                        return
                    }
                    fail(m["last_line"]?.stringValue ?? message, message: message, at: m["where"]?.stringValue ?? "")
                    continue
                }
                guard let correct = m["correct"]?.arrayValue?.compactMap(\.intValue),
                      let tokens = m["tokens"]?.arrayValue?.compactMap(\.intValue),
                      correct.count == store.questionCount, tokens.count == store.questionCount else {
                    if let tracePath { unlink(tracePath) }
                    fail("the worker's reply has no per-question results", at: "reading the reply")
                    continue
                }
                let columns: [ResultRowLabel.Cell] = (m["attributes"]?.arrayValue ?? []).compactMap { cell in
                    guard let a = cell.arrayValue, a.count == 3, let name = a[0].stringValue, let kind = a[1].stringValue,
                          let text = a[2].stringValue else { return nil }
                    return ResultRowLabel.Cell(name: name, text: text, kind: kind == "int" ? .int : kind == "float" ? .float : .text)
                }
                let row = ResultRowLabel(methodName: m["method"]?.stringValue ?? config.className,
                                         description: m["description"]?.stringValue ?? config.label,
                                         label: config.label, columns: columns)
                results.withLock { $0[ji] = ConfigurationResult(backbone: store.backbone, benchmark: store.benchmark, row: row,
                                                                builtIn: nil, seeds: request.seeds,
                                                                correctByQuestion: correct, tokensByQuestion: tokens) }
                if let traces, let tracePath { traces.acceptFile(storeIndex: job.store, configurationIndex: job.config, path: tracePath) }
            }
        }
        if let error = fatal.withLock({ $0 }) { throw error }
        if cancel?.isCancelled == true { throw EvaluationCancelled() }
        return Outcome(results: results.withLock { $0.compactMap { $0 } },
                       failures: failures.withLock { $0.sorted { $0.0 < $1.0 }.map(\.1) },
                       workerCPUSeconds: workerCPU.withLock { $0 })
    }

    /// The reference runs its evaluator in the workspace: for `<ws>/code_base/method.py` that is
    /// `<ws>`; elsewhere the file's own folder.
    static func workingFolder(for method: String) -> String {
        let folder = (method as NSString).deletingLastPathComponent
        if (folder as NSString).lastPathComponent == "code_base" { return (folder as NSString).deletingLastPathComponent }
        return folder.isEmpty ? "." : folder
    }

    /// Workers change folder (to the workspace), so every path they get is absolute.
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (full as NSString).standardizingPath
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
