import Foundation
import Synchronization

/// What to evaluate: every configuration on every store, shuffle seeds `0..<seeds`.
public struct EvaluationRequest: Sendable {
    public var stores: [ReplayStore]
    public var configurations: [ControllerConfiguration]
    public var seeds: Int
    /// Keep trace rows (decision events + action log) for seeds `0..<traceSeeds`; 0 for none.
    public var traceSeeds: Int

    public init(stores: [ReplayStore], configurations: [ControllerConfiguration], seeds: Int = 100, traceSeeds: Int = 0) {
        self.stores = stores
        self.configurations = configurations
        self.seeds = seeds
        self.traceSeeds = traceSeeds
    }

    /// Question runs in total (for progress).
    public var totalRuns: Int { stores.reduce(0) { $0 + $1.questions.count } * configurations.count * seeds }
}

/// Progress of a running evaluation.
public struct EvaluationProgress: Sendable {
    public var completedRuns: Int
    public var totalRuns: Int
    public var completedConfigurations: Int
    public var totalConfigurations: Int
    public var elapsed: Double

    public init(completedRuns: Int, totalRuns: Int, completedConfigurations: Int, totalConfigurations: Int, elapsed: Double) {
        self.completedRuns = completedRuns
        self.totalRuns = totalRuns
        self.completedConfigurations = completedConfigurations
        self.totalConfigurations = totalConfigurations
        self.elapsed = elapsed
    }

    public var fraction: Double { totalRuns == 0 ? 1 : Double(completedRuns) / Double(totalRuns) }
}

/// A flag shared with a running evaluation to stop it early.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

public struct EvaluationCancelled: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "evaluation cancelled" }
}

/// Trace rows of one (store, configuration, seed range), serialised as JSON lines.
public struct TraceChunk {
    public let storeIndex: Int
    public let configurationIndex: Int
    public let firstSeed: Int
    /// The rows, in the worker's own buffer: valid only while the `traces` callback runs (copy
    /// them to keep them). Lending the buffer spares a copy of every chunk (tens of MB each).
    public let bytes: UnsafeBufferPointer<UInt8>
    /// This chunk's position among the store's chunks in (configuration, seed) order: the trace
    /// file's order, so a writer can put a chunk straight in when its turn has come.
    public let sequence: Int?
}

/// Replays configurations against stores on all cores. Results come back in a stable order
/// (store, then configuration, as requested) whatever order the work finished in.
public enum Evaluator {
    /// Seeds per work unit: small enough to balance two cores on one configuration, large
    /// enough that scheduling is noise.
    static let seedsPerUnit = 10

    /// Shuffle orders depend only on the seed and the branch count: each is computed once.
    /// Many seeds take a while to shuffle, so a cancel is honoured here too, not only once
    /// questions run.
    static func shuffleOrders(branchCounts: Set<Int>, seeds: Int, cancel: CancellationFlag?) throws -> [Int: [[Int]]] {
        var orders: [Int: [[Int]]] = [:]
        for n in branchCounts {
            var perSeed: [[Int]] = []
            perSeed.reserveCapacity(seeds)
            for seed in 0..<seeds {
                if seed % 256 == 0, cancel?.isCancelled == true { throw EvaluationCancelled() }
                perSeed.append(MersenneTwister.permutation(seed: UInt64(seed), count: n))
            }
            orders[n] = perSeed
        }
        return orders
    }

    public static func run(
        _ request: EvaluationRequest,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        cancel: CancellationFlag? = nil,
        progress: (@Sendable (EvaluationProgress) -> Void)? = nil,
        traces: (@Sendable (TraceChunk) -> Void)? = nil
    ) throws -> [ConfigurationResult] {
        let stores = request.stores, configs = request.configurations, seeds = request.seeds
        let controllers = configs.map { $0.makeController() }
        var branchCounts = Set<Int>()
        for s in stores { for q in s.questions { branchCounts.insert(q.branchCount) } }
        let permutations = try shuffleOrders(branchCounts: branchCounts, seeds: seeds, cancel: cancel)

        // `traceSequence`: the unit's position among its store's traced units (trace file order).
        struct Unit { let store: Int; let config: Int; let seeds: Range<Int>; let traceSequence: Int }
        var units: [Unit] = []
        for si in stores.indices {
            var traced = 0
            for ci in configs.indices {
                var s0 = 0
                while s0 < seeds {
                    let s1 = min(seeds, s0 + seedsPerUnit)
                    units.append(Unit(store: si, config: ci, seeds: s0..<s1, traceSequence: traced))
                    if s0 < request.traceSeeds { traced += 1 }
                    s0 = s1
                }
            }
        }
        struct Partial { var correct: [Int]; var tokens: [Int] }
        let partials = Mutex<[Partial?]>(Array(repeating: nil, count: units.count))
        let nextUnit = Atomic<Int>(0)
        let doneRuns = Atomic<Int>(0)
        let unitsLeftPerConfig = Mutex<[Int]>(Array(repeating: 0, count: stores.count * configs.count))
        unitsLeftPerConfig.withLock { left in for u in units { left[u.store * configs.count + u.config] += 1 } }
        let doneConfigs = Atomic<Int>(0)
        let totalRuns = request.totalRuns
        let start = Date()
        let unitList = units
        let workerCount = max(1, min(threads, units.count))

        DispatchQueue.concurrentPerform(iterations: workerCount) { _ in
            let scratch = ScratchSpace()
            var env: ReplayEnvironment? = nil
            // Trace rows of the current unit, straight as bytes; the buffer is reused unit after
            // unit (a chunk only lends it to the consumer for the callback).
            var traceBytes = JSONByteWriter(capacity: traces == nil ? 0 : 1 << 20)
            // Per store, its answers as JSON strings: encoded once per worker, not once per unit.
            var encodedAnswers: [Int: TraceRowWriter.EncodedAnswers] = [:]
            func tracingUnit(_ seeds: Range<Int>) -> Bool { traces != nil && seeds.lowerBound < request.traceSeeds }
            while true {
                if cancel?.isCancelled == true { return }
                let ui = nextUnit.add(1, ordering: .relaxed).oldValue
                if ui >= unitList.count { return }
                let unit = unitList[ui]
                let store = stores[unit.store]
                let controller = controllers[unit.config]
                let config = configs[unit.config]
                let nq = store.questions.count
                var correct = [Int](repeating: 0, count: nq)
                var tokens = [Int](repeating: 0, count: nq)
                traceBytes.removeAll()
                let tracedUnit = tracingUnit(unit.seeds)
                var rowWriter: TraceRowWriter? = nil
                if tracedUnit {
                    let answers = encodedAnswers[unit.store] ?? TraceRowWriter.encodeAnswers(of: store)
                    encodedAnswers[unit.store] = answers
                    rowWriter = TraceRowWriter(store: store, configuration: config, answers: answers)
                }
                if !tracedUnit {
                    // Untraced: question by question, every seed of the unit in turn, so one
                    // question's probes stay in cache (sums per question do not depend on order).
                    var recorder = TraceRecorder(enabled: false)
                    for (qi, question) in store.questions.enumerated() {
                        let orders = permutations[question.branchCount]!
                        for seed in unit.seeds {
                            let order = orders[seed]
                            if env == nil { env = ReplayEnvironment(question: question, order: order, logging: false, scratch: scratch) }
                            env!.reset(question: question, order: order)
                            env!.logging = false
                            env!.actionCounter = nil
                            let answer = controller.solve(&env!, trace: &recorder)
                            if answer == question.goldID { correct[qi] += 1 }
                            tokens[qi] += env!.cost
                        }
                        _ = doneRuns.add(unit.seeds.count, ordering: .relaxed)
                    }
                } else {
                    // Traced: seed by seed, the trace file's row order.
                    for seed in unit.seeds {
                        let tracing = traces != nil && seed < request.traceSeeds
                        let counter = tracing ? ActionCounter() : nil
                        var recorder = TraceRecorder(enabled: tracing, counter: counter)
                        for (qi, question) in store.questions.enumerated() {
                            let order = permutations[question.branchCount]![seed]
                            // One environment per worker, reset for each run (it reuses its memory).
                            if env == nil { env = ReplayEnvironment(question: question, order: order, logging: tracing, scratch: scratch) }
                            env!.reset(question: question, order: order)
                            env!.logging = tracing
                            env!.actionCounter = counter
                            recorder.reset()
                            let answer = controller.solve(&env!, trace: &recorder)
                            let isCorrect = answer == question.goldID
                            if isCorrect { correct[qi] += 1 }
                            tokens[qi] += env!.cost
                            if tracing {
                                rowWriter!.write(seed: seed, questionIndex: qi, answer: answer, isCorrect: isCorrect,
                                                 env: env!, recorder: recorder, into: &traceBytes)
                            }
                        }
                        _ = doneRuns.add(nq, ordering: .relaxed)
                    }
                }
                partials.withLock { $0[ui] = Partial(correct: correct, tokens: tokens) }
                if let traces, tracedUnit {
                    traceBytes.withBytes { rows in
                        traces(TraceChunk(storeIndex: unit.store, configurationIndex: unit.config, firstSeed: unit.seeds.lowerBound,
                                          bytes: rows, sequence: unit.traceSequence))
                    }
                }
                let finishedConfig = unitsLeftPerConfig.withLock { left -> Bool in
                    left[unit.store * configs.count + unit.config] -= 1
                    return left[unit.store * configs.count + unit.config] == 0
                }
                if finishedConfig { _ = doneConfigs.add(1, ordering: .relaxed) }
                progress?(EvaluationProgress(completedRuns: doneRuns.load(ordering: .relaxed), totalRuns: totalRuns,
                                             completedConfigurations: doneConfigs.load(ordering: .relaxed),
                                             totalConfigurations: stores.count * configs.count,
                                             elapsed: Date().timeIntervalSince(start)))
            }
        }
        if cancel?.isCancelled == true { throw EvaluationCancelled() }

        let done = partials.withLock { $0 }
        var results: [ConfigurationResult] = []
        var ui = 0
        for (si, store) in stores.enumerated() {
            for (ci, config) in configs.enumerated() {
                let nq = store.questions.count
                var correct = [Int](repeating: 0, count: nq), tokens = [Int](repeating: 0, count: nq)
                while ui < unitList.count && unitList[ui].store == si && unitList[ui].config == ci {
                    let p = done[ui]!
                    for q in 0..<nq { correct[q] += p.correct[q]; tokens[q] += p.tokens[q] }
                    ui += 1
                }
                results.append(ConfigurationResult(
                    backbone: store.backbone, benchmark: store.benchmark,
                    row: ResultRowLabel(builtIn: config, attributes: controllers[ci].attributeColumns), builtIn: config,
                    seeds: seeds, correctByQuestion: correct, tokensByQuestion: tokens))
            }
        }
        return results
    }

    /// Runs one configuration on one question under one seed, with the trace and action log on:
    /// what the trace view re-runs when a row from elsewhere has no action log.
    /// `actionsBefore` stamps each decision event with the number of actions before it.
    public static func replayOne(store: ReplayStore, configuration: ControllerConfiguration, seed: Int, questionIndex: Int) -> (row: JSONValue, actions: [EnvironmentAction], answer: AnswerID?, cost: Int, actionsBefore: [Int]) {
        let question = store.questions[questionIndex]
        let order = MersenneTwister.permutation(seed: UInt64(seed), count: question.branchCount)
        var env = ReplayEnvironment(question: question, order: order, logging: true)
        let counter = ActionCounter()
        env.actionCounter = counter
        var recorder = TraceRecorder(enabled: true, counter: counter)
        let answer = configuration.makeController().solve(&env, trace: &recorder)
        let row = TraceRow.make(store: store, configuration: configuration, seed: seed, questionIndex: questionIndex,
                                answer: answer, isCorrect: answer == question.goldID, env: env, steps: recorder.steps,
                                actionsBefore: recorder.actionsBefore)
        return (row, env.actions, answer, env.cost, recorder.actionsBefore)
    }
}

/// Writes trace rows of one (store, configuration) straight as bytes, exactly as
/// `JSONWriter.write(TraceRow.make(...))` followed by a newline would (tests check it): the
/// fields that do not change from row to row are serialised once.
struct TraceRowWriter {
    let store: ReplayStore
    /// `{"model": ..., "dataset": ..., "method": ..., "description": ..., "bootstrap_idx": 0, "shuffle_seed": `
    let head: JSONByteWriter
    /// Per question, its answer texts already as JSON strings (quoted, escaped), end to end, and
    /// where each ends: an action's answer is then one copy, not a scan for escapes.
    typealias EncodedAnswers = [(bytes: [UInt8], ends: [Int])]
    let answerJSON: EncodedAnswers

    static func encodeAnswers(of store: ReplayStore) -> EncodedAnswers {
        store.questions.map { q in
            var w = JSONByteWriter(capacity: 64 * q.answers.count)
            var ends: [Int] = []
            ends.reserveCapacity(q.answers.count)
            for text in q.answers {
                w.removeSeparator()
                w.string(text)
                ends.append(w.count)
            }
            return (w.bytes, ends)
        }
    }

    /// `answers`: `encodeAnswers(of: store)`, shared by every configuration on the store.
    init(store: ReplayStore, configuration: ControllerConfiguration, answers: EncodedAnswers) {
        self.store = store
        answerJSON = answers
        var w = JSONByteWriter(capacity: 256)
        w.beginObject()
        w.key("model"); w.string(store.backbone)
        w.key("dataset"); w.string(store.benchmark)
        w.key("method"); w.string(configuration.methodName)
        w.key("description"); w.string(configuration.descriptionString)
        w.field("bootstrap_idx", 0)
        w.key("shuffle_seed")
        head = w
    }

    func write(seed: Int, questionIndex: Int, answer: AnswerID?, isCorrect: Bool, env: borrowing ReplayEnvironment,
               recorder: borrowing TraceRecorder, into w: inout JSONByteWriter) {
        let q = store.questions[questionIndex]
        w.removeSeparator()
        w.raw(head)
        w.int(seed)
        w.field("question_index", questionIndex)
        w.field("is_correct", isCorrect)
        w.field("cost", env.cost)
        w.key("trace")
        w.beginArray(); w.raw(recorder.events); w.endArray()
        w.field("answer", q.answerText(answer))
        w.field("gold_answer", q.gold)
        w.key("actions")
        w.beginArray()
        // Each action as fixed fragments around its numbers: the bytes `field` would write for
        // `{op, branch, store_branch, depth, answer, tokens, finished}`, without a separator
        // decision per key (an action log is most of a row).
        let (answerBytes, answerEnds) = answerJSON[questionIndex]
        answerBytes.withUnsafeBufferPointer { answerText in
            for (i, a) in env.actions.enumerated() {
                if i > 0 { w.raw(", ") }
                switch a.operation {
                case .open: w.raw("{\"op\": \"open\", \"branch\": ")
                case .continue: w.raw("{\"op\": \"continue\", \"branch\": ")
                case .fullRead: w.raw("{\"op\": \"full_read\", \"branch\": ")
                }
                w.writeInt(a.branch)
                w.raw(", \"store_branch\": ")
                w.writeInt(a.storeBranch)
                w.raw(", \"depth\": ")
                w.writeInt(a.depth)
                w.raw(", \"answer\": ")
                let id = Int(a.answer), start = id == 0 ? 0 : answerEnds[id &- 1]
                w.append(answerText.baseAddress! + start, answerEnds[id] &- start)
                w.raw(", \"tokens\": ")
                w.writeInt(a.tokens)
                a.finished ? w.raw(", \"finished\": true}") : w.raw(", \"finished\": false}")
            }
        }
        w.endArray()
        w.key("event_actions")
        w.beginArray()
        for n in recorder.actionsBefore { w.int(n) }
        w.endArray()
        w.endObject()
        w.byte(0x0A)
    }
}

/// One line of `<benchmark>_trace_new_api.jsonl`: the reference's fields, then ours
/// (`answer`, `gold_answer`, `actions`, `event_actions`), which readers of the reference format
/// ignore. `event_actions[i]` is the number of `actions` that came before decision event `trace[i]`.
public enum TraceRow {
    public static func make(store: ReplayStore, configuration: ControllerConfiguration, seed: Int, questionIndex: Int,
                            answer: AnswerID?, isCorrect: Bool, env: borrowing ReplayEnvironment, steps: [JSONValue],
                            actionsBefore: [Int]) -> JSONValue {
        let q = store.questions[questionIndex]
        return .object(JSONObject([
            "model": .string(store.backbone),
            "dataset": .string(store.benchmark),
            "method": .string(configuration.methodName),
            "description": .string(configuration.descriptionString),
            "bootstrap_idx": 0,
            "shuffle_seed": .int(seed),
            "question_index": .int(questionIndex),
            "is_correct": .bool(isCorrect),
            "cost": .int(env.cost),
            "trace": .array(steps),
            "answer": q.answerText(answer).map { .string($0) } ?? .null,
            "gold_answer": .string(q.gold),
            "actions": .array(env.actions.map { $0.json(answers: q.answers) }),
            "event_actions": .array(actionsBefore.map { .int($0) }),
        ]))
    }
}
