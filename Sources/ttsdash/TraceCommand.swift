import ArgumentParser
import Foundation
import Presentation
import Dashboard
import ReplayCore
import Runs

/// `ttsdash trace RUN --round R --backbone M --benchmark D --config SPEC --seed S --question Q`:
/// one trace row's decision events and, when the row has one, its environment action log.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show one controller trace: its decision events and the environment action log.",
        discussion: """
        The trace file (<benchmark>_trace_new_api.jsonl of the round) is indexed once (the index is cached \
        under $XDG_CACHE_HOME/ttsdash, never in the run) and only the requested row is read. \
        --config is a controller SPEC (cmc:beta=0.5, asc:max_samples=64) or a Description as written in \
        the results CSV ("optimal_controller | config={'beta': 0.5}"). --file reads a trace file directly. \
        Rows written by the reference evaluator have no action log; --replay re-runs the question on the \
        run's replay stores to show one. --timeline draws the branch timeline as plain text (re-running \
        reference rows when the store and a built-in controller match, and saying whether the re-run \
        agrees with the row).
        """)

    @Argument(help: ArgumentHelp("The run folder (not needed with --file).", valueName: "RUN"))
    var path: String?

    @Option(name: .long, help: "Round (r0004, 4, seed, live, or the full id).")
    var round: String?

    @Option(name: .long, help: "Backbone (default: the round's only one).")
    var backbone: String?

    @Option(name: .long, help: "Benchmark (default: the round's only one).")
    var benchmark: String?

    @Option(name: .long, help: "Configuration: a SPEC such as cmc:beta=0.5, or a Description.")
    var config: String

    @Option(name: .long, help: "Shuffle seed.")
    var seed: Int

    @Option(name: .long, help: "Question index (0-based, file order).")
    var question: Int

    @Option(name: .long, help: "Read this trace JSONL instead of a run's.")
    var file: String?

    @Flag(name: .long, help: "Re-run the question on the run's replay stores when the row has no action log.")
    var replay = false

    @Flag(name: .long, help: "Print the branch timeline (one row per branch, one column per 500-token interval) and the state panel, as the dashboard's Trace view draws them.")
    var timeline = false

    @Option(name: .long, help: "With --timeline: the environment action to stand on (default: the controller's answer).")
    var step: Int?

    @Option(name: .long, help: "With --timeline: width of the drawing in columns (default 100).")
    var width: Int = 100

    @Flag(name: .long, help: "Print every step's input, output and state in full.")
    var full = false

    @Flag(name: .long, help: "Machine-readable output (JSON).")
    var json = false

    func run() throws {
        let wanted = RunCLI.configuration(config, flag: "--config")
        var storesDirectory: String? = nil
        var testStoresDirectory: String? = nil
        var tracePath: String? = nil
        var where_ = ""
        // When the round has no row for the request: the round, the backbone and the benchmark to replay it on.
        var replayable: (round: Round, set: ResultSet, why: String)? = nil
        if let file {
            tracePath = file
            if let path, let layout = try? RunLocator.locate(path) {
                storesDirectory = layout.environment
                testStoresDirectory = layout.testEnvironment
            }
        } else {
            guard let path else { RunCLI.fail("give a RUN folder (or --file TRACE.jsonl)") }
            let run = RunCLI.load(path)
            storesDirectory = run.layout.environment
            testStoresDirectory = run.layout.testEnvironment
            guard let roundName = round ?? (run.rounds.count == 1 ? run.rounds[0].id : nil) else {
                RunCLI.fail("--round is required (rounds: \(run.rounds.map(\.shortName).joined(separator: ", ")))")
            }
            guard let r = run.round(named: roundName) else {
                RunCLI.fail("no round '\(roundName)' in \(path) (rounds: \(run.rounds.map(\.shortName).joined(separator: ", ")))")
            }
            let b = choose(backbone, from: unique(r.results.map(\.backbone)), what: "backbone", flag: "--backbone", round: r)
            let d = choose(benchmark, from: unique(r.results.filter { $0.backbone == b }.map(\.benchmark)), what: "benchmark", flag: "--benchmark", round: r)
            guard let set = r.results(backbone: b, benchmark: d) else {
                RunCLI.fail("round \(r.shortName) has no results for \(b) / \(d)")
            }
            where_ = "\(r.shortName)  "
            switch r.traceFile(backbone: b, benchmark: d) {
            case .present(let p): tracePath = p
            case .missing(let why): replayable = (r, set, why)
            }
        }
        var record: TraceRecord
        var index: TraceIndex? = nil
        var replayedNote: String? = nil
        if let tracePath {
            let opened: TraceIndex
            do {
                let showProgress = !json && isatty(2) != 0
                opened = try TraceIndex.open(path: tracePath, progress: showProgress ? { done, total in
                    let line = String(format: "\rindexing %@: %.0f%% ", (tracePath as NSString).lastPathComponent, Double(done) / Double(max(total, 1)) * 100)
                    FileHandle.standardError.write(line.data(using: .utf8)!)
                    return true
                } : nil)
                if showProgress { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
            } catch {
                RunCLI.fail(error.description)
            }
            index = opened
            if let d = opened.descriptionIndex(matching: wanted), let entry = opened.entry(description: d, seed: seed, question: question) {
                do { record = try opened.fetch(entry) } catch { RunCLI.fail(error.description) }
            } else if let (r, set, _) = replayable ?? runRound(path, tracePath) {
                (record, replayedNote) = replayRow(round: r, set: set, wanted: wanted, stores: storesDirectory, testStores: testStoresDirectory,
                                                   why: "\(tracePath) has no row for \(wanted.label), seed \(seed), question \(question)")
            } else if let d = opened.descriptionIndex(matching: wanted) {
                let keys = opened.keys(description: d)
                RunCLI.fail("\(tracePath): no row for seed \(seed), question \(question) of \(opened.descriptions[d]) (seeds: \(ranges(keys.seeds)); questions: \(ranges(keys.questions)))")
            } else {
                let known = opened.descriptions.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
                RunCLI.fail("\(tracePath): no rows for \(wanted.label) (configurations in the file: \(known.isEmpty ? "none" : known)\(opened.descriptions.count > 12 ? ", …" : ""))")
            }
        } else if let (r, set, why) = replayable {
            (record, replayedNote) = replayRow(round: r, set: set, wanted: wanted, stores: storesDirectory, testStores: testStoresDirectory, why: why)
        } else {
            RunCLI.fail("no trace file")
        }
        let shownPath = tracePath ?? "(replayed)"
        if timeline {
            let stores = [storesDirectory, testStoresDirectory].compactMap { $0 }
            let t = TraceLoader.timeline(record: record, storesDirectories: stores, stores: TraceLoader.StoreCache())
            print(PlainText.safe(replayedNote.map { "trace: \($0)" } ?? "trace: \(shownPath):\(record.line)"))
            print(PlainText.safe("\(where_)\(record.model ?? "?") / \(record.dataset ?? "?")  \(record.description)  seed \(record.shuffleSeed)  question \(record.questionIndex)"))
            print(TimelineText.render(t, step: step, width: width))
            return
        }
        var actions = record.actions.map { (list: $0, answers: record.answerTable, source: "row") }
        var replayNote: String? = nil
        if actions == nil, replay {
            // The Trace view's re-run: the built-in's action log, kept only when it reproduces the row.
            let found = TraceLoader.StoreCache().store(in: [storesDirectory].compactMap { $0 }, backbone: record.model ?? "", benchmark: record.dataset ?? "")
            if let store = found.store {
                guard question >= 0 && question < store.questions.count else { RunCLI.fail("question \(question) is not in \(store.path)") }
                switch TraceLoader.verifiedRerun(record, store: store, question: store.questions[question]) {
                case .verified(let log):
                    actions = (log.actions, store.questions[question].answers, "replay")
                    replayNote = log.note
                case .refused(let why):
                    replayNote = "cannot replay: " + why
                }
            } else {
                replayNote = "cannot replay: " + found.why
            }
        }
        if json {
            var value = TraceText.json(record, path: shownPath, actions: actions)
            if let replayedNote, case .object(var o) = value {
                o["replayed"] = .string(replayedNote)
                value = .object(o)
            }
            print(RunJSON.pretty(value))
        } else {
            if let replayedNote { print(PlainText.safe(replayedNote)) }
            print(PlainText.safe(TraceText.render(record, path: shownPath, prefix: where_, actions: actions, replayNote: replayNote, full: full)))
            if let index, index.badLineCount > 0, let first = index.badLines.first {
                print(PlainText.safe("note: \(index.badLineCount) line\(index.badLineCount == 1 ? "" : "s") of the trace file could not be indexed (first: line \(first.line), \(first.reason))"))
            }
            if let index, index.truncatedTailBytes > 0 {
                print("note: the trace file ends with \(index.truncatedTailBytes) bytes of an unfinished row (still being written?), not indexed")
            }
        }
    }

    /// The round of a run whose trace file is `tracePath` (to replay a row the file lacks).
    func runRound(_ runPath: String?, _ tracePath: String) -> (Round, ResultSet, String)? {
        guard file == nil, let runPath, let run = try? RunLoader.load(path: runPath) else { return nil }
        for r in run.rounds { for set in r.results where set.trace?.path == tracePath { return (r, set, "") } }
        return nil
    }

    /// The requested row re-run with the round's own controller (its method.py, else the built-in
    /// its rows name), on the store the round was evaluated on.
    func replayRow(round: Round, set: ResultSet, wanted: RowConfiguration, stores: String?, testStores: String?, why: String) -> (TraceRecord, String) {
        let directory = round.kind == .heldOut ? (testStores ?? stores) : stores
        guard let directory else { RunCLI.fail("\(why); it cannot be replayed: the run has no replay stores (code_base/environment)") }
        let method = set.rows.first { $0.configuration.matches(wanted) }?.method
        let (controller, reason) = ReplayController.forRound(round, configuration: wanted, method: method)
        guard let controller else { RunCLI.fail("\(why); it cannot be replayed: \(reason)") }
        do {
            let replayed = try RoundReplayer().replay(controller, storesDirectory: directory, backbone: set.backbone,
                                                      benchmark: set.benchmark, seed: seed, questions: [question])
            guard let record = replayed.records.first else {
                RunCLI.fail("\(why); the replay gave no row for question \(question) (is it in the store?)")
            }
            return (record, "\(why): \(replayed.note)")
        } catch {
            RunCLI.fail("\(why); replaying it failed: \(error)")
        }
    }

    func unique(_ a: [String]) -> [String] {
        var out: [String] = []
        for x in a where !out.contains(x) { out.append(x) }
        return out
    }

    func choose(_ given: String?, from options: [String], what: String, flag: String, round: Round) -> String {
        if let given { return given }
        guard options.count == 1 else {
            RunCLI.fail("\(flag) is required: round \(round.shortName) has \(options.count) \(what)s (\(options.joined(separator: ", ")))")
        }
        return options[0]
    }

    /// `0-4, 7` for sorted integers.
    func ranges(_ xs: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < xs.count {
            var j = i
            while j + 1 < xs.count && xs[j + 1] == xs[j] + 1 { j += 1 }
            parts.append(i == j ? "\(xs[i])" : "\(xs[i])-\(xs[j])")
            i = j + 1
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

/// Text and JSON forms of `ttsdash trace`.
enum TraceText {
    typealias Actions = (list: [EnvironmentAction], answers: [String], source: String)

    static func clip(_ s: String, _ n: Int) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= n ? flat : String(flat.prefix(n - 1)) + "…"
    }

    static func render(_ r: TraceRecord, path: String, prefix: String, actions: Actions?, replayNote: String?, full: Bool) -> String {
        var out: [String] = []
        out.append(r.line > 0 ? "trace: \(path):\(r.line)" : "trace: replayed on demand (no row in the run's files)")
        out.append("\(prefix)\(r.model ?? "?") / \(r.dataset ?? "?")  \(r.description)  seed \(r.shuffleSeed)  question \(r.questionIndex)")
        var summary: [String] = []
        if let a = r.answer { summary.append("answer \(a)") }
        if let g = r.goldAnswer { summary.append("gold \(g)") }
        if let c = r.isCorrect { summary.append(c ? "correct" : "wrong") }
        if let c = r.cost { summary.append("cost \(NumberText.cost(Double(c))) tokens") }
        if !summary.isEmpty { out.append(summary.joined(separator: ", ")) }
        out.append("")
        out.append("decision events (\(r.stepCount)):")
        if full {
            for (i, s) in r.steps.enumerated() {
                out.append("  [\(i)] \(s.event): \(s.goal)")
                out.append("      input:    \(JSONWriter.string(s.input))")
                out.append("      output:   \(JSONWriter.string(s.output))")
                out.append("      state:    \(JSONWriter.string(s.state))")
                out.append("      decision: \(s.decisionText)")
            }
        } else {
            var t = TextTable(headers: ["#", "event", "decision", "output"], alignments: [.right, .left, .left, .left])
            for (i, s) in r.steps.enumerated() {
                t.add([String(i), s.event, clip(s.decisionText, 48), clip(JSONWriter.string(s.output), 70)])
            }
            out.append(t.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        out.append("")
        if let actions {
            let tokens = actions.list.reduce(0) { $0 + $1.tokens }
            out.append("action log (\(actions.list.count) environment calls, \(NumberText.cost(Double(tokens))) tokens\(actions.source == "replay" ? ", re-run" : "")):")
            var t = TextTable(headers: ["#", "op", "branch", "store", "depth", "answer", "tokens", "finished"],
                              alignments: [.right, .left, .right, .right, .right, .left, .right, .left])
            for (i, a) in actions.list.enumerated() {
                let ans = Int(a.answer) >= 0 && Int(a.answer) < actions.answers.count ? actions.answers[Int(a.answer)] : "?"
                t.add([String(i), a.operation.rawValue, String(a.branch), a.storeBranch >= 0 ? String(a.storeBranch) : "-",
                       String(a.depth), clip(ans, 24), String(a.tokens), a.finished ? "yes" : "no"])
            }
            out.append(t.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        } else {
            out.append("no action log in this row (the reference evaluator records none; rows written by 'ttsdash eval --traces' have one; --replay re-runs it)")
        }
        if let replayNote { out.append(replayNote) }
        if !r.problems.isEmpty { out.append("problems: " + r.problems.joined(separator: "; ")) }
        return out.joined(separator: "\n")
    }

    static func json(_ r: TraceRecord, path: String, actions: Actions?) -> JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return .object(JSONObject([
            "trace_file": .string(path), "line": .int(r.line),
            "model": opt(r.model), "dataset": opt(r.dataset), "method": opt(r.method), "description": .string(r.description),
            "shuffle_seed": .int(r.shuffleSeed), "question_index": .int(r.questionIndex),
            "is_correct": r.isCorrect.map { .bool($0) } ?? .null, "cost": r.cost.map { .int($0) } ?? .null,
            "answer": opt(r.answer), "gold_answer": opt(r.goldAnswer),
            "steps": .array(r.steps.map { s in
                .object(JSONObject(["event": .string(s.event), "goal": .string(s.goal), "input": s.input, "output": s.output,
                                    "state": s.state, "decision": s.decision]))
            }),
            "actions_source": actions.map { .string($0.source) } ?? .null,
            "actions": actions.map { a in .array(a.list.map { $0.json(answers: a.answers) }) } ?? .null,
        ]))
    }
}
