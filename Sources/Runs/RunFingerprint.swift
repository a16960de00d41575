import Foundation

/// Whether a run changed on disk, from a cheap `stat` walk of its folders (never the replay
/// stores). Stateless and read-only; the dashboard polls it and reloads when it differs.
public enum RunFingerprint {
    /// A cheap fingerprint of a run's files (count, total size, latest modification time and a
    /// hash of names, sizes and times): equal strings mean nothing changed. Stateless; for
    /// callers that only want "did anything change?" (the dashboard's change poller).
    public static func of(path: String) -> String? {
        guard let layout = try? RunLocator.locate(path) else { return nil }
        let snap = snapshot(layout)
        var h: UInt64 = 0xcbf29ce484222325
        var total: UInt64 = 0
        var latest: Int64 = 0
        func mix(_ s: String) { for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 } }
        for p in snap.files.keys.sorted() {
            let i = snap.files[p]!
            mix("\(p)\u{0}\(i.size)\u{0}\(i.mtimeNanoseconds)\u{0}\(i.inode)\n")
            total += i.size
            latest = max(latest, i.mtimeNanoseconds)
        }
        for d in snap.directories.keys.sorted() { mix("\(d)\u{0}\(snap.directories[d]!)\n") }
        return "\(snap.files.count)-\(total)-\(latest)-\(String(h, radix: 16))"
    }

    // MARK: - Snapshot

    struct Snapshot {
        var files: [String: FileSystem.Info] = [:]
        var directories: [String: Int64] = [:]
    }

    /// The folders of a layout worth watching (never the replay stores).
    static func roots(_ layout: RunLayout) -> [String] {
        var roots = [layout.history, layout.trainingResults, layout.workflowLogs, layout.searchHistory, layout.heldOutResults].compactMap { $0 }
        roots += layout.resultFolders
        if roots.isEmpty { roots = [layout.root] }
        return roots
    }

    static func snapshot(_ layout: RunLayout) -> Snapshot {
        var snap = Snapshot()
        var visited = Set<[UInt64]>()
        if let cb = layout.codeBase {
            let method = FileSystem.join(cb, "method.py")
            if case .success(let i) = FileSystem.info(method), i.kind == .file { snap.files[method] = i }
            if case .success(let i) = FileSystem.info(cb) { snap.directories[cb] = i.mtimeNanoseconds }
        }
        if case .success(let i) = FileSystem.info(layout.root) { snap.directories[layout.root] = i.mtimeNanoseconds }
        for root in roots(layout) { walk(root, depth: 0, into: &snap, visited: &visited, isRoot: true) }
        return snap
    }

    static func walk(_ dir: String, depth: Int, into snap: inout Snapshot, visited: inout Set<[UInt64]>, isRoot: Bool) {
        guard depth <= 5, case .success(let info) = FileSystem.info(dir), info.kind == .directory,
              visited.insert([info.device, info.inode]).inserted else { return }
        snap.directories[dir] = info.mtimeNanoseconds
        guard case .success(let names) = FileSystem.list(dir) else { return }
        for n in names where !n.hasPrefix(".") || (isRoot && n == ".workflow_logs") {
            if depth == 0 && (n == "environment" || n == "test_environment") { continue }
            let p = FileSystem.join(dir, n)
            guard case .success(let i) = FileSystem.info(p) else { continue }
            switch i.kind {
            case .file: snap.files[p] = i
            case .directory: walk(p, depth: depth + 1, into: &snap, visited: &visited, isRoot: false)
            case .other: break
            }
        }
    }
}
