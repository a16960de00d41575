import Foundation
import ReplayCore

/// Writes a launched evaluation as a new round of a run, in the layout the loader reads:
///
///     <history>/<round id>/code_base/method.py          what was evaluated (built-in controllers + SPECs)
///     <history>/<round id>/proposal_results/matrix_results_<backbone>/<benchmark>_raw_new_api.csv (+ trace)
///     <history>/<round id>/proposal_results_manifest.json
///     <history>/<round id>/launch.json                  the request, to re-run or compare
///     <history>/workflow_index.jsonl                    one more row (eval_returncode 0)
///
/// Everything is first written into a hidden staging folder beside the rounds
/// (`.ttsdash-staging-<pid>-<round id>`), then renamed into place in one step: a cancelled,
/// failed or killed evaluation never leaves a partial round. The loader and the watcher skip
/// hidden names; a staging folder left by a killed process is removed by the next launch.
public final class RoundStaging: @unchecked Sendable {
    public static let prefix = ".ttsdash-staging-"

    /// The folder rounds live in (`code_base/history`).
    public let history: String
    public private(set) var roundID: String
    /// The hidden folder being filled.
    public let path: String
    private var committed = false

    /// Where the result files go: `proposal_results/` for a round, the folder itself for a
    /// held-out evaluation (`eval/test_results/<round id>/matrix_results_*`).
    public let resultsFolder: String
    /// A held-out evaluation of an existing round: no `workflow_index.jsonl` row.
    public let heldOut: Bool
    public var finalPath: String { FileSystem.join(history, roundID) }

    public init(history: String, roundID: String, heldOut: Bool = false) throws(PlanError) {
        self.history = history
        self.roundID = roundID
        self.heldOut = heldOut
        self.path = FileSystem.join(history, "\(Self.prefix)\(getpid())-\(roundID)")
        self.resultsFolder = heldOut ? path : FileSystem.join(path, "proposal_results")
        do {
            try AtomicFile.makeDirectory(history)
            try FileManager.default.createDirectory(atPath: resultsFolder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: FileSystem.join(path, "code_base"), withIntermediateDirectories: true)
        } catch {
            throw PlanError("\(history): cannot create a staging folder for the new round (\(error))")
        }
    }

    /// Folders where new rounds go: the run's `code_base/history`, else one made beside the
    /// run's other parts (`code_base/history` under the workspace or the run root).
    public static func historyFolder(for layout: RunLayout) -> String {
        if let h = layout.history { return h }
        if let cb = layout.codeBase { return FileSystem.join(cb, "history") }
        if let w = layout.workspace { return FileSystem.join(FileSystem.join(w, "code_base"), "history") }
        if let s = layout.searchHistory { return s }
        return FileSystem.join(FileSystem.join(layout.root, "code_base"), "history")
    }

    /// Where held-out evaluations go: the run's `eval/test_results`, else one made where AutoTTS
    /// keeps it (beside `workspace/`, or in the run's root).
    public static func heldOutFolder(for layout: RunLayout) -> String {
        if let h = layout.heldOutResults { return h }
        if let w = layout.workspace {
            let base = (w as NSString).lastPathComponent == "workspace" ? (w as NSString).deletingLastPathComponent : w
            return FileSystem.join(FileSystem.join(base, "eval"), "test_results")
        }
        return FileSystem.join(FileSystem.join(layout.root, "eval"), "test_results")
    }

    /// Round ids already used in the run, including rounds being staged by live processes.
    public static func existingRoundIDs(layout: RunLayout, history: String) -> [String] {
        var ids: [String] = []
        for dir in [history, layout.history, layout.searchHistory, layout.workflowLogs].compactMap({ $0 }) {
            guard case .success(let names) = FileSystem.list(dir) else { continue }
            for n in names {
                if RoundNaming.parse(n) != nil { ids.append(n) }
                if let staged = stagedRound(n), isAlive(staged.pid) { ids.append(staged.roundID) }
            }
        }
        return ids
    }

    /// `(pid, round id)` from a staging folder's name.
    static func stagedRound(_ name: String) -> (pid: Int32, roundID: String)? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]) else { return nil }
        return (pid, String(rest[rest.index(after: dash)...]))
    }

    static func isAlive(_ pid: Int32) -> Bool {
        pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }

    /// Removes staging folders whose process is gone (left by a SIGKILL or a crash).
    @discardableResult
    public static func removeStale(in history: String) -> [String] {
        guard case .success(let names) = FileSystem.list(history) else { return [] }
        var removed: [String] = []
        for n in names {
            guard let staged = stagedRound(n), !isAlive(staged.pid) else { continue }
            let p = FileSystem.join(history, n)
            if (try? FileManager.default.removeItem(atPath: p)) != nil { removed.append(p) }
        }
        return removed
    }

    /// `code_base/method.py`: a round launched here has no proposal source, so the file says
    /// what ran instead (as Python comments, so it is still a valid `method.py`).
    public func writeDescription(_ text: String) throws {
        try writeMethod(Array(text.utf8))
    }

    /// `code_base/method.py`: the controller file a round evaluated, byte for byte.
    public func writeMethod(_ source: [UInt8]) throws {
        try AtomicFile.write(source, to: FileSystem.join(path, "code_base/method.py"))
    }

    public func writeManifest(copiedFiles: [String]) throws {
        let manifest = JSONValue.object(JSONObject([
            "source_dir": .string("ttsdash eval (embedded replay core)"),
            "copied_files": .array(copiedFiles.map { .string($0) }),
        ]))
        try AtomicFile.write(JSONWriter.string(manifest) + "\n", to: FileSystem.join(path, "proposal_results_manifest.json"))
    }

    public func writeLaunchRecord(_ record: JSONValue) throws {
        try AtomicFile.write(JSONWriter.string(record) + "\n", to: FileSystem.join(path, "launch.json"))
    }

    /// Renames the staged round into place, then adds its `workflow_index.jsonl` row.
    /// With `.nextFree`, a name taken meanwhile (another launch) moves to the next free one.
    public func commit(policy: ClashPolicy, layout: RunLayout) throws(PlanError) {
        var attempts = 0
        while FileSystem.exists(finalPath) || FileSystem.isSymlink(finalPath) {
            attempts += 1
            guard policy == .nextFree, attempts < 100 else {
                throw PlanError("\(finalPath): a round with this name appeared while evaluating; nothing was overwritten (results discarded)")
            }
            let existing = Self.existingRoundIDs(layout: layout, history: history) + [roundID]
            roundID = try RoundNamer.resolve(roundID, existing: existing, policy: .nextFree)
        }
        if rename(path, finalPath) != 0 {
            throw PlanError("\(finalPath): cannot move the new round into place (\(String(cString: strerror(errno))))")
        }
        committed = true
        let fd = open(history, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
        if !heldOut, (history as NSString).lastPathComponent == "history" {
            do { try appendIndexRow() } catch {
                throw PlanError("\(FileSystem.join(history, "workflow_index.jsonl")): the round was written but its index row was not (\(error))")
            }
        }
    }

    /// One more `workflow_index.jsonl` line, appended with one `write` on an `O_APPEND`
    /// descriptor, as the workflow itself appends: a line the workflow adds at the same moment
    /// is never lost (a rewrite of the whole file could drop it).
    func appendIndexRow() throws {
        let index = FileSystem.join(history, "workflow_index.jsonl")
        var line = ""
        if case .success(let t) = FileSystem.readText(index), !t.isEmpty, !t.hasSuffix("\n") { line = "\n" }
        // Paths relative to the workspace (the folder holding code_base), as the workflow writes them.
        let codeBase = (history as NSString).deletingLastPathComponent
        let base = (codeBase as NSString).lastPathComponent == "code_base" ? "code_base/history" : (history as NSString).lastPathComponent
        let row = JSONValue.object(JSONObject([
            "round_id": .string(roundID),
            "result_dir": .string("\(base)/\(roundID)/proposal_results"),
            "eval_returncode": 0,
            "dest": .string("\(base)/\(roundID)"),
            "proposal_results_archive": .string("\(base)/\(roundID)/proposal_results"),
            "launched_by": .string("ttsdash"),
        ]))
        line += JSONWriter.string(row) + "\n"
        let fd = open(index, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PlanError("\(index): cannot open for appending (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw PlanError("\(index): the index row was not written whole") }
    }

    /// Removes the staging folder (cancelled or failed); a committed round is never touched.
    public func discard() {
        guard !committed else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
