import Foundation
import ReplayCore
import Runs

/// Where a search reads and writes, in the AutoTTS workspace layout (`run-layout.md`).
public struct SearchWorkspace: Sendable, Equatable {
    /// The workspace folder (holds `code_base/` and `.workflow_logs/`), absolute.
    public let root: String
    public var codeBase: String { root + "/code_base" }
    public var method: String { codeBase + "/method.py" }
    public var history: String { codeBase + "/history" }
    public var trainingResults: String { codeBase + "/training_results" }
    public var workflowLogs: String { root + "/.workflow_logs" }
    public var index: String { history + "/workflow_index.jsonl" }
    public var baselines: String { history + "/seed_algorithms" }
    /// The evaluator's log for the whole search (tail it: `ttsdash open WS --eval-log …`).
    public var evalLog: String { workflowLogs + "/search_eval.log" }
    /// What the search was started with, so `--resume` knows where it ends.
    public var sessionRecord: String { workflowLogs + "/search_session.json" }

    public func roundLogs(_ id: String) -> String { workflowLogs + "/" + id }
    public func archived(_ id: String) -> String { history + "/" + id }

    /// Paths as the workflow writes them in its records: relative to the workspace.
    public func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    public init(root: String) {
        let full = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        var r = (full as NSString).standardizingPath
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }
}

/// What a workspace holds for a search: archived rounds, the round left in progress, rows.
struct SearchState {
    /// Round ids with a folder in `history/` (or the published `logs/search_history`).
    var archived: [String]
    /// Round ids listed in `workflow_index.jsonl`.
    var indexed: Set<String>
    /// The highest round that has proposer logs but no archive, if it is later than every archived one.
    var inProgress: String?
    var lastArchivedIndex: Int?

    static func read(_ ws: SearchWorkspace) -> SearchState {
        let fm = FileManager.default
        func rounds(_ dir: String) -> [String] {
            ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).filter { n in
                var d: ObjCBool = false
                return !n.hasPrefix(".") && RoundID.index(n) != nil && fm.fileExists(atPath: dir + "/" + n, isDirectory: &d) && d.boolValue
            }
        }
        let archived = rounds(ws.history)
        var indexed = Set<String>()
        if let text = try? String(contentsOfFile: ws.index, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                if let v = try? JSONParser.parse(String(line)), let id = v["round_id"]?.stringValue { indexed.insert(id) }
            }
        }
        let last = archived.compactMap(RoundID.index).max()
        let pending = rounds(ws.workflowLogs).filter { !archived.contains($0) }
            .filter { last == nil || RoundID.index($0)! > last! }
            .max { (RoundID.index($0)!, $0) < (RoundID.index($1)!, $1) }
        return SearchState(archived: archived, indexed: indexed, inProgress: pending, lastArchivedIndex: last)
    }
}

/// `r0007_20261202_191500_ab12cd34` → 7.
enum RoundID {
    static func index(_ id: String) -> Int? {
        let first = id.split(separator: "_", maxSplits: 1).first ?? ""
        guard first.count >= 2, first.first == "r", first.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(first.dropFirst())
    }
}

/// File helpers for the search: atomic writes, appends with one `write`, hard links or copies.
enum Files {
    static func write(_ text: String, _ path: String) throws(SearchError) {
        do { try AtomicFile.write(text, to: path) } catch { throw SearchError("\(path): cannot write (\(error))") }
    }

    static func makeDirectory(_ path: String) throws(SearchError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw SearchError("\(path): cannot create the folder (\(error.localizedDescription))")
        }
    }

    /// One `write` on an `O_APPEND` descriptor (a line another writer adds meanwhile is never lost).
    static func append(_ line: String, _ path: String) throws(SearchError) {
        var text = line
        if let h = FileHandle(forReadingAtPath: path) {
            let size = h.seekToEndOfFile()
            if size > 0 {
                h.seek(toFileOffset: size - 1)
                if h.readData(ofLength: 1) != Data([0x0a]) { text = "\n" + text }
            }
            try? h.close()
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SearchError("\(path): cannot open for appending (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else { throw SearchError("\(path): the line was not written whole") }
        fsync(fd)
    }

    static func fsyncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// A hard link when possible (same file system: traces are GB), else a copy.
    static func linkOrCopy(_ from: String, _ to: String) throws(SearchError) {
        if link(from, to) == 0 { return }
        do { try FileManager.default.copyItem(atPath: from, toPath: to) } catch {
            throw SearchError("\(to): cannot copy from \(from) (\(error.localizedDescription))")
        }
    }

    /// Result files under `dir`: `matrix_results_<backbone>/<file>` relative paths, sorted.
    static func resultFiles(_ dir: String) -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for sub in ((try? fm.contentsOfDirectory(atPath: dir)) ?? []).sorted() where sub.hasPrefix("matrix_results_") {
            for f in ((try? fm.contentsOfDirectory(atPath: dir + "/" + sub)) ?? []).sorted() where !f.hasPrefix(".") {
                if f.hasSuffix("_raw_new_api.csv") || f.hasSuffix("_trace_new_api.jsonl") { out.append(sub + "/" + f) }
            }
        }
        return out
    }

    /// Empties `training_results/` (the workflow does after each round), keeping the folder.
    static func emptyFolder(_ dir: String) {
        let fm = FileManager.default
        for n in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] { try? fm.removeItem(atPath: dir + "/" + n) }
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: d)
    }

    /// `20261202_191500`, local time, as the workflow stamps names.
    static func stamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd_HHmmss"
        return f.string(from: d)
    }
}
