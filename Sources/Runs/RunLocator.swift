import Foundation

/// Where the parts of a run are, as recognised from the folder names on disk.
///
/// Any of these may be nil; a run can be just a results folder. Paths are absolute and
/// standardised (no symlink resolution, so they read as the user sees them).
public struct RunLayout: Sendable, Hashable {
    /// The outermost folder recognised (repository root, `efficient_reasoning_controller`,
    /// `workspace`, …): pointing at any folder inside it finds the same root.
    public var root: String
    /// `…/workspace`: holds `code_base/` and `.workflow_logs/`.
    public var workspace: String?
    /// `…/code_base`: holds `history/`, `training_results/`, `environment/`, `method.py`.
    public var codeBase: String?
    /// `code_base/history`: seed baselines, archived rounds and `workflow_index.jsonl`.
    public var history: String?
    /// `code_base/training_results`: the live evaluator's output.
    public var trainingResults: String?
    /// `.workflow_logs`: the proposer's per-round logs.
    public var workflowLogs: String?
    /// `logs/search_history`: the published `rNNNN` rounds.
    public var searchHistory: String?
    /// `eval/test_results`: held-out evaluations.
    public var heldOutResults: String?
    /// Replay stores for the search split (`code_base/environment`).
    public var environment: String?
    /// Held-out replay stores (`test_environment`).
    public var testEnvironment: String?
    /// Folders that directly hold `matrix_results_*` and are not one of the above
    /// (written by `ttsdash eval --out`).
    public var resultFolders: [String]

    public init(root: String) {
        self.root = root
        self.resultFolders = []
    }

    /// A one-line description: which parts were found.
    public var summary: String {
        var parts: [String] = []
        if history != nil { parts.append("history") }
        if searchHistory != nil { parts.append("search history") }
        if trainingResults != nil { parts.append("training results") }
        if workflowLogs != nil { parts.append("workflow logs") }
        if heldOutResults != nil { parts.append("held-out results") }
        if !resultFolders.isEmpty { parts.append("\(resultFolders.count) results folder\(resultFolders.count == 1 ? "" : "s")") }
        if environment != nil { parts.append("replay stores") }
        return parts.isEmpty ? "nothing recognised" : parts.joined(separator: ", ")
    }

    /// True when no part of a discovery run or results folder was found.
    public var isEmpty: Bool {
        history == nil && trainingResults == nil && workflowLogs == nil && searchHistory == nil
            && heldOutResults == nil && resultFolders.isEmpty
    }
}

/// Why a path cannot be opened as a run at all (it does not exist, or is not a folder).
public struct RunLocatorError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Recognises the run layouts of `docs/run-layout.md` from any folder inside them.
///
/// Climbs from the given folder while its name says it is a known part of a bigger layout
/// (`history` in `code_base` in `workspace` in `efficient_reasoning_controller` in a checkout),
/// then looks down from that root for every known part. Reads folder listings only.
public enum RunLocator {
    /// The folder name of the AutoTTS project inside a repository checkout.
    public static let projectFolder = "efficient_reasoning_controller"

    public static func locate(_ path: String) throws(RunLocatorError) -> RunLayout {
        let absolute = standardize(path)
        switch FileSystem.info(absolute) {
        case .failure(let p): throw RunLocatorError(path: path, reason: p.reason)
        case .success(let i) where i.kind != .directory: throw RunLocatorError(path: path, reason: "is not a folder")
        default: break
        }
        if case .failure(let p) = FileSystem.list(absolute) { throw RunLocatorError(path: path, reason: p.reason) }
        let root = climb(absolute)
        return describe(root: root)
    }

    static func standardize(_ path: String) -> String {
        var p = path.isEmpty ? "." : path
        if p.hasPrefix("~") { p = (p as NSString).expandingTildeInPath }
        if !p.hasPrefix("/") { p = FileSystem.join(FileManager.default.currentDirectoryPath, p) }
        let s = (p as NSString).standardizingPath
        return s.isEmpty ? "/" : s
    }

    private static func name(_ p: String) -> String { (p as NSString).lastPathComponent }
    private static func parent(_ p: String) -> String { (p as NSString).deletingLastPathComponent }
    private static func has(_ dir: String, _ child: String) -> Bool { FileSystem.isDirectory(FileSystem.join(dir, child)) }

    /// Climbs to the outermost recognised folder.
    static func climb(_ start: String) -> String {
        var p = start
        for _ in 0..<6 {
            let n = name(p), up = parent(p)
            guard up != p else { break }
            switch n {
            case "history" where name(up) == "code_base" || has(up, "training_results") || FileSystem.isFile(FileSystem.join(up, "method.py")):
                p = up
            case "seed_algorithms" where name(up) == "history":
                p = up
            case _ where n.hasPrefix("matrix_results_"):
                // A backbone's results: the folder holding it is the round or results folder.
                p = up
            case "proposal_results" where RoundNaming.parse(name(up)) != nil:
                p = up
            case "code_base" where RoundNaming.parse(name(up)) != nil:
                p = up
            case _ where RoundNaming.parse(n) != nil && ["history", "search_history", ".workflow_logs"].contains(name(up)):
                // A round folder: its run is the one around it.
                p = up
            case "training_results" where name(up) == "code_base":
                p = up
            case "environment" where name(up) == "code_base":
                p = up
            case "code_base" where name(up) == "workspace" || has(up, ".workflow_logs"):
                p = up
            case ".workflow_logs" where has(up, "code_base"):
                p = up
            case "search_history" where name(up) == "logs":
                p = up
            case "test_results" where name(up) == "eval":
                p = up
            case "logs" where has(up, "workspace") || name(up) == projectFolder:
                p = up
            case "eval" where has(up, "workspace") || name(up) == projectFolder:
                p = up
            case "workspace" where has(up, "logs") || has(up, "eval") || name(up) == projectFolder:
                p = up
            case projectFolder where !has(up, "workspace") && !has(up, "code_base"):
                // The checkout root holds the project folder (and its README, licence, …).
                p = up
            default:
                return p
            }
        }
        return p
    }

    /// Looks down from `root` for every known part.
    static func describe(root: String) -> RunLayout {
        var layout = RunLayout(root: root)
        var base = root
        if has(root, projectFolder) { base = FileSystem.join(root, projectFolder) }
        var workspace: String? = nil
        if has(base, "workspace") { workspace = FileSystem.join(base, "workspace") } else if has(base, "code_base") { workspace = base }
        var codeBase: String? = workspace.map { FileSystem.join($0, "code_base") }
        if codeBase == nil, has(base, "history") || has(base, "training_results") { codeBase = base }
        if let w = workspace {
            layout.workspace = w
            if has(w, ".workflow_logs") { layout.workflowLogs = FileSystem.join(w, ".workflow_logs") }
            if has(w, "test_environment") { layout.testEnvironment = FileSystem.join(w, "test_environment") }
        }
        if layout.workflowLogs == nil, has(base, ".workflow_logs") { layout.workflowLogs = FileSystem.join(base, ".workflow_logs") }
        if layout.testEnvironment == nil, has(base, "test_environment") { layout.testEnvironment = FileSystem.join(base, "test_environment") }
        if let c = codeBase, FileSystem.isDirectory(c) {
            layout.codeBase = c
            if has(c, "history") { layout.history = FileSystem.join(c, "history") }
            if has(c, "training_results") { layout.trainingResults = FileSystem.join(c, "training_results") }
            if has(c, "environment") { layout.environment = FileSystem.join(c, "environment") }
        }
        let logs = FileSystem.join(base, "logs")
        if has(logs, "search_history") { layout.searchHistory = FileSystem.join(logs, "search_history") }
        let eval = FileSystem.join(base, "eval")
        if has(eval, "test_results") { layout.heldOutResults = FileSystem.join(eval, "test_results") }
        // A plain results folder (ttsdash eval --out): matrix_results_* directly inside.
        if holdsMatrixResults(root), root != layout.trainingResults, root != layout.heldOutResults {
            layout.resultFolders.append(root)
        } else if layout.isEmpty, case .success(let names) = FileSystem.list(root) {
            // One level down: a folder of several `eval --out` folders.
            for n in names where !n.hasPrefix(".") {
                let sub = FileSystem.join(root, n)
                if !FileSystem.isSymlinkLoop(sub), holdsMatrixResults(sub) { layout.resultFolders.append(sub) }
            }
        }
        return layout
    }

    /// True when the folder has at least one `matrix_results_*` folder.
    static func holdsMatrixResults(_ dir: String) -> Bool {
        guard case .success(let names) = FileSystem.list(dir) else { return false }
        return names.contains { $0.hasPrefix("matrix_results_") && FileSystem.isDirectory(FileSystem.join(dir, $0)) }
    }
}
