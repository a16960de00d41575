import Foundation

/// A change noticed by `RunWatcher.poll()`. Each change on disk is reported once.
public enum RunChange: Sendable, Hashable {
    /// A round that was not there before (a new history folder, a new proposer log folder…).
    case roundAppeared(id: String)
    case roundRemoved(id: String)
    case roundPhaseChanged(id: String, from: Round.Phase, to: Round.Phase)
    case fileAppeared(path: String)
    case fileRemoved(path: String)
    /// A file rewritten, replaced or shrunk (or a non-line file modified).
    case fileChanged(path: String)
    /// Complete new lines at the end of a `.csv` or `.jsonl`; a half-written line counts only
    /// once its newline arrives.
    case rowsAppended(path: String, count: Int)
}

/// The result of a poll that found something: what changed and the run as it is now.
public struct RunUpdate: Sendable {
    public var changes: [RunChange]
    public var run: Run
    public var observedAt: Date
}

/// When a watched file last changed.
public struct SourceActivity: Sendable, Hashable {
    public var path: String
    /// The file's modification time.
    public var modifiedAt: Date
    /// When the watcher last saw it change (nil: unchanged since watching began).
    public var observedChangeAt: Date?
    public var size: UInt64
}

/// Watches a run folder with a cheap `stat` poll: lists the run's folders (never the replay
/// stores) and `stat`s their files; only when something changed is the run reloaded.
///
/// Call `poll()` from a background thread at most about once a second (or iterate
/// `updates(every:)`); it returns nil when nothing changed. Thread-safe. Never writes.
public final class RunWatcher: @unchecked Sendable {
    private struct FileState {
        var size: UInt64
        var mtime: Int64
        var inode: UInt64
        /// For line files: the offset after the last newline seen.
        var completeEnd: UInt64
        var observedChangeAt: Date?
    }

    public let path: String
    private let lock = NSLock()
    private var files: [String: FileState] = [:]
    private var directories: [String: Int64] = [:]
    private var current: Run
    private var layout: RunLayout

    /// Loads the run once and takes the first snapshot (no changes are reported for what exists now).
    public init(path: String) throws(RunLocatorError) {
        self.path = path
        let layout = try RunLocator.locate(path)
        self.layout = layout
        self.current = RunLoader.load(layout: layout, path: path)
        let snap = Self.snapshot(layout)
        for (p, info) in snap.files {
            files[p] = FileState(size: info.size, mtime: info.mtimeNanoseconds, inode: info.inode,
                                 completeEnd: Self.isLineFile(p) ? Self.lastLineEnd(p, size: info.size) : info.size)
        }
        directories = snap.directories
    }

    /// The run as of the last poll.
    public var run: Run { lock.withLock { current } }

    /// Every watched file with its last change, most recent first.
    public var activity: [SourceActivity] {
        lock.withLock {
            files.map { SourceActivity(path: $0.key, modifiedAt: Date(timeIntervalSince1970: Double($0.value.mtime) / 1e9),
                                       observedChangeAt: $0.value.observedChangeAt, size: $0.value.size) }
                .sorted { ($0.modifiedAt, $0.path) > ($1.modifiedAt, $1.path) }
        }
    }

    /// The latest modification time of any watched file.
    public var lastChangeAt: Date? { activity.first?.modifiedAt }

    /// Checks the folder once; returns the changes and the reloaded run, or nil when nothing changed.
    public func poll(now: Date = Date()) -> RunUpdate? {
        lock.lock(); defer { lock.unlock() }
        let newLayout = (try? RunLocator.locate(path)) ?? layout
        let snap = Self.snapshot(newLayout)
        var changes: [RunChange] = []
        var touched = newLayout != layout
        for p in snap.files.keys.sorted() {
            let info = snap.files[p]!
            guard var old = files[p] else {
                changes.append(.fileAppeared(path: p))
                files[p] = FileState(size: info.size, mtime: info.mtimeNanoseconds, inode: info.inode,
                                     completeEnd: Self.isLineFile(p) ? Self.lastLineEnd(p, size: info.size) : info.size,
                                     observedChangeAt: now)
                touched = true
                continue
            }
            if old.size == info.size && old.mtime == info.mtimeNanoseconds && old.inode == info.inode { continue }
            touched = true
            old.observedChangeAt = now
            if Self.isLineFile(p) && old.inode == info.inode && info.size >= old.size {
                let (count, end) = Self.countNewLines(p, from: old.completeEnd, to: info.size)
                if count > 0 { changes.append(.rowsAppended(path: p, count: count)) }
                else if info.size == old.size { changes.append(.fileChanged(path: p)) }
                old.completeEnd = end
            } else {
                changes.append(.fileChanged(path: p))
                old.completeEnd = Self.isLineFile(p) ? Self.lastLineEnd(p, size: info.size) : info.size
            }
            old.size = info.size
            old.mtime = info.mtimeNanoseconds
            old.inode = info.inode
            files[p] = old
        }
        for p in files.keys.sorted() where snap.files[p] == nil {
            changes.append(.fileRemoved(path: p))
            files[p] = nil
            touched = true
        }
        if snap.directories != directories { touched = true }
        directories = snap.directories
        layout = newLayout
        guard touched else { return nil }
        let reloaded = RunLoader.load(layout: newLayout, path: path)
        var roundChanges: [RunChange] = []
        for r in reloaded.rounds {
            if let old = current.rounds.first(where: { $0.id == r.id }) {
                if old.phase != r.phase { roundChanges.append(.roundPhaseChanged(id: r.id, from: old.phase, to: r.phase)) }
            } else {
                roundChanges.append(.roundAppeared(id: r.id))
            }
        }
        for r in current.rounds where !reloaded.rounds.contains(where: { $0.id == r.id }) {
            roundChanges.append(.roundRemoved(id: r.id))
        }
        current = reloaded
        return RunUpdate(changes: roundChanges + changes, run: reloaded, observedAt: now)
    }

    /// Polls every `interval` (at least one second) until the consumer stops iterating, yielding
    /// only polls that found changes.
    public func updates(every interval: Duration = .seconds(1)) -> AsyncStream<RunUpdate> {
        let wait = max(interval, .seconds(1))
        return AsyncStream { continuation in
            let task = Task.detached { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: wait)
                    if Task.isCancelled { break }
                    if let u = self.poll() { continuation.yield(u) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// A cheap fingerprint of a run's files (count, total size, latest modification time and a
    /// hash of names, sizes and times): equal strings mean nothing changed. Stateless; for
    /// callers that only want "did anything change?" (the watcher's `poll` says what changed).
    public static func fingerprint(path: String) -> String? {
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

    static func isLineFile(_ p: String) -> Bool { p.hasSuffix(".jsonl") || p.hasSuffix(".csv") }

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

    /// The offset after the last newline before `size` (0 when there is none).
    static func lastLineEnd(_ path: String, size: UInt64) -> UInt64 {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var end = size
        let chunk = 65536
        var buf = [UInt8](repeating: 0, count: chunk)
        while end > 0 {
            let start = end > UInt64(chunk) ? end - UInt64(chunk) : 0
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, Int(end - start), off_t(start)) }
            guard n > 0 else { return 0 }
            if let k = buf[0..<n].lastIndex(of: 0x0A) { return start + UInt64(k) + 1 }
            end = start
        }
        return 0
    }

    /// Counts newlines in `[from, to)`; returns the count and the offset after the last one
    /// (or `from` when there is none).
    static func countNewLines(_ path: String, from: UInt64, to: UInt64) -> (Int, UInt64) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0, to > from else { if fd >= 0 { close(fd) }; return (0, from) }
        defer { close(fd) }
        var count = 0
        var last = from
        var offset = from
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        while offset < to {
            let want = Int(min(UInt64(buf.count), to - offset))
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(offset)) }
            guard n > 0 else { break }
            for k in 0..<n where buf[k] == 0x0A {
                count += 1
                last = offset + UInt64(k) + 1
            }
            offset += UInt64(n)
        }
        return (count, last)
    }
}
