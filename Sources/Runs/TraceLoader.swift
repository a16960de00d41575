import Foundation
import ReplayCore

/// Reads what the trace view shows: a configuration's questions from a (possibly multi-GB) trace
/// file through its lazy index, and one question's timeline, re-running it with the embedded core
/// when the row has no action log. Used by the dashboard's Trace and Compare services off the UI
/// thread, by `ttsdash trace` and by the benchmarks.
public enum TraceLoader {
    /// The question list of `description` under `seed` (nil: the file's first seed).
    /// With `exact` false, a description the file has no rows for falls back to the file's first.
    /// Rows without an action log get their branch count from a re-run when a replay store in
    /// `storesDirectories` matches and the re-run reproduces the row's cost and answer.
    /// The list says which configurations the file traces (`traced`), found or not.
    public static func questions(index: TraceIndex, description: String, seed: Int?, exact: Bool = true,
                                 storesDirectories: [String] = [], stores: StoreCache? = nil) -> TraceQuestionList {
        var list = listQuestions(index: index, description: description, seed: seed, exact: exact,
                                 storesDirectories: storesDirectories, stores: stores)
        list.traced = index.descriptions
        return list
    }

    static func listQuestions(index: TraceIndex, description: String, seed: Int?, exact: Bool,
                              storesDirectories: [String], stores: StoreCache?) -> TraceQuestionList {
        guard let d = descriptionIndex(index, description) ?? (exact || index.descriptions.isEmpty ? nil : 0) else {
            let known = index.descriptions.prefix(6).joined(separator: "; ")
            return .failed(index.path, "no rows for \(description) in this trace file (it has: \(known.isEmpty ? "none" : known))")
        }
        let keys = index.keys(description: d)
        guard let chosen = seed ?? keys.seeds.first else { return .failed(index.path, "no rows for \(description)") }
        var list = TraceQuestionList(tracePath: index.path, description: index.descriptions[d], seeds: keys.seeds, seed: chosen, questions: [])
        guard keys.seeds.contains(chosen) else {
            list.error = "no rows for seed \(chosen) (seeds in the file: \(keys.seeds.map(String.init).joined(separator: ", ")))"
            return list
        }
        for q in keys.questions {
            guard let entry = index.entry(description: d, seed: chosen, question: q) else { continue }
            do {
                let record = try index.fetch(entry)
                var row = summary(record)
                if record.actions == nil, let stores, let count = rerunBranches(record, storesDirectories, stores) { row.branches = count }
                list.questions.append(row)
            } catch {
                list.notes.append(error.description)
            }
        }
        if index.badLineCount > 0 { list.notes.append("\(index.badLineCount) line(s) of the trace file could not be indexed") }
        return list
    }

    /// Branches a re-run opens, when it reproduces the row's cost and answer.
    static func rerunBranches(_ r: TraceRecord, _ directories: [String], _ stores: StoreCache) -> Int? {
        guard let config = r.configuration?.builtIn, let model = r.model, let dataset = r.dataset,
              let store = stores.store(in: directories, backbone: model, benchmark: dataset).store,
              store.questions.indices.contains(r.questionIndex) else { return nil }
        let rerun = Evaluator.replayOne(store: store, configuration: config, seed: r.shuffleSeed, questionIndex: r.questionIndex)
        let answer = store.questions[r.questionIndex].answerText(rerun.answer)
        guard rerun.cost == r.cost, r.isCorrect == nil || r.isCorrect == (rerun.answer == store.questions[r.questionIndex].goldID),
              r.answer == nil || r.answer == answer else { return nil }
        return rerun.actions.filter { $0.operation != .continue }.count
    }

    /// The file's description matching `description` exactly, else by parsed configuration.
    public static func descriptionIndex(_ index: TraceIndex, _ description: String) -> Int? {
        if let exact = index.descriptions.firstIndex(of: description) { return exact }
        return RowConfiguration.parse(description: description).flatMap { index.descriptionIndex(matching: $0) }
    }

    /// One row as the question list shows it.
    public static func summary(_ r: TraceRecord) -> TraceQuestionSummary {
        var branches: Int? = r.actions.map { list in list.filter { $0.operation != .continue }.count }
        var stop: String? = nil
        var answer = r.answer
        if r.stepCount > 0 {
            let last = r.step(r.stepCount - 1)
            let out = last.output.objectValue
            stop = out?["stop_reason"]?.stringValue ?? (last.event == "finish" ? last.decisionText : nil)
            if answer == nil { answer = out?["answer"]?.stringValue }
            // Reference rows: the spawn count the controller reports (CMC's total_spawned).
            if branches == nil {
                branches = last.state.objectValue?["total_spawned"]?.intValue ?? out?["total_spawned"]?.intValue
            }
        }
        return TraceQuestionSummary(question: r.questionIndex, isCorrect: r.isCorrect, cost: r.cost, branches: branches,
                                    stopReason: stop, answer: answer)
    }

    /// Loads replay stores once per (folder, backbone, benchmark); thread-safe.
    public final class StoreCache: @unchecked Sendable {
        private var stores: [String: ReplayStore] = [:]
        private let lock = NSLock()
        public init() {}

        /// The store for a backbone and benchmark in the first folder that has it.
        public func store(in directories: [String], backbone: String, benchmark: String) -> (store: ReplayStore?, why: String) {
            var why = directories.isEmpty ? "the run has no replay stores (code_base/environment)" : "no replay store for \(backbone) / \(benchmark)"
            for dir in directories {
                let key = dir + "\u{0}" + backbone + "\u{0}" + benchmark
                lock.lock()
                let cached = stores[key]
                lock.unlock()
                if let cached { return (cached, "") }
                guard ReplayStore.catalog(storesDirectory: dir).contains(where: { $0.backbone == backbone && $0.benchmarks.contains(benchmark) }) else { continue }
                do {
                    let s = try ReplayStore.load(storesDirectory: dir, backbone: backbone, benchmark: benchmark)
                    lock.lock()
                    stores[key] = s
                    lock.unlock()
                    return (s, "")
                } catch {
                    why = "cannot read the replay store: \(error.description)"
                }
            }
            return (nil, why)
        }
    }

    /// A re-run of a row without an action log, kept only when it reproduces the row.
    public enum Rerun: Sendable {
        case verified(VerifiedLog)
        /// Why no action log can be given (not a built-in, or the re-run differs from the row).
        case refused(String)
    }

    public struct VerifiedLog: Sendable {
        public var actions: [EnvironmentAction]
        /// Per decision event, the actions logged before it.
        public var placed: [Int?]
        public var answer: String?
        public var note: String
    }

    /// Re-runs the row's built-in controller on `store` and keeps the action log only when the
    /// answer, the cost and every decision event agree with the row: the one re-run path of the
    /// Trace view, `ttsdash trace --replay` and the timelines Compare opens.
    public static func verifiedRerun(_ r: TraceRecord, store: ReplayStore, question q: ReplayQuestion) -> Rerun {
        guard let config = r.configuration?.builtIn else {
            return .refused("the row has no action log and \(r.configuration?.name ?? r.description) is not a built-in controller the embedded core can re-run")
        }
        let steps = r.steps
        let rowEvents = steps.map { s -> JSONValue in
            .object(JSONObject(["event": .string(s.event), "goal": .string(s.goal), "input": s.input, "output": s.output,
                                "state": s.state, "decision": s.decision]))
        }
        let rerun = Evaluator.replayOne(store: store, configuration: config, seed: r.shuffleSeed, questionIndex: r.questionIndex)
        let rerunAnswer = q.answerText(rerun.answer)
        let rerunEvents = rerun.row["trace"]?.arrayValue ?? []
        let rowAnswer = r.answer ?? steps.last(where: { $0.event == "finish" })?.output.objectValue?["answer"]?.stringValue
        if let diff = QuestionTimeline.rerunDifference(rowAnswer: rowAnswer, rowCost: r.cost, rowEvents: rowEvents,
                                                       rerunAnswer: rerunAnswer, rerunCost: rerun.cost, rerunEvents: rerunEvents) {
            return .refused("re-run with the built-in \(config.spec) differs from the row (\(diff)): the round's controller is not the built-in, so only its decision events are shown")
        }
        return .verified(VerifiedLog(actions: rerun.actions, placed: rerun.actionsBefore.map { $0 }, answer: rerunAnswer,
                                     note: "action log re-run (built-in \(config.spec), \((store.path as NSString).lastPathComponent)): answer, cost and \(steps.count) events agree with the row"))
    }

    /// One question's timeline from its row: the row's own action log when it has one, else a
    /// re-run on the store (verified against the row), else the decision events alone.
    public static func timeline(record r: TraceRecord, storesDirectories: [String], stores: StoreCache) -> QuestionTimeline {
        let steps = r.steps
        let backbone = r.model ?? "", benchmark = r.dataset ?? ""
        let found = stores.store(in: storesDirectories, backbone: backbone, benchmark: benchmark)
        var question: ReplayQuestion? = nil
        var storeProblem = found.why
        if let store = found.store {
            if store.questions.indices.contains(r.questionIndex) {
                let q = store.questions[r.questionIndex]
                if let g = r.goldAnswer, g != q.gold {
                    storeProblem = "the replay store's gold answer for question \(r.questionIndex) is \(q.gold), the row says \(g)"
                } else {
                    question = q
                }
            } else {
                storeProblem = "question \(r.questionIndex) is not in \(store.path)"
            }
        }
        var actions: [EnvironmentAction]? = nil
        var answers: [String] = r.answerTable
        var placed: [Int?] = r.eventActions ?? Array(repeating: nil, count: steps.count)
        var source: QuestionTimeline.Source = .row
        var finalAnswer = r.answer
        if let rowActions = r.actions {
            actions = rowActions
            // Rows written before `event_actions`: a re-run that logs the same actions places the events.
            if r.eventActions == nil, let q = question, let config = r.configuration?.builtIn {
                let rerun = Evaluator.replayOne(store: found.store!, configuration: config, seed: r.shuffleSeed, questionIndex: r.questionIndex)
                let same = rerun.actions.count == rowActions.count
                    && zip(rerun.actions, rowActions).allSatisfy { a, b in
                        a.operation == b.operation && a.branch == b.branch && a.depth == b.depth && a.tokens == b.tokens
                            && q.answers[Int(a.answer)] == r.answerText(b.answer)
                    }
                if same && rerun.actionsBefore.count == steps.count { placed = rerun.actionsBefore.map { $0 } }
            }
        } else if let q = question, let store = found.store {
            switch verifiedRerun(r, store: store, question: q) {
            case .verified(let log):
                actions = log.actions
                answers = q.answers
                placed = log.placed
                finalAnswer = finalAnswer ?? log.answer
                source = .rerun(verified: true, note: log.note)
            case .refused(let why):
                source = .none(reason: why)
            }
        } else {
            source = .none(reason: "the row has no action log (reference evaluator) and it cannot be re-run: \(storeProblem)")
        }
        let events = steps.enumerated().map { i, s in
            var e = s
            e.actionsBefore = i < placed.count ? placed[i] : nil
            return e
        }
        if finalAnswer == nil { finalAnswer = events.last(where: \.isStop)?.output.objectValue?["answer"]?.stringValue }
        // The part of each opened branch the controller never paid for, from the store.
        var full: [Int: [String]] = [:]
        if let q = question, let actions {
            for a in actions where a.storeBranch >= 0 && a.storeBranch < q.branchCount && full[a.branch] == nil {
                full[a.branch] = q.probeTexts(branch: a.storeBranch) + [q.answers[Int(q.finals[a.storeBranch])]]
            }
        }
        return QuestionTimeline.make(actions: actions, answers: answers, events: events, source: source, finalAnswer: finalAnswer,
                                     gold: r.goldAnswer ?? question?.gold, isCorrect: r.isCorrect, cost: r.cost,
                                     questionText: question?.text, probeFreq: question?.probeFreq ?? 500, fullBranches: full)
    }
}
