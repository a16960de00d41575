import Foundation
import ReplayCore

/// The order and run-clock times at which a finished (or partly finished) run's files came to be,
/// so `RunReplayer` can write them again into a new folder at a chosen pace. A pure value:
/// building it reads the run, executing it is separate (and testable without sleeping).
///
/// Times come from the run's own records: a round's start from `proposal_result.json`'s
/// `started_at` or the time stamp in its id, its proposal from `finished_at`, its archiving from
/// the next round's start. File modification times are never used (a checkout's are all equal).
/// What the records do not say is filled with the median of what they do say (or 5 and 10 minutes).
public struct ReplayPlan: Sendable, Equatable {
    /// One file-system operation, with paths relative to the run root.
    public enum Operation: Sendable, Equatable {
        /// Copy a source file to a path, atomically (hidden temporary file, then rename).
        case copy(from: String, to: String)
        /// Write these bytes (a growing `workflow_index.jsonl`), atomically.
        case write(to: String, bytes: [UInt8])
        /// Copy a whole source folder into place in one rename (an archived round appears whole).
        case copyFolder(from: String, to: String)
        /// Create a folder (a round's proposer log folder: the round has started).
        case makeFolder(String)
        /// Remove a folder this replay wrote (the workflow empties `training_results` after a round).
        case removeFolder(String)
    }

    public struct Step: Sendable, Equatable {
        /// Seconds of run time since the replay's first step.
        public var at: Double
        /// The round's short name (`r0003`), nil for set-up and closing steps.
        public var round: String?
        /// What happened, in words ("proposal written", "results for Synth-S", …).
        public var what: String
        public var operations: [Operation]
    }

    /// The run root being replayed (absolute).
    public var source: String
    public var steps: [Step]
    /// Where the times came from, in words (printed by `replay-run`).
    public var clockNote: String

    /// Wall-clock offsets (seconds from the start) for each step at `speed` times real time,
    /// with no single wait longer than `maxGap` seconds. Speed `.infinity` waits never.
    public func wallOffsets(speed: Double, maxGap: Double? = nil) -> [Double] {
        var out: [Double] = []
        var wall = 0.0
        var previous = steps.first?.at ?? 0
        for step in steps {
            var gap = max(0, step.at - previous) / max(speed, 1e-9)
            if let cap = maxGap { gap = min(gap, max(0, cap)) }
            if !gap.isFinite { gap = 0 }
            wall += gap
            out.append(wall)
            previous = step.at
        }
        return out
    }
}

extension ReplayPlan {
    /// Builds the plan for the run at `path` (any folder inside it).
    public static func make(path: String) throws(RunLocatorError) -> ReplayPlan {
        let layout = try RunLocator.locate(path)
        let run = RunLoader.load(layout: layout, path: path)
        return ReplayPlanBuilder(layout: layout, run: run).build()
    }
}

/// Builds a `ReplayPlan`: classifies every file of the run by the moment it belongs to, then
/// times those moments from the run's records.
struct ReplayPlanBuilder {
    let layout: RunLayout
    let run: Run
    let root: String

    static let defaultProposeSeconds = 300.0
    static let defaultEvaluateSeconds = 600.0

    init(layout: RunLayout, run: Run) {
        self.layout = layout
        self.run = run
        self.root = layout.root
    }

    /// When a round's moments happened, in run-clock seconds (absolute epoch seconds when the
    /// records give them, else relative to a made-up origin; only differences matter).
    struct RoundTimes {
        var start: Double
        var proposed: Double?
        var backbones: [(name: String, at: Double)]
        var archived: Double?
    }

    func rel(_ p: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return p.hasPrefix(prefix) ? String(p.dropFirst(prefix.count)) : p
    }

    func build() -> ReplayPlan {
        let rounds = run.rounds.filter { $0.kind == .archived || $0.kind == .live }
        let allFiles = Self.files(under: root)
        let times = roundTimes(rounds)
        var steps: [(at: Double, order: Int, step: ReplayPlan.Step)] = []
        var order = 0
        func add(_ at: Double, _ round: Round?, _ what: String, _ ops: [ReplayPlan.Operation]) {
            guard !ops.isEmpty else { return }
            steps.append((at, order, ReplayPlan.Step(at: at, round: round?.shortName, what: what, operations: ops)))
            order += 1
        }
        var claimed = Set<String>()
        let origin = times.values.map(\.start).min() ?? 0
        // Results are re-enacted through training_results only where the run has one.
        let trainingRel = layout.trainingResults.map(rel)
        let methodRel = layout.codeBase.map { rel(FileSystem.join($0, "method.py")) }
        let liveRound = rounds.last { $0.kind == .live }
        var lastArchive = origin
        var indexLines = workflowIndexLines()

        for r in rounds {
            guard let t = times[r.id] else { continue }
            // Started: the proposer's log folder and its prompt.
            var startOps: [ReplayPlan.Operation] = []
            var proposeOps: [ReplayPlan.Operation] = []
            if let logDir = r.proposerLogDirectory {
                startOps.append(.makeFolder(rel(logDir)))
                for f in allFiles where f.hasPrefix(rel(logDir) + "/") {
                    let name = (f as NSString).lastPathComponent
                    claimed.insert(f)
                    if name == "proposal_result.json" { continue }
                    // The prompt exists from the start; a transcript is complete when the proposal is.
                    if name.hasPrefix("rendered_prompt") { startOps.append(.copy(from: f, to: f)) } else { proposeOps.append(.copy(from: f, to: f)) }
                }
            }
            add(t.start, r, "round started (proposing)", startOps)
            // Proposed: the controller in code_base/method.py, then the agent's summary.
            if let p = t.proposed {
                if let methodRel {
                    if r.kind == .archived, let src = r.controllerSourcePath, FileSystem.isFile(src) {
                        proposeOps.append(.copy(from: rel(src), to: methodRel))
                    } else if r.id == liveRound?.id, allFiles.contains(methodRel) {
                        proposeOps.append(.copy(from: methodRel, to: methodRel))
                        claimed.insert(methodRel)
                    }
                }
                if let logDir = r.proposerLogDirectory, allFiles.contains(rel(FileSystem.join(logDir, "proposal_result.json"))) {
                    let f = rel(FileSystem.join(logDir, "proposal_result.json"))
                    proposeOps.append(.copy(from: f, to: f))
                }
                add(p, r, "proposal written (evaluating)", proposeOps)
            }
            // Evaluating: each backbone's result files land in training_results whole.
            for (name, at) in t.backbones {
                var ops: [ReplayPlan.Operation] = []
                if r.kind == .live, let tr = trainingRel {
                    for f in allFiles where f.hasPrefix("\(tr)/matrix_results_\(name)/") {
                        ops.append(.copy(from: f, to: f))
                        claimed.insert(f)
                    }
                } else if let tr = trainingRel {
                    let from = rel(FileSystem.join(r.directory, "proposal_results/matrix_results_\(name)"))
                    for f in allFiles where f.hasPrefix(from + "/") {
                        ops.append(.copy(from: f, to: "\(tr)/matrix_results_\(name)/" + (f as NSString).lastPathComponent))
                    }
                }
                add(at, r, "results for \(name) arrived", ops)
            }
            // Archived: the round folder appears whole, then its row in workflow_index.jsonl,
            // then training_results is emptied for the next round.
            if let a = t.archived, r.kind == .archived {
                var ops: [ReplayPlan.Operation] = [.copyFolder(from: rel(r.directory), to: rel(r.directory))]
                for f in allFiles where f.hasPrefix(rel(r.directory) + "/") { claimed.insert(f) }
                if let i = indexLines.firstIndex(where: { $0.roundID == r.id }) {
                    let line = indexLines.remove(at: i)
                    ops.append(.write(to: line.path, bytes: line.prefix))
                    // Lines before it that name no known round are written with it.
                    indexLines.removeAll { $0.offset < line.offset }
                }
                if let tr = trainingRel, !t.backbones.isEmpty {
                    for (name, _) in t.backbones { ops.append(.removeFolder("\(tr)/matrix_results_\(name)")) }
                }
                let rc = r.evalReturnCode.map { " (return code \($0))" } ?? ""
                add(a, r, (r.phase == .failed ? "archived as failed" : "archived") + rc, ops)
                lastArchive = max(lastArchive, a)
            }
        }
        if let last = indexLines.last { claimed.insert(last.path); add(lastArchive, nil, "workflow index completed", [.write(to: last.path, bytes: last.all)]) }
        if let idx = workflowIndexPath() { claimed.insert(idx) }

        // Files with no moment of their own: replay stores, seed baselines, the README… come
        // first; held-out results follow the search; training results with no live round (left
        // from the last archived round) and a final summary come last.
        var setup: [ReplayPlan.Operation] = [], afterSearch: [ReplayPlan.Operation] = [], closing: [ReplayPlan.Operation] = []
        let heldRel = layout.heldOutResults.map(rel)
        let logsRel = layout.workflowLogs.map(rel)
        for f in allFiles where !claimed.contains(f) {
            if let h = heldRel, f.hasPrefix(h + "/") { afterSearch.append(.copy(from: f, to: f)) }
            else if let l = logsRel, f.hasPrefix(l + "/workflow_summary_") { closing.append(.copy(from: f, to: f)) }
            else if let tr = trainingRel, f.hasPrefix(tr + "/") { afterSearch.append(.copy(from: f, to: f)) }
            else if f == methodRel { afterSearch.append(.copy(from: f, to: f)) }
            else { setup.append(.copy(from: f, to: f)) }
        }
        add(origin, nil, "set-up: replay stores, seed baselines and other files", setup)
        steps.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        // Set-up goes first whatever its order number.
        if let i = steps.firstIndex(where: { $0.step.what.hasPrefix("set-up") }) {
            let s = steps.remove(at: i)
            steps.insert(s, at: 0)
        }
        let end = max(lastArchive, steps.last?.at ?? origin)
        if !afterSearch.isEmpty { steps.append((max(lastArchive, end), order, ReplayPlan.Step(at: end, round: nil, what: "held-out and remaining results", operations: afterSearch))); order += 1 }
        if !closing.isEmpty { steps.append((end + 1, order, ReplayPlan.Step(at: end + 1, round: nil, what: "workflow finished (summary written)", operations: closing))) }
        let base = steps.first?.at ?? 0
        let out = steps.map { var s = $0.step; s.at = $0.at - base; return s }
        return ReplayPlan(source: root, steps: out, clockNote: clockNote)
    }

    var clockNote: String {
        let rounds = run.rounds.filter { $0.kind == .archived || $0.kind == .live }
        let timed = rounds.filter { recordedStart($0) != nil }.count
        if rounds.isEmpty { return "no rounds: files are written in one step" }
        if timed == rounds.count { return "times from the rounds' records (round ids and proposal_result.json)" }
        if timed == 0 { return "the run records no times: rounds are spaced \(Int(Self.defaultProposeSeconds + Self.defaultEvaluateSeconds) / 60) minutes apart in their order" }
        return "times from the records of \(timed) of \(rounds.count) rounds; the rest are placed in order between them"
    }

    // MARK: Times

    func roundTimes(_ rounds: [Round]) -> [String: RoundTimes] {
        let starts = rounds.map(recordedStart)
        let proposals = rounds.map(recordedProposal)
        var proposeDurations: [Double] = [], evaluateDurations: [Double] = []
        for i in rounds.indices {
            if let s = starts[i], let p = proposals[i], p >= s { proposeDurations.append(p - s) }
            if rounds[i].kind == .archived, let p = proposals[i], i + 1 < rounds.count, let next = starts[i + 1], next >= p {
                evaluateDurations.append(next - p)
            }
        }
        let propose = Self.median(proposeDurations) ?? Self.defaultProposeSeconds
        let evaluate = Self.median(evaluateDurations) ?? Self.defaultEvaluateSeconds
        let backboneCount = max(1, run.backbones.count)
        // The evaluator's backbone order is not recorded; a round cut short (failed, or still
        // running) holds a prefix of it, so backbones present in more rounds come first.
        let evaluationOrder = run.backbones.sorted { a, b in
            let ca = rounds.filter { r in r.results.contains { $0.backbone == a } }.count
            let cb = rounds.filter { r in r.results.contains { $0.backbone == b } }.count
            return ca != cb ? ca > cb : FileSystem.naturalOrder(a, b)
        }
        var out: [String: RoundTimes] = [:]
        var cursor = starts.compactMap { $0 }.min() ?? 0
        for (i, r) in rounds.enumerated() {
            let start = max(starts[i] ?? cursor, cursor)
            let hasProposal = r.kind == .archived || r.phase != .proposing
            var t = RoundTimes(start: start, proposed: nil, backbones: [], archived: nil)
            var end = start
            if hasProposal {
                let p = max(proposals[i] ?? start + propose, start)
                t.proposed = p
                end = p
                let names = evaluationOrder.filter { b in r.results.contains { $0.backbone == b } }
                if r.kind == .archived {
                    let nextStart = (i + 1 < rounds.count ? starts[i + 1] : nil).flatMap { $0 >= p ? $0 : nil }
                    let a = nextStart ?? p + evaluate
                    t.archived = a
                    let slot = (a - p) / Double(backboneCount + 1)
                    t.backbones = names.enumerated().map { ($1, p + slot * Double($0 + 1)) }
                    end = a
                } else {
                    let slot = evaluate / Double(backboneCount + 1)
                    t.backbones = names.enumerated().map { ($1, p + slot * Double($0 + 1)) }
                    end = t.backbones.last?.at ?? p
                }
            }
            out[r.id] = t
            cursor = end
        }
        return out
    }

    /// `started_at` from the round's proposal_result.json, else the time stamp in its id, as
    /// epoch seconds (only differences matter).
    func recordedStart(_ r: Round) -> Double? {
        (r.recordedStart ?? r.idTimestamp.flatMap(RoundNaming.date))?.timeIntervalSince1970
    }

    func recordedProposal(_ r: Round) -> Double? {
        r.recordedProposal?.timeIntervalSince1970
    }

    static func median(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    // MARK: Files

    /// A line of workflow_index.jsonl with the file's bytes up to and including it.
    struct IndexLine {
        var path: String
        var roundID: String?
        var offset: Int
        var prefix: [UInt8]
        var all: [UInt8]
    }

    func workflowIndexPath() -> String? {
        guard let h = layout.history else { return nil }
        let p = FileSystem.join(h, "workflow_index.jsonl")
        return FileSystem.isFile(p) ? rel(p) : nil
    }

    func workflowIndexLines() -> [IndexLine] {
        guard let relPath = workflowIndexPath(), case .success(let bytes) = FileSystem.read(FileSystem.join(root, relPath)) else { return [] }
        var out: [IndexLine] = []
        var start = 0
        var i = 0
        while start < bytes.count {
            while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            let end = min(i + 1, bytes.count)
            let line = Array(bytes[start..<min(i, bytes.count)])
            let id = (try? JSONParser.parse(line))?["round_id"]?.stringValue
            out.append(IndexLine(path: relPath, roundID: id, offset: start, prefix: Array(bytes[0..<end]), all: bytes))
            start = end
            i = end
        }
        return out
    }

    /// Every regular file under `root`, relative, in natural order; hidden temporary files and
    /// folders left by a writer (`.name.tmp-…`, a replay's staging and removed folders) are skipped.
    static func files(under root: String) -> [String] {
        var out: [String] = []
        var visited = Set<[UInt64]>()
        func walk(_ dir: String, _ prefix: String, depth: Int) {
            guard depth < 12, case .success(let info) = FileSystem.info(dir), visited.insert([info.device, info.inode]).inserted,
                  case .success(let names) = FileSystem.list(dir) else { return }
            for n in names {
                if n.hasPrefix(".") && (n.contains(".tmp") || n.contains(".replay-tmp-") || n.contains(".removed-")) { continue }
                let p = FileSystem.join(dir, n)
                let r = prefix.isEmpty ? n : prefix + "/" + n
                guard case .success(let i) = FileSystem.info(p) else { continue }
                switch i.kind {
                case .file: out.append(r)
                case .directory: walk(p, r, depth: depth + 1)
                case .other: break
                }
            }
        }
        walk(root, "", depth: 0)
        return out
    }
}
