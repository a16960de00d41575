import ControllerHost
import Foundation
import ReplayCore
import Runs
import Synchronization

/// Runs the discovery loop on a workspace: per round a prompt, the proposer, the evaluation of
/// its `code_base/method.py` by the controller host, the archive; a workflow summary at the end.
/// Every file is written in the AutoTTS layout (`run-layout.md`), so `RunLoader`, the Live view
/// and the AutoTTS tools see a normal run.
///
/// `run` blocks (call it on a background thread); `cancel` may be called from any thread and
/// stops the proposer's process group and the evaluator: the round in progress is left
/// unarchived, and a session made with `resume: true` redoes it.
public final class SearchSession: @unchecked Sendable {
    public let configuration: SearchConfiguration
    public let workspace: SearchWorkspace
    public let proposer: ProposerCommand
    public let stores: String
    public let storeKeys: [(backbone: String, benchmark: String)]
    public let configurations: [HostedConfiguration]
    public let traceSeeds: Int
    let template: PromptTemplate
    let catalog: [(backbone: String, benchmarks: [String])]

    private let lock = NSLock()
    private var cancelled = false
    private var runningProposer: ProposerProcess?
    private var runningEvaluation: CancellationFlag?

    /// Checks the configuration against the disk (workspace, stores, SPECs, template, Python).
    /// - Parameter ttsdashExecutable: what the `demo` preset runs (the CLI passes its own path).
    public init(_ c: SearchConfiguration, ttsdashExecutable: String? = nil, checkPython: Bool = true) throws(SearchError) {
        configuration = c
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: c.workspace, isDirectory: &isDir), isDir.boolValue else {
            throw SearchError("\(c.workspace): no such workspace folder")
        }
        workspace = SearchWorkspace(root: c.workspace)
        guard fm.fileExists(atPath: workspace.codeBase, isDirectory: &isDir), isDir.boolValue else {
            throw SearchError("\(c.workspace): not an AutoTTS workspace (no code_base/ folder)")
        }
        if let r = c.rounds, r < 1 || r > 10_000 { throw SearchError("--rounds \(r): expected 1 to 10000") }
        if c.rounds == nil && !c.resume { throw SearchError("--rounds is required (how many rounds the search makes)") }
        guard !c.proposer.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SearchError("--proposer: empty command (a shell command, or claude, codex, demo)")
        }
        proposer = ProposerCommand.resolve(c.proposer, ttsdashExecutable: ttsdashExecutable)
        let storesDir = c.stores.map { SearchWorkspace(root: $0).root } ?? workspace.codeBase + "/environment"
        guard fm.fileExists(atPath: storesDir, isDirectory: &isDir), isDir.boolValue else {
            throw SearchError("\(storesDir): no replay stores folder (code_base/environment); pass --stores DIR")
        }
        stores = storesDir
        catalog = ReplayStore.catalog(storesDirectory: storesDir)
        if catalog.isEmpty { throw SearchError("\(storesDir): no replay stores (<backbone>/<benchmark>.json) found") }
        do {
            storeKeys = try EvaluationPlan.storeKeys(catalog: catalog, stores: storesDir, backbones: c.backbones, benchmarks: c.benchmarks)
            guard c.seeds >= 1 && c.seeds <= EvaluationPlan.maxSeeds else { throw PlanError("--seeds \(c.seeds): expected 1 to \(EvaluationPlan.maxSeeds)") }
            traceSeeds = try EvaluationPlan.traceSeedCount(c.traces, seeds: c.seeds)
        } catch let e as PlanError { throw SearchError(e.description) } catch { throw SearchError("\(error)") }
        let specs = c.controllers.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if specs.isEmpty { throw SearchError("no --controller given (e.g. --controller \(SearchConfiguration.defaultController))") }
        do { configurations = try HostedConfiguration.parseAll(specs) } catch { throw SearchError(error.description) }
        for (name, value) in [("--proposer-timeout", c.proposerTimeout), ("--method-timeout", c.methodTimeout), ("--eval-timeout", c.evalTimeout ?? 1)] {
            guard value > 0 && value.isFinite else { throw SearchError("\(name): expected a positive duration") }
        }
        template = try PromptTemplate.load(path: c.promptTemplate)
        if let preset = proposer.preset, preset != .demo, let program = proposer.shell.split(separator: " ").first.map(String.init),
           !Self.onPath(program) {
            let install = preset == .claude ? "npm install -g @anthropic-ai/claude-code, then claude login" : "npm install -g @openai/codex, then codex login"
            throw SearchError("--proposer \(c.proposer): '\(program)' is not on PATH (\(install)), or give the full command")
        }
        if checkPython { try Self.checkPython() }
    }

    static func onPath(_ program: String) -> Bool {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// The evaluator needs python3 with numpy and scipy: said once, before any proposer runs.
    static func checkPython() throws(SearchError) {
        let probe = NSTemporaryDirectory() + "ttsdash-search-probe-\(getpid()).py"
        try? "class Probe:\n    pass\n".write(toFile: probe, atomically: true, encoding: .utf8)
        defer { unlink(probe) }
        do { _ = try HostedEvaluator.classes(method: probe) } catch {
            switch error {
            case .pythonMissing, .modulesMissing: throw SearchError(error.description)
            default: break
            }
        }
    }

    public var isCancelled: Bool { lock.withLock { cancelled } }

    /// Stops the search (any thread): the proposer's process group gets SIGTERM (SIGKILL after
    /// 5 s), the evaluator's workers stop; `run` returns `.cancelled` with the round unarchived.
    public func cancel() {
        let (p, e) = lock.withLock { () -> (ProposerProcess?, CancellationFlag?) in
            cancelled = true
            return (runningProposer, runningEvaluation)
        }
        p?.stop()
        e?.cancel()
    }

    /// Like `cancel`, but the proposer's group gets SIGKILL at once (a second Ctrl-C).
    public func forceStop() {
        let p = lock.withLock { () -> ProposerProcess? in cancelled = true; return runningProposer }
        p?.killNow()
        cancel()
    }

    /// Runs `run` on `queue` and calls `completion` there when it ends.
    public func start(on queue: DispatchQueue = .global(qos: .utility), events: @escaping @Sendable (SearchEvent) -> Void,
                      completion: @escaping @Sendable (Result<SearchOutcome, SearchError>) -> Void) {
        queue.async {
            do throws(SearchError) { completion(.success(try self.run(events: events))) } catch { completion(.failure(error)) }
        }
    }

    // MARK: - The loop

    public func run(events: @escaping @Sendable (SearchEvent) -> Void = { _ in }) throws(SearchError) -> SearchOutcome {
        let ws = workspace
        try Files.makeDirectory(ws.workflowLogs)
        try Files.makeDirectory(ws.history)
        try Files.makeDirectory(ws.trainingResults)
        let searchStarted = Date()
        var state = SearchState.read(ws)
        try completeArchives(state, events: events)
        state = SearchState.read(ws)

        let record = readSessionRecord()
        var firstIndex: Int
        let rounds: Int
        var redo: String? = nil
        if configuration.resume {
            if let p = state.inProgress { redo = p }
            firstIndex = record?.firstIndex ?? redo.flatMap(RoundID.index) ?? ((state.lastArchivedIndex ?? -1) + 1)
            guard let n = configuration.rounds ?? record?.rounds else {
                throw SearchError("--resume: \(ws.relative(ws.sessionRecord)) is missing, so the search's length is unknown; give --rounds")
            }
            rounds = n
        } else {
            firstIndex = try nextRoundID(now: Date()).index
            rounds = configuration.rounds!
        }
        if let r = redo, let i = RoundID.index(r), i < firstIndex { firstIndex = i }
        try writeSessionRecord(firstIndex: firstIndex, rounds: rounds, started: record?.started ?? searchStarted)
        func doneIDs() -> [String] {
            SearchState.read(ws).archived.filter { id in
                (RoundID.index(id) ?? -1) >= firstIndex && FileManager.default.fileExists(atPath: ws.archived(id) + "/" + SearchRecord.fileName)
            }.sorted()
        }
        events(.started(firstIndex: firstIndex, rounds: rounds, done: doneIDs().count, resumed: configuration.resume))

        var outcomes: [SearchRoundOutcome] = []
        while doneIDs().count < rounds {
            if isCancelled { return SearchOutcome(end: .cancelled(roundID: nil), rounds: outcomes) }
            let id: String
            if let r = redo { id = r } else { id = try nextRoundID(now: Date()).id }
            let info = SearchRoundInfo(roundID: id, index: RoundID.index(id) ?? 0, step: doneIDs().count + 1, of: rounds, redo: redo != nil)
            redo = nil
            do throws(SearchError) {
                outcomes.append(try runRound(info, events: events))
            } catch where error == .cancelled {
                events(.phase(roundID: id, .interrupted))
                return SearchOutcome(end: .cancelled(roundID: id), rounds: outcomes)
            }
        }
        let summary = try writeWorkflowSummary(started: record?.started ?? searchStarted, rounds: rounds, ids: doneIDs())
        events(.finished(summaryPath: summary))
        return SearchOutcome(end: .completed(summaryPath: summary), rounds: outcomes)
    }

    func nextRoundID(now: Date) throws(SearchError) -> (id: String, index: Int) {
        let layout: RunLayout
        do { layout = try RunLocator.locate(workspace.root) } catch { throw SearchError(error.description) }
        let existing = RoundStaging.existingRoundIDs(layout: layout, history: workspace.history)
        let id: String
        do { id = try RoundNamer.resolve(nil, existing: existing, policy: .nextFree, now: now) } catch { throw SearchError(error.description) }
        return (id, RoundID.index(id) ?? 0)
    }

    /// A round renamed into `history/` whose index row was not appended (killed in between): the row is added now.
    func completeArchives(_ state: SearchState, events: (SearchEvent) -> Void) throws(SearchError) {
        for id in state.archived where !state.indexed.contains(id) {
            guard let rec = SearchRecord.read(workspace.archived(id)) else { continue }
            try appendIndexRow(id, returnCode: rec.returnCode)
            events(.note("\(id): archived by an earlier search without its index row; row added (eval_returncode \(rec.returnCode))"))
        }
    }

    // MARK: - One round

    func runRound(_ info: SearchRoundInfo, events: @escaping @Sendable (SearchEvent) -> Void) throws(SearchError) -> SearchRoundOutcome {
        let ws = workspace, id = info.roundID, fm = FileManager.default
        let logs = ws.roundLogs(id)
        let before = logs + "/.method_before.py"
        if info.redo {
            // The interrupted attempt's proposer may have half-edited method.py: start from what it had.
            if let saved = fm.contents(atPath: before) { try? AtomicFile.write(Array(saved), to: ws.method) }
            try? fm.removeItem(atPath: logs)
        }
        RoundStaging.removeStale(in: ws.history)
        Files.emptyFolder(ws.trainingResults)
        try Files.makeDirectory(logs)
        if let current = fm.contents(atPath: ws.method) { try? AtomicFile.write(Array(current), to: before) }
        let started = Date()
        events(.roundStarted(info))

        // 1. The prompt.
        let run = try? RunLoader.load(path: ws.root)
        let promptPath = logs + "/rendered_prompt.txt"
        let prompt = template.render(promptValues(info, run: run))
        try Files.write(prompt, promptPath)
        events(.phase(roundID: id, .proposing))

        // 2. The proposer.
        let finalFile = logs + "/final_message.txt"
        var env: [String: String] = [
            "TTSDASH_ROUND_ID": id, "TTSDASH_ROUND_INDEX": String(info.index), "TTSDASH_SEARCH_ROUND": String(info.step),
            "TTSDASH_SEARCH_ROUNDS": String(info.of), "TTSDASH_WORKSPACE": ws.root, "TTSDASH_METHOD": ws.method,
            "TTSDASH_HISTORY": ws.history, "TTSDASH_ENVIRONMENT": stores, "TTSDASH_TRAINING_RESULTS": ws.trainingResults,
            "TTSDASH_ROUND_LOG_DIR": logs, "TTSDASH_PROMPT_FILE": promptPath, "TTSDASH_FINAL_RESULT_FILE": finalFile,
            "TTSDASH_CONTROLLER_SPECS": configuration.controllers.joined(separator: ";"),
        ]
        if prompt.utf8.count < 100_000 { env["TTSDASH_PROMPT"] = prompt }
        for (k, v) in configuration.environment { env[k] = v }
        let process = ProposerProcess()
        lock.withLock { runningProposer = process }
        if isCancelled { process.stop() }
        let stream = logs + "/" + proposer.streamName
        let exit = try process.run(command: proposer.shell, workspace: ws.root, stdin: promptPath, stdout: stream,
                                   stderr: logs + "/proposer_stderr.txt", environment: env, timeout: configuration.proposerTimeout)
        lock.withLock { runningProposer = nil }
        if exit.cancelled || isCancelled { throw SearchError.cancelled }
        events(.proposerFinished(roundID: id, exit))
        let output = Self.readTail(stream, limit: 8 << 20)
        if proposer.preset == .claude { try? Files.write(TranscriptReader.messagesArray(output), logs + "/" + proposer.transcriptName) }
        var final = TranscriptReader.finalMessage(stdout: output, finalResultFile: finalFile)
        if final.isEmpty { final = "(the proposer wrote no final message)" }
        if exit.timedOut { final = "[proposer stopped after --proposer-timeout \(DurationText.format(configuration.proposerTimeout))] " + final }
        else if exit.returnCode != 0 { final = "[proposer exited with status \(exit.returnCode)] " + final }
        let proposed = Date()
        let result = JSONValue.object(JSONObject([
            "round_id": .string(id),
            "started_at": .string(Files.iso(started)),
            "finished_at": .string(Files.iso(proposed)),
            "final_result": .string(final),
            "proposer_command": .string(proposer.shell),
            "proposer_returncode": .int(exit.returnCode),
            "proposer_timed_out": .bool(exit.timedOut),
            "transcript": .string(proposer.transcriptName),
        ]))
        try Files.write(JSONWriter.string(result) + "\n", logs + "/proposal_result.json")
        events(.phase(roundID: id, .evaluating))

        // 3. The evaluation, backbone by backbone into training_results/.
        let evalStarted = Date()
        let evaluation = try evaluate(id, events: events)
        let evaluated = Date()

        // 4. The archive.
        events(.phase(roundID: id, .archiving))
        let times = SearchRecord.Times(started: started, proposed: proposed, evaluated: evaluated)
        var outcome = try archive(info, evaluation: evaluation, proposal: final, proposerExit: exit, times: times, run: run)
        outcome.evaluationSeconds = evaluated.timeIntervalSince(evalStarted)
        try? fm.removeItem(atPath: before)
        events(.phase(roundID: id, .archived(returnCode: outcome.returnCode)))
        events(.roundArchived(outcome))
        return outcome
    }

    static func readTail(_ path: String, limit: Int) -> String {
        guard let h = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? h.close() }
        let size = h.seekToEndOfFile()
        h.seek(toFileOffset: size > UInt64(limit) ? size - UInt64(limit) : 0)
        return String(decoding: h.readDataToEndOfFile(), as: UTF8.self)
    }

    func promptValues(_ info: SearchRoundInfo, run: Run?) -> [String: String] {
        let ws = workspace
        let archived = (run?.rounds ?? []).filter { $0.kind == .archived }
        var history: [String] = []
        var files: [String] = []
        let shown = archived.suffix(8)
        if archived.count > shown.count {
            history.append("- (\(archived.count - shown.count) earlier rounds: \(archived.prefix(archived.count - shown.count).map(\.shortName).joined(separator: ", ")))")
        }
        for r in shown {
            let rc = r.evalReturnCode.map { "eval_returncode \($0)" } ?? "no index row"
            history.append("- \(r.id) (\(rc))")
            let lines = RoundSummary.compactLines(r)
            history += lines.isEmpty ? ["    no results"] : lines.map { "    " + $0 }
            let summary = r.directory + "/" + RoundSummary.fileName
            if FileManager.default.fileExists(atPath: summary) { files.append("- " + ws.relative(summary)) }
        }
        if history.isEmpty { history = ["- none yet: this is the first round"] }
        if files.isEmpty { files = ["- none yet"] }
        var backbones: [String] = [], benchmarks: [String] = []
        for k in storeKeys {
            if !backbones.contains(k.backbone) { backbones.append(k.backbone) }
            if !benchmarks.contains(k.benchmark) { benchmarks.append(k.benchmark) }
        }
        return [
            "round_id": info.roundID, "round_index": String(info.index), "search_round": String(info.step),
            "search_rounds": String(info.of), "workspace": ws.root, "method_path": ws.relative(ws.method),
            "environment_dir": ws.relative(stores), "training_results_dir": ws.relative(ws.trainingResults),
            "history_dir": ws.relative(ws.history), "baselines_dir": ws.relative(ws.baselines),
            "workflow_index": ws.relative(ws.index), "round_log_dir": ws.relative(ws.roundLogs(info.roundID)),
            "history_summary": history.joined(separator: "\n"), "summary_files": files.joined(separator: "\n"),
            "previous_round": archived.last?.id ?? "none",
            "controller_specs": configurations.map(\.label).joined(separator: ", "),
            "backbones": backbones.joined(separator: ", "), "benchmarks": benchmarks.joined(separator: ", "),
            "seeds": String(configuration.seeds),
        ]
    }

    // MARK: - Evaluation

    struct Evaluation {
        var returnCode = 0
        var error: String?
        var failures: [String] = []
        var method: [UInt8]?
    }

    func evaluate(_ id: String, events: @escaping @Sendable (SearchEvent) -> Void) throws(SearchError) -> Evaluation {
        let ws = workspace
        var ev = Evaluation()
        let log = EvalLog(paths: [ws.evalLog, ws.roundLogs(id) + "/eval.log"])
        defer { log.close() }
        guard let bytes = FileManager.default.contents(atPath: ws.method) else {
            ev.returnCode = 1
            ev.error = "code_base/method.py does not exist: the proposer wrote no controller"
            log.line("== \(id): \(ev.error!) (eval_returncode 1)")
            return ev
        }
        ev.method = Array(bytes)
        var backbones: [String] = []
        for k in storeKeys where !backbones.contains(k.backbone) { backbones.append(k.backbone) }
        log.line("== \(id): evaluating code_base/method.py: \(configurations.count) configurations x \(storeKeys.count) stores x \(configuration.seeds) seeds (\(Files.iso(Date())))")

        let flag = CancellationFlag()
        let timedOut = Atomic<Bool>(false)
        lock.withLock { runningEvaluation = flag }
        defer { lock.withLock { runningEvaluation = nil } }
        if isCancelled { flag.cancel() }
        if let limit = configuration.evalTimeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + limit) { [weak flag] in
                guard let flag, !flag.isCancelled else { return }
                timedOut.store(true, ordering: .relaxed)
                flag.cancel()
            }
        }
        let started = Date()
        backbones: for bb in backbones {
            let keys = storeKeys.filter { $0.backbone == bb }
            let plan: EvaluationPlan
            let loaded: [ReplayStore]
            do {
                plan = try EvaluationPlan.make(stores: stores, backbones: bb, benchmarks: keys.map(\.benchmark).joined(separator: ","),
                                               controllers: configuration.controllers, seeds: configuration.seeds, traces: configuration.traces,
                                               method: ws.method, methodTimeout: configuration.methodTimeout, catalog: catalog)
                loaded = try ReplayStore.loadAll(storesDirectory: stores, keys: plan.storeKeys)
            } catch {
                throw SearchError("\(error)")
            }
            log.line("\(bb): evaluating \(plan.configurationCount) configurations on \(keys.map(\.benchmark).joined(separator: ", "))")
            let lines = ProgressLog(backbone: bb, log: log)
            do {
                let out = try EvaluationRun.execute(plan, stores: loaded, storesDirectory: stores, out: ws.trainingResults,
                                                    threads: max(1, configuration.threads), cancel: flag,
                                                    progress: { p in lines.update(p); events(.evaluationProgress(roundID: id, backbone: bb, p)) })
                let fails = out.failures.map(\.description)
                for f in out.failures { log.line("\(bb): \(f.message)\n  \(f)") }
                ev.failures += fails
                if !fails.isEmpty { ev.returnCode = 1 }
                log.line("\(bb): done, \(out.results.count) rows\(fails.isEmpty ? "" : ", \(fails.count) configurations failed") (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
                events(.backboneEvaluated(roundID: id, backbone: bb, rows: out.results.count, failures: fails))
            } catch is EvaluationCancelled {
                if timedOut.load(ordering: .relaxed) && !isCancelled {
                    ev.returnCode = 124
                    ev.error = "the evaluation was stopped after --eval-timeout \(DurationText.format(configuration.evalTimeout ?? 0)) (at \(bb))"
                    log.line("\(bb): \(ev.error!)")
                    break backbones
                }
                log.line("\(bb): interrupted; the round is left unarchived")
                throw SearchError.cancelled
            } catch let e as HostError {
                switch e {
                case .pythonMissing, .modulesMissing: throw SearchError(e.description)
                case .method(let m), .worker(let m):
                    ev.returnCode = 1
                    ev.error = m
                    log.line("\(bb): \(m)")
                }
                break backbones
            } catch {
                ev.returnCode = 1
                ev.error = "\(error)"
                log.line("\(bb): \(error)")
                break backbones
            }
            if isCancelled { throw SearchError.cancelled }
        }
        log.line("== \(id): evaluation finished, eval_returncode \(ev.returnCode) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
        return ev
    }

    // MARK: - Archive

    /// Stages the round in a hidden folder beside the rounds, renames it into place in one step,
    /// then appends its index row: a reader sees the round whole or not at all.
    func archive(_ info: SearchRoundInfo, evaluation ev: Evaluation, proposal: String, proposerExit: ProposerExit,
                 times: SearchRecord.Times, run: Run?) throws(SearchError) -> SearchRoundOutcome {
        let ws = workspace, id = info.roundID, fm = FileManager.default
        let staging = ws.history + "/\(RoundStaging.prefix)\(getpid())-\(id)"
        try? fm.removeItem(atPath: staging)
        defer { try? fm.removeItem(atPath: staging) }
        try Files.makeDirectory(staging + "/code_base")
        try Files.makeDirectory(staging + "/proposal_results")
        if let m = ev.method {
            do { try AtomicFile.write(m, to: staging + "/code_base/method.py") } catch { throw SearchError("\(staging): \(error)") }
        }
        let files = Files.resultFiles(ws.trainingResults)
        for f in files {
            try Files.makeDirectory(staging + "/proposal_results/" + (f as NSString).deletingLastPathComponent)
            try Files.linkOrCopy(ws.trainingResults + "/" + f, staging + "/proposal_results/" + f)
        }
        let manifest = JSONValue.object(JSONObject([
            "source_dir": .string(ws.relative(ws.trainingResults)),
            "copied_files": .array(files.map { .string($0) }),
        ]))
        try Files.write(JSONWriter.string(manifest) + "\n", staging + "/proposal_results_manifest.json")

        var sets: [ResultSet] = []
        var counts: [String: Int] = [:]
        for f in files where f.hasSuffix("_raw_new_api.csv") {
            let parts = f.split(separator: "/")
            let backbone = String(parts[0].dropFirst("matrix_results_".count))
            let benchmark = String(parts[1].dropLast("_raw_new_api.csv".count))
            let rows = ResultsCSV.read(path: staging + "/proposal_results/" + f).rows
            sets.append(ResultSet(backbone: backbone, benchmark: benchmark, csvPath: nil, rows: rows, trace: nil, modifiedAt: nil))
            counts["\(backbone)/\(benchmark)"] = rows.count
        }
        let order = storeKeys.map { "\($0.backbone)/\($0.benchmark)" }
        sets.sort { (order.firstIndex(of: "\($0.backbone)/\($0.benchmark)") ?? .max) < (order.firstIndex(of: "\($1.backbone)/\($1.benchmark)") ?? .max) }
        let earlier = (run?.rounds ?? []).filter { $0.kind == .archived && ($0.index ?? -1) < info.index }
        let summary = RoundSummary.text(roundID: id, returnCode: ev.returnCode, results: sets, previous: earlier.last,
                                        baselines: run?.rounds.first { $0.kind == .seedBaseline },
                                        failures: ev.failures, error: ev.error, proposal: proposal,
                                        methodPath: ws.relative(ws.archived(id) + "/code_base/method.py"))
        try Files.write(summary, staging + "/" + RoundSummary.fileName)
        let archivedAt = Date()
        let record = SearchRecord(roundID: id, returnCode: ev.returnCode, error: ev.error, failures: ev.failures,
                                  proposerReturnCode: proposerExit.returnCode, times: times, archived: archivedAt)
        try Files.write(JSONWriter.string(record.json) + "\n", staging + "/" + SearchRecord.fileName)
        Files.fsyncDirectory(staging)

        let final = ws.archived(id)
        if fm.fileExists(atPath: final) { throw SearchError("\(final): a round with this id appeared meanwhile; nothing was overwritten") }
        if rename(staging, final) != 0 {
            throw SearchError("\(final): cannot move the round into place (\(String(cString: strerror(errno))))")
        }
        Files.fsyncDirectory(ws.history)
        try appendIndexRow(id, returnCode: ev.returnCode)
        Files.emptyFolder(ws.trainingResults)
        return SearchRoundOutcome(roundID: id, returnCode: ev.returnCode, error: ev.error, failures: ev.failures,
                                  proposerReturnCode: proposerExit.returnCode, proposerSeconds: proposerExit.seconds,
                                  evaluationSeconds: 0, seconds: archivedAt.timeIntervalSince(times.started),
                                  path: final, summaryPath: final + "/" + RoundSummary.fileName, rowCounts: counts)
    }

    /// The workflow's row, with its keys in its order (`run-layout.md`).
    func appendIndexRow(_ id: String, returnCode: Int) throws(SearchError) {
        let ws = workspace
        let row = JSONValue.object(JSONObject([
            "round_id": .string(id),
            "result_dir": .string(ws.relative(ws.trainingResults)),
            "eval_returncode": .int(returnCode),
            "dest": .string(ws.relative(ws.archived(id))),
            "proposal_results_archive": .string(ws.relative(ws.archived(id) + "/proposal_results")),
        ]))
        try Files.append(JSONWriter.string(row) + "\n", ws.index)
    }

    // MARK: - Records

    struct SessionRecord { var firstIndex: Int; var rounds: Int; var started: Date? }

    func readSessionRecord() -> SessionRecord? {
        guard let data = FileManager.default.contents(atPath: workspace.sessionRecord),
              let v = try? JSONParser.parse(Array(data)),
              let first = v["first_round_index"]?.intValue, let rounds = v["rounds"]?.intValue else { return nil }
        return SessionRecord(firstIndex: first, rounds: rounds, started: v["started_at"]?.stringValue.flatMap { ISO8601DateFormatter().date(from: $0) })
    }

    func writeSessionRecord(firstIndex: Int, rounds: Int, started: Date) throws(SearchError) {
        let v = JSONValue.object(JSONObject([
            "searched_by": "ttsdash",
            "started_at": .string(Files.iso(started)),
            "first_round_index": .int(firstIndex),
            "rounds": .int(rounds),
            "proposer_command": .string(proposer.shell),
            "controllers": .array(configuration.controllers.map { .string($0) }),
            "stores": .string(workspace.relative(stores)),
            "store_keys": .array(storeKeys.map { .string("\($0.backbone)/\($0.benchmark)") }),
            "seeds": .int(configuration.seeds),
        ]))
        try Files.write(JSONWriter.string(v) + "\n", workspace.sessionRecord)
    }

    func writeWorkflowSummary(started: Date, rounds: Int, ids: [String]) throws(SearchError) -> String {
        let ws = workspace
        let now = Date()
        let path = ws.workflowLogs + "/workflow_summary_\(Files.stamp(now))_\(RoundNamer.randomHex()).json"
        let items: [JSONValue] = ids.map { id in
            let rec = SearchRecord.read(ws.archived(id))
            return .object(JSONObject([
                "round_id": .string(id),
                "eval_returncode": rec.map { .int($0.returnCode) } ?? .null,
                "dest": .string(ws.relative(ws.archived(id))),
                "proposal_results_archive": .string(ws.relative(ws.archived(id) + "/proposal_results")),
                "round_summary": .string(ws.relative(ws.archived(id) + "/" + RoundSummary.fileName)),
            ]))
        }
        let v = JSONValue.object(JSONObject([
            "workflow": "ttsdash search",
            "workspace": .string(ws.root),
            "started_at": .string(Files.iso(started)),
            "finished_at": .string(Files.iso(now)),
            "rounds_requested": .int(rounds),
            "rounds_completed": .int(ids.count),
            "failed_rounds": .int(items.filter { ($0["eval_returncode"]?.intValue ?? 0) != 0 }.count),
            "proposer_command": .string(proposer.shell),
            "controllers": .array(configuration.controllers.map { .string($0) }),
            "rounds": .array(items),
        ]))
        try Files.write(JSONWriter.string(v) + "\n", path)
        return path
    }
}

extension SearchError {
    static let cancelled = SearchError("cancelled")
}

/// `history/<round>/search_round.json`: what the search knows of an archived round that the
/// workflow's own files do not say (return codes, failures, phase times).
struct SearchRecord {
    static let fileName = "search_round.json"
    struct Times { var started: Date; var proposed: Date; var evaluated: Date }
    var roundID: String
    var returnCode: Int
    var error: String?
    var failures: [String]
    var proposerReturnCode: Int
    var times: Times?
    var archived: Date?

    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("round_id", .string(roundID)), ("searched_by", "ttsdash"), ("eval_returncode", .int(returnCode)),
            ("eval_error", error.map { .string($0) } ?? .null), ("failures", .array(failures.map { .string($0) })),
            ("proposer_returncode", .int(proposerReturnCode)),
        ]
        if let t = times {
            pairs += [("started_at", .string(Files.iso(t.started))), ("proposed_at", .string(Files.iso(t.proposed))),
                      ("evaluated_at", .string(Files.iso(t.evaluated)))]
        }
        if let a = archived { pairs.append(("archived_at", .string(Files.iso(a)))) }
        return .object(JSONObject(pairs: pairs))
    }

    static func read(_ roundDir: String) -> SearchRecord? {
        guard let data = FileManager.default.contents(atPath: roundDir + "/" + fileName),
              let v = try? JSONParser.parse(Array(data)), let id = v["round_id"]?.stringValue,
              let rc = v["eval_returncode"]?.intValue else { return nil }
        return SearchRecord(roundID: id, returnCode: rc, error: v["eval_error"]?.stringValue,
                            failures: v["failures"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                            proposerReturnCode: v["proposer_returncode"]?.intValue ?? 0, times: nil, archived: nil)
    }
}

/// The evaluator's log: appended line by line, flushed at once, so a tail (the Live view's
/// `--eval-log`) shows each line as it is written.
final class EvalLog: @unchecked Sendable {
    private let lock = NSLock()
    private var fds: [Int32]

    init(paths: [String]) {
        fds = paths.map { open($0, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644) }.filter { $0 >= 0 }
    }

    func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        lock.withLock { for fd in fds { _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } } }
    }

    func close() { lock.withLock { for fd in fds { Foundation.close(fd) }; fds = [] } }
}

/// One log line each time a configuration finishes.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reported = 0
    let backbone: String
    let log: EvalLog
    init(backbone: String, log: EvalLog) { self.backbone = backbone; self.log = log }

    func update(_ p: EvaluationProgress) {
        let should = lock.withLock { () -> Bool in
            guard p.completedConfigurations > reported else { return false }
            reported = p.completedConfigurations
            return true
        }
        guard should else { return }
        log.line(String(format: "%@: progress %d/%d configurations, %d/%d question runs, %.1f s", backbone,
                        p.completedConfigurations, p.totalConfigurations, p.completedRuns, p.totalRuns, p.elapsed))
    }
}
