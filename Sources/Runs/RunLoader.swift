import Foundation
import ReplayCore

/// Turns a folder on disk into a `Run`. Reads listings, small files (CSVs, manifests, JSON
/// logs, `method.py`) and `stat`s trace files; never opens a trace file's contents and never
/// writes anything. Every problem becomes a `Diagnostic`; only a path that is not a readable
/// folder at all makes `load` throw.
public enum RunLoader {
    /// Largest controller source read (bigger files are cut and reported).
    static let sourceLimit = 4 << 20

    public static func load(path: String) throws(RunLocatorError) -> Run {
        let layout = try RunLocator.locate(path)
        return load(layout: layout, path: path)
    }

    public static func load(layout: RunLayout, path: String) -> Run {
        var ctx = Context(layout: layout)
        ctx.loadAll()
        return Run(path: path, layout: layout, rounds: ctx.rounds, diagnostics: ctx.log.items, loadedAt: Date())
    }

    /// A row of `workflow_index.jsonl`.
    struct IndexRow {
        var line: Int
        var roundID: String
        var returnCode: Int?
        var dest: String?
        var resultDir: String?
    }

    struct Context {
        let layout: RunLayout
        var log = DiagnosticLog()
        var rounds: [Round] = []

        init(layout: RunLayout) { self.layout = layout }

        mutating func loadAll() {
            if layout.isEmpty {
                if case .success(let names) = FileSystem.list(layout.root), names.isEmpty {
                    log.error(layout.root, "empty folder: not a discovery run yet")
                } else {
                    log.error(layout.root, "not a discovery run: found none of code_base/history, code_base/training_results, .workflow_logs, logs/search_history, eval/test_results or matrix_results_* folders")
                }
            }
            let index = readWorkflowIndex()
            var archived: [Round] = []
            var seen = Set<String>()
            if let history = layout.history {
                let seeds = FileSystem.join(history, "seed_algorithms")
                if FileSystem.isDirectory(seeds) {
                    var r = Round(id: "seed_algorithms", kind: .seedBaseline, phase: .archived, directory: seeds)
                    r.results = readResults(seeds, manifest: nil, times: &r)
                    finishTimes(&r)
                    rounds.append(r)
                }
                for name in listRounds(history) where !seen.contains(name) {
                    seen.insert(name)
                    archived.append(archivedRound(name, in: history, index: index))
                }
            }
            if let published = layout.searchHistory {
                for name in listRounds(published) {
                    if seen.contains(name) { log.note(FileSystem.join(published, name), "same round id as in code_base/history; the history copy is shown"); continue }
                    seen.insert(name)
                    archived.append(archivedRound(name, in: published, index: index))
                }
            }
            archived.sort { a, b in
                if a.index != b.index { return (a.index ?? Int.max) < (b.index ?? Int.max) }
                return FileSystem.naturalOrder(a.id, b.id)
            }
            for row in index.values.sorted(by: { $0.line < $1.line }) where !seen.contains(row.roundID) {
                log.warning(layout.history.map { FileSystem.join($0, "workflow_index.jsonl") } ?? "workflow_index.jsonl", line: row.line,
                            "round \(row.roundID) is listed but its folder is missing from history/")
            }
            // Discovery rounds in round-index order, the live one among them: a round launched from
            // ttsdash (r0007) while the workflow's r0006 is still evaluating comes after r0006.
            var discovered = archived + liveRounds(archivedIDs: seen)
            let position = Dictionary(uniqueKeysWithValues: discovered.enumerated().map { ($0.element.id, $0.offset) })
            discovered.sort { a, b in
                if a.index != b.index { return (a.index ?? Int.max) < (b.index ?? Int.max) }
                return position[a.id]! < position[b.id]!
            }
            rounds += discovered
            if let held = layout.heldOutResults {
                var r = Round(id: "test_results", kind: .heldOut, phase: .archived, directory: held)
                r.results = readResults(held, manifest: nil, times: &r)
                finishTimes(&r)
                // Held-out evaluations of one round each (`ttsdash eval --held-out-of`): test_results/<round id>/.
                let perRound = listRounds(held)
                // AutoTTS's own held-out run: its results lie directly in test_results.
                if !r.results.isEmpty || perRound.isEmpty { rounds.append(r) }
                for name in perRound {
                    var h = Round(id: "test_results/\(name)", kind: .heldOut, phase: .archived, directory: FileSystem.join(held, name))
                    h.heldOutOf = name
                    h.results = readResults(h.directory, manifest: nil, times: &h)
                    finishTimes(&h)
                    rounds.append(h)
                }
            }
            for folder in layout.resultFolders {
                var r = Round(id: (folder as NSString).lastPathComponent, kind: .results, phase: .archived, directory: folder)
                r.results = readResults(folder, manifest: nil, times: &r)
                finishTimes(&r)
                if rounds.contains(where: { $0.id == r.id }) { r.id = folder }
                rounds.append(r)
            }
        }

        /// Folder names `r<digits>…` in a history folder, naturally sorted; loops reported.
        mutating func listRounds(_ dir: String) -> [String] {
            switch FileSystem.list(dir) {
            case .failure(let p):
                log.error(dir, "cannot list: \(p.reason)")
                return []
            case .success(let names):
                return names.filter { name in
                    // Hidden names are never rounds (a launch stages its round in `.ttsdash-staging-…`).
                    guard !name.hasPrefix("."), RoundNaming.parse(name) != nil else { return false }
                    let p = FileSystem.join(dir, name)
                    if FileSystem.isSymlinkLoop(p) { log.error(p, "symlink loop: points at its own parent; skipped"); return false }
                    switch FileSystem.info(p) {
                    case .failure(let problem): log.error(p, "cannot read: \(problem.reason)"); return false
                    case .success(let i): return i.kind == .directory
                    }
                }
            }
        }

        mutating func readWorkflowIndex() -> [String: IndexRow] {
            guard let history = layout.history else { return [:] }
            let path = FileSystem.join(history, "workflow_index.jsonl")
            guard FileSystem.exists(path) || FileSystem.isSymlink(path) else { return [:] }
            let text: String
            switch FileSystem.readText(path) {
            case .failure(let p): log.error(path, "cannot read: \(p.reason)"); return [:]
            case .success(let t): text = t
            }
            var rows: [String: IndexRow] = [:]
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() {
                let number = i + 1
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                if i == lines.count - 1 {
                    // No newline after it: still being written.
                    log.note(path, line: number, "incomplete last line (still being written?); ignored")
                    continue
                }
                guard let v = try? JSONParser.parse(String(line)), let o = v.objectValue else {
                    log.error(path, line: number, "not a JSON object; line skipped")
                    continue
                }
                var id = o["round_id"]?.stringValue
                if id == nil, let dest = o["dest"]?.stringValue { id = (dest as NSString).lastPathComponent }
                guard let roundID = id, !roundID.isEmpty else {
                    log.error(path, line: number, field: "round_id", "missing; line skipped")
                    continue
                }
                var code: Int? = nil
                if let rc = o["eval_returncode"] {
                    code = rc.intValue
                    if code == nil && !rc.isNull { log.warning(path, line: number, field: "eval_returncode", "not an integer") }
                }
                rows[roundID] = IndexRow(line: number, roundID: roundID, returnCode: code, dest: o["dest"]?.stringValue,
                                         resultDir: o["result_dir"]?.stringValue)
            }
            return rows
        }

        mutating func archivedRound(_ name: String, in parent: String, index: [String: IndexRow]) -> Round {
            let dir = FileSystem.join(parent, name)
            let naming = RoundNaming.parse(name)
            var r = Round(id: name, kind: .archived, index: naming?.index, phase: .archived, directory: dir)
            r.idTimestamp = naming?.timestamp
            r.evalReturnCode = index[name]?.returnCode
            r.phase = PhaseRule.phase(archived: true, returnCode: r.evalReturnCode, proposalWritten: true, hasLiveResults: false)
            readSource(FileSystem.join(dir, "code_base/method.py"), into: &r)
            r.launched = FileSystem.isFile(FileSystem.join(dir, "launch.json"))
            if r.launched { readLaunchRecord(FileSystem.join(dir, "launch.json"), into: &r) }
            readProposerLogs(name, into: &r)
            let manifestPath = FileSystem.join(dir, "proposal_results_manifest.json")
            if FileSystem.exists(manifestPath) || FileSystem.isSymlink(manifestPath) {
                r.manifest = readManifest(manifestPath, roundDirectory: dir)
            }
            var resultsDir = FileSystem.join(dir, "proposal_results")
            if !FileSystem.isDirectory(resultsDir) {
                if RunLocator.holdsMatrixResults(dir) { resultsDir = dir } else {
                    if r.phase == .archived {
                        log.warning(dir, "no proposal_results folder: the round has no results")
                    }
                    finishTimes(&r)
                    return r
                }
            }
            r.results = readResults(resultsDir, manifest: r.manifest, times: &r)
            finishTimes(&r)
            return r
        }

        /// Rounds in `.workflow_logs` not yet archived, and `training_results`.
        mutating func liveRounds(archivedIDs: Set<String>) -> [Round] {
            var live: [Round] = []
            if let logs = layout.workflowLogs, case .success(let names) = FileSystem.list(logs) {
                for name in names where RoundNaming.parse(name) != nil && !archivedIDs.contains(name) {
                    let dir = FileSystem.join(logs, name)
                    if FileSystem.isSymlinkLoop(dir) { log.error(dir, "symlink loop: points at its own parent; skipped"); continue }
                    guard FileSystem.isDirectory(dir) else { continue }
                    let naming = RoundNaming.parse(name)
                    var r = Round(id: name, kind: .live, index: naming?.index, phase: .proposing, directory: dir)
                    r.idTimestamp = naming?.timestamp
                    readProposerLogs(name, into: &r)
                    live.append(r)
                }
            }
            live.sort { ($0.index ?? 0, $0.id) < ($1.index ?? 0, $1.id) }
            var liveResults: [ResultSet] = []
            var hasLiveResults = false
            var trainingTimes = Round(id: "", kind: .live, phase: .evaluating, directory: layout.trainingResults ?? "")
            if let tr = layout.trainingResults {
                liveResults = readResults(tr, manifest: nil, times: &trainingTimes)
                hasLiveResults = !liveResults.isEmpty
            }
            for i in live.indices {
                let proposal = FileSystem.exists(FileSystem.join(live[i].directory, "proposal_result.json"))
                let isLast = i == live.count - 1
                if isLast {
                    // Results older than the round's first log file are left over from before it.
                    var fresh = hasLiveResults
                    if fresh, let begun = live[i].startedAt, let written = trainingTimes.lastChangedAt, written < begun {
                        fresh = false
                        log.note(layout.trainingResults ?? "training_results", "holds results older than round \(live[i].id); not shown as its results")
                    }
                    live[i].phase = PhaseRule.phase(archived: false, returnCode: nil, proposalWritten: proposal, hasLiveResults: fresh)
                    if let cb = layout.codeBase { readSource(FileSystem.join(cb, "method.py"), into: &live[i]) }
                    if fresh, let tr = layout.trainingResults {
                        live[i].results = liveResults
                        live[i].directory = live[i].proposerLogDirectory ?? tr
                        merge(trainingTimes, into: &live[i])
                    }
                    if runFinished(before: live[i]) {
                        live[i].phase = .failed
                        log.warning(live[i].directory, "the workflow has ended (workflow_summary_*.json) but this round was never archived")
                    }
                } else {
                    // An earlier round that was never archived: its proposal or evaluation failed.
                    live[i].phase = .failed
                    log.warning(live[i].directory, "round \(live[i].id) has proposer logs but was never archived")
                }
                finishTimes(&live[i])
            }
            // With proposer logs present, results left in training_results after the last round
            // was archived belong to that round (the workflow empties the folder next round).
            if live.isEmpty, hasLiveResults, layout.workflowLogs == nil, let tr = layout.trainingResults {
                var r = Round(id: "training_results", kind: .live, phase: .evaluating, directory: tr)
                r.results = liveResults
                if let cb = layout.codeBase { readSource(FileSystem.join(cb, "method.py"), into: &r) }
                merge(trainingTimes, into: &r)
                finishTimes(&r)
                live.append(r)
            }
            return live
        }

        /// Whether a `workflow_summary_*.json` says the run ended with `round` unarchived. A
        /// summary that lists its rounds (`ttsdash search` writes `"rounds": [{"round_id": …}]`)
        /// ends only those: a round numbered past all of them belongs to a later search (resumed
        /// or started again in the same workspace). A summary without such a list ends every round.
        func runFinished(before round: Round) -> Bool {
            guard let logs = layout.workflowLogs, case .success(let names) = FileSystem.list(logs) else { return false }
            for name in names where name.hasPrefix("workflow_summary_") && name.hasSuffix(".json") {
                let path = FileSystem.join(logs, name)
                guard let index = round.index, case .success(let bytes) = FileSystem.read(path, limit: 16 << 20),
                      let v = try? JSONParser.parse(bytes), let listed = v["rounds"]?.arrayValue else { return true }
                let indices = listed.compactMap { $0["round_id"]?.stringValue.flatMap(RoundNaming.parse)?.index }
                if indices.count != listed.count || indices.contains(where: { $0 >= index }) { return true }
            }
            return false
        }

        func merge(_ times: Round, into r: inout Round) {
            if let t = times.lastChangedAt { r.lastChangedAt = max(r.lastChangedAt ?? t, t) }
            if let t = times.startedAt { r.startedAt = min(r.startedAt ?? t, t) }
        }

        /// Records a file's modification time in the round's running bounds.
        func touch(_ path: String, _ r: inout Round) {
            guard case .success(let i) = FileSystem.info(path) else { return }
            touch(i.modified, &r)
        }

        func touch(_ t: Date, _ r: inout Round) {
            r.lastChangedAt = max(r.lastChangedAt ?? t, t)
            r.startedAt = min(r.startedAt ?? t, t)   // earliest file time; replaced by the id time in finishTimes
        }

        func finishTimes(_ r: inout Round) {
            touch(r.directory, &r)
            if let stamp = r.idTimestamp, let d = RoundNaming.date(stamp) { r.startedAt = d } else if let d = r.launchedAt { r.startedAt = d }
        }

        /// A launched round's `launch.json`: `launched_at` (ISO 8601) and whether it evaluated a
        /// `method.py` (`method`), else built-in controllers.
        mutating func readLaunchRecord(_ path: String, into r: inout Round) {
            guard case .success(let bytes) = FileSystem.read(path, limit: 1 << 20), let v = try? JSONParser.parse(bytes) else {
                log.warning(path, "not valid JSON; the launched round's start time is unknown")
                return
            }
            r.launchedWithMethod = v["method"]?.stringValue != nil
            guard let date = RecordedTime.iso(v["launched_at"]?.stringValue) else {
                log.note(path, field: "launched_at", "missing or not an ISO 8601 time; the launched round's start time is unknown")
                return
            }
            r.launchedAt = date
        }

        mutating func readSource(_ path: String, into r: inout Round) {
            guard FileSystem.exists(path) || FileSystem.isSymlink(path) else { return }
            switch FileSystem.read(path, limit: 1 << 30) {
            case .failure(let p): log.error(path, "cannot read the controller source: \(p.reason)")
            case .success(var bytes):
                if bytes.count > sourceLimit {
                    log.warning(path, "controller source is \(bytes.count) bytes; only the first \(sourceLimit) are shown")
                    bytes = Array(bytes[0..<sourceLimit])
                }
                r.controllerSource = String(decoding: bytes, as: UTF8.self)
                r.controllerSourcePath = path
                touch(path, &r)
            }
        }

        mutating func readProposerLogs(_ id: String, into r: inout Round) {
            guard let logs = layout.workflowLogs else { return }
            let dir = FileSystem.join(logs, id)
            guard FileSystem.isDirectory(dir) else { return }
            r.proposerLogDirectory = dir
            if case .success(let names) = FileSystem.list(dir) {
                r.proposerLogFiles = names.filter { !$0.hasPrefix(".") }.map { FileSystem.join(dir, $0) }
                for f in r.proposerLogFiles { touch(f, &r) }
            }
            let result = FileSystem.join(dir, "proposal_result.json")
            guard FileSystem.exists(result) || FileSystem.isSymlink(result) else { return }
            switch FileSystem.read(result, limit: 16 << 20) {
            case .failure(let p): log.error(result, "cannot read: \(p.reason)")
            case .success(let bytes):
                if case .success(let i) = FileSystem.info(result) { r.proposedAt = i.modified }
                guard let v = try? JSONParser.parse(bytes) else {
                    log.error(result, "not valid JSON (still being written?); no proposal summary")
                    return
                }
                r.recordedStart = RecordedTime.iso(v["started_at"]?.stringValue)
                r.recordedProposal = ["finished_at", "completed_at", "ended_at"].lazy.compactMap { RecordedTime.iso(v[$0]?.stringValue) }.first
                if let s = v["final_result"]?.stringValue { r.proposalSummary = s }
                else if let other = v["final_result"], !other.isNull { r.proposalSummary = JSONWriter.string(other) }
                else { log.note(result, field: "final_result", "missing: no proposal summary") }
            }
        }

        mutating func readManifest(_ path: String, roundDirectory: String) -> Manifest? {
            let bytes: [UInt8]
            switch FileSystem.read(path, limit: 16 << 20) {
            case .failure(let p): log.error(path, "cannot read the manifest: \(p.reason)"); return nil
            case .success(let b): bytes = b
            }
            guard let v = try? JSONParser.parse(bytes), v.objectValue != nil else {
                log.error(path, "manifest is not a JSON object; ignored")
                return nil
            }
            var m = Manifest(path: path, sourceDirectory: v["source_dir"]?.stringValue, copiedFiles: [], missingFiles: [], rejectedFiles: [])
            guard let files = v["copied_files"]?.arrayValue else {
                log.warning(path, field: "copied_files", "missing or not a list")
                return m
            }
            let resultsDir = FileSystem.join(roundDirectory, "proposal_results")
            for f in files {
                guard let rel = f.stringValue else { log.warning(path, field: "copied_files", "an entry is not a string"); continue }
                m.copiedFiles.append(rel)
                let comps = rel.split(separator: "/", omittingEmptySubsequences: true)
                if rel.hasPrefix("/") || rel.hasPrefix("~") || comps.contains("..") {
                    m.rejectedFiles.append(rel)
                    log.error(path, field: "copied_files", "'\(rel)' points outside the round (absolute or '..'); not followed")
                    continue
                }
                let full = FileSystem.join(resultsDir, rel)
                if !FileSystem.exists(full) {
                    m.missingFiles.append(rel)
                    if rel.hasSuffix(".jsonl") {
                        log.note(full, "listed in the manifest but absent (trace files are not shipped with published rounds)")
                    } else {
                        log.warning(full, "listed in the manifest but absent")
                    }
                }
            }
            return m
        }

        /// Reads `matrix_results_<backbone>/<benchmark>_raw_new_api.csv` (+ trace) under `dir`.
        mutating func readResults(_ dir: String, manifest: Manifest?, times r: inout Round) -> [ResultSet] {
            let names: [String]
            switch FileSystem.list(dir) {
            case .failure(let p): log.error(dir, "cannot list: \(p.reason)"); return []
            case .success(let n): names = n
            }
            var sets: [ResultSet] = []
            for name in names where name.hasPrefix("matrix_results_") {
                let sub = FileSystem.join(dir, name)
                let backbone = String(name.dropFirst("matrix_results_".count))
                if FileSystem.isSymlinkLoop(sub) { log.error(sub, "symlink loop: points at its own parent; skipped"); continue }
                switch FileSystem.info(sub) {
                case .failure(let p): log.error(sub, "cannot read: \(p.reason)"); continue
                case .success(let i) where i.kind != .directory: continue
                default: break
                }
                let files: [String]
                switch FileSystem.list(sub) {
                case .failure(let p): log.error(sub, "cannot list: \(p.reason)"); continue
                case .success(let f): files = f
                }
                var benchmarks: [String] = []
                for f in files where !f.hasPrefix(".") {
                    for suffix in ["_raw_new_api.csv", "_trace_new_api.jsonl"] where f.hasSuffix(suffix) && f.count > suffix.count {
                        let b = String(f.dropLast(suffix.count))
                        if !benchmarks.contains(b) { benchmarks.append(b) }
                    }
                }
                for f in manifest?.missingFiles ?? [] where f.hasPrefix(name + "/") {
                    let file = String(f.dropFirst(name.count + 1))
                    for suffix in ["_raw_new_api.csv", "_trace_new_api.jsonl"] where file.hasSuffix(suffix) && file.count > suffix.count {
                        let b = String(file.dropLast(suffix.count))
                        if !benchmarks.contains(b) { benchmarks.append(b) }
                    }
                }
                for b in benchmarks.sorted(by: FileSystem.naturalOrder) {
                    let csv = FileSystem.join(sub, ResultFiles.csvName(benchmark: b))
                    let tracePath = FileSystem.join(sub, ResultFiles.traceName(benchmark: b))
                    var set = ResultSet(backbone: backbone, benchmark: b, csvPath: nil, rows: [], trace: nil, modifiedAt: nil)
                    switch FileSystem.info(csv) {
                    case .success(let i) where i.kind == .file:
                        set.csvPath = csv
                        set.modifiedAt = i.modified
                        touch(i.modified, &r)
                        let parsed = ResultsCSV.read(path: csv)
                        set.rows = parsed.rows
                        log.items += parsed.diagnostics
                    case .success:
                        log.error(csv, "is not a regular file")
                    case .failure(let p):
                        if p.code != ENOENT { log.error(csv, "cannot read: \(p.reason)") }
                    }
                    switch FileSystem.info(tracePath) {
                    case .success(let i) where i.kind == .file:
                        set.trace = TraceFileRef(path: tracePath, status: .present, size: i.size)
                        touch(i.modified, &r)
                    case .success:
                        log.error(tracePath, "is not a regular file")
                    case .failure(let p):
                        if p.code != ENOENT { log.error(tracePath, "cannot read: \(p.reason)") }
                        else if manifest?.missingFiles.contains("\(name)/\(ResultFiles.traceName(benchmark: b))") == true {
                            set.trace = TraceFileRef(path: tracePath, status: .listedButAbsent, size: nil)
                        }
                    }
                    if set.csvPath == nil && set.trace?.status != .present { continue }
                    sets.append(set)
                }
            }
            return sets.sorted { FileSystem.naturalOrder($0.backbone, $1.backbone) || ($0.backbone == $1.backbone && FileSystem.naturalOrder($0.benchmark, $1.benchmark)) }
        }
    }
}
