import Foundation
import ReplayCore

/// Why a trace file could not be indexed or a row fetched.
public struct TraceIndexError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var reason: String
    public var description: String { line.map { "\(path):\($0): \(reason)" } ?? "\(path): \(reason)" }
}

/// A byte-offset index of a trace JSONL (one row per configuration, shuffle seed and question),
/// so a view can fetch one row of a multi-GB file without reading the rest.
///
/// Built by streaming the file once (`TraceIndex.open`): each complete line's offset and length
/// is recorded under its (description, shuffle seed, question index), found by a cheap scan of the
/// row's first fields (`TraceRowScanner`), never by parsing the row. A last line without its
/// newline is not data yet: it is skipped (and picked up when the file grows). Lines whose key
/// cannot be found are counted and the first 100 kept as `badLines`.
///
/// The index is cached under `TraceIndexCache.default` (`$XDG_CACHE_HOME/ttsdash/trace-index`,
/// else `~/.cache/ttsdash/trace-index`), keyed by the file's path, size and modification time;
/// a file that only grew is indexed from where the cached index ended. Nothing is ever written
/// beside the trace file. Memory is a few dozen bytes per row plus a 4 MB read buffer.
public struct TraceIndex: Sendable {
    /// One indexed row.
    public struct Entry: Sendable, Hashable {
        public var offset: UInt64
        public var length: UInt32
        /// 1-based line number.
        public var line: UInt32
        /// Index into `descriptions`.
        public var description: Int32
        public var seed: Int32
        public var question: Int32
    }

    public struct BadLine: Sendable, Hashable {
        public var line: Int
        public var reason: String
    }

    public let path: String
    /// The file's size and modification time when indexed.
    public let fileSize: UInt64
    public let modifiedNanoseconds: Int64
    /// Bytes covered by the index: the end of the last complete line.
    public let indexedBytes: UInt64
    /// Complete lines seen (rows, bad lines and blank lines).
    public let lineCount: Int
    /// Every distinct `description`, in order of first appearance.
    public let descriptions: [String]
    public let entries: [Entry]
    /// The first 100 lines whose key could not be read, with the reason.
    public let badLines: [BadLine]
    public let badLineCount: Int
    /// Rows whose key repeats an earlier row's (the first is kept).
    public let duplicateCount: Int
    /// Bytes after the last newline (a row still being written), not indexed.
    public var truncatedTailBytes: UInt64 { fileSize - indexedBytes }
    /// True when this index came from the cache (wholly or as the prefix of a grown file).
    public internal(set) var fromCache: Bool = false
    let fingerprint: UInt64
    private let table: [RowKey: Int]

    init(path: String, fileSize: UInt64, modifiedNanoseconds: Int64, indexedBytes: UInt64, lineCount: Int,
         descriptions: [String], entries: [Entry], badLines: [BadLine], badLineCount: Int, duplicateCount: Int,
         fingerprint: UInt64) {
        self.path = path
        self.fileSize = fileSize
        self.modifiedNanoseconds = modifiedNanoseconds
        self.indexedBytes = indexedBytes
        self.lineCount = lineCount
        self.descriptions = descriptions
        self.entries = entries
        self.badLines = badLines
        self.badLineCount = badLineCount
        self.duplicateCount = duplicateCount
        self.fingerprint = fingerprint
        var t: [RowKey: Int] = [:]
        t.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() {
            let k = RowKey(d: e.description, s: e.seed, q: e.question)
            if t[k] == nil { t[k] = i }
        }
        self.table = t
    }

    public var rowCount: Int { entries.count }

    /// The entry for a description index, seed and question.
    public func entry(description: Int, seed: Int, question: Int) -> Entry? {
        guard description >= 0, description < descriptions.count,
              let s = Int32(exactly: seed), let q = Int32(exactly: question),
              let i = table[RowKey(d: Int32(description), s: s, q: q)] else { return nil }
        return entries[i]
    }

    /// The entry for a description string (exact), seed and question.
    public func entry(description: String, seed: Int, question: Int) -> Entry? {
        guard let d = descriptions.firstIndex(of: description) else { return nil }
        return entry(description: d, seed: seed, question: question)
    }

    /// The index of the first description that names the same configuration (see
    /// `RowConfiguration.matches`): `cmc:beta=0.5` finds `optimal_controller | config={'beta': 0.5}`.
    public func descriptionIndex(matching configuration: RowConfiguration) -> Int? {
        if let exact = descriptions.firstIndex(where: { RowConfiguration.parse(description: $0) == configuration }) { return exact }
        return descriptions.firstIndex { RowConfiguration.parse(description: $0)?.matches(configuration) ?? false }
    }

    /// The seeds and questions present for a description, sorted.
    public func keys(description: Int) -> (seeds: [Int], questions: [Int]) {
        var seeds = Set<Int>(), questions = Set<Int>()
        for e in entries where e.description == Int32(description) {
            seeds.insert(Int(e.seed))
            questions.insert(Int(e.question))
        }
        return (seeds.sorted(), questions.sorted())
    }

    /// Reads and parses one row (only its bytes are read). Throws when the file changed so that
    /// the bytes no longer hold the indexed row.
    public func fetch(_ entry: Entry) throws(TraceIndexError) -> TraceRecord {
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { throw TraceIndexError(path: path, reason: FileProblem(path: path, errno: errno).reason) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: Int(entry.length))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(entry.offset) + off_t(done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw TraceIndexError(path: path, line: Int(entry.line), reason: "the file is shorter than its index (it changed); re-index it") }
            done += n
        }
        guard let record = TraceRecord(bytes: bytes, line: Int(entry.line)) else {
            throw TraceIndexError(path: path, line: Int(entry.line), reason: "not a trace row (not a JSON object with description, shuffle_seed and question_index)")
        }
        guard record.shuffleSeed == Int(entry.seed), record.questionIndex == Int(entry.question),
              record.description == descriptions[Int(entry.description)] else {
            throw TraceIndexError(path: path, line: Int(entry.line), reason: "the row at this offset is not the indexed one (the file changed); re-index it")
        }
        return record
    }

    /// Looks up and fetches in one call; nil when the key is not in the index.
    public func fetch(description: Int, seed: Int, question: Int) throws(TraceIndexError) -> TraceRecord? {
        guard let e = entry(description: description, seed: seed, question: question) else { return nil }
        return try fetch(e)
    }
}

extension TraceIndex {
    /// Opens the index of `path`: from the cache when the file is unchanged, extended when the
    /// file only grew, built by streaming otherwise. `progress(bytesDone, bytesTotal)` is called
    /// every few MB; return false from it to cancel (throws "cancelled").
    public static func open(path: String, cache: TraceIndexCache? = .default,
                            progress: ((UInt64, UInt64) -> Bool)? = nil) throws(TraceIndexError) -> TraceIndex {
        let info: FileSystem.Info
        switch FileSystem.info(path) {
        case .failure(let p): throw TraceIndexError(path: path, reason: p.reason)
        case .success(let i):
            guard i.kind == .file else { throw TraceIndexError(path: path, reason: "is not a regular file") }
            info = i
        }
        let key = TraceIndexCache.key(for: path)
        var builder = TraceIndexBuilder(path: path)
        var fromCache = false
        if let cache, let cached = cache.load(key) {
            if cached.fileSize == info.size && cached.modifiedNanoseconds == info.mtimeNanoseconds {
                var c = cached
                c.fromCache = true
                return c
            }
            if info.size >= cached.indexedBytes, cached.indexedBytes > 0,
               (try? TraceIndexBuilder.fingerprint(path: path, end: cached.indexedBytes)) == cached.fingerprint {
                builder = TraceIndexBuilder(resuming: cached)
                fromCache = true
            }
        }
        try builder.consume(total: info.size, progress: progress)
        // The file may have changed while it was read: record what was seen at the start only
        // if it still matches; otherwise the next open re-checks.
        var index = try builder.finish(size: info.size, mtime: info.mtimeNanoseconds)
        index.fromCache = fromCache
        cache?.store(index, key: key)
        return index
    }

    /// Builds without any cache (tests, benchmarks).
    public static func build(path: String) throws(TraceIndexError) -> TraceIndex {
        try open(path: path, cache: nil)
    }
}

/// A row's key in the index's tables.
struct RowKey: Hashable, Sendable {
    var d: Int32
    var s: Int32
    var q: Int32
}

/// The streaming builder: reads the file in 4 MB blocks from where it left off.
struct TraceIndexBuilder {
    let path: String
    var offset: UInt64 = 0           // file offset of the next unread line start
    var lineCount = 0
    var descriptions: [String] = []
    var descriptionIDs: [[UInt8]: Int32] = [:]
    var lastDescription: [UInt8] = []
    var lastDescriptionID: Int32 = -1
    var entries: [TraceIndex.Entry] = []
    var seen = Set<RowKey>()
    var badLines: [TraceIndex.BadLine] = []
    var badLineCount = 0
    var duplicateCount = 0

    static let blockSize = 4 << 20

    init(path: String) { self.path = path }

    init(resuming index: TraceIndex) {
        path = index.path
        offset = index.indexedBytes
        lineCount = index.lineCount
        descriptions = index.descriptions
        for (i, d) in descriptions.enumerated() where descriptionIDs[Array(d.utf8)] == nil { descriptionIDs[Array(d.utf8)] = Int32(i) }
        entries = index.entries
        for e in entries { seen.insert(RowKey(d: e.description, s: e.seed, q: e.question)) }
        badLines = index.badLines
        badLineCount = index.badLineCount
        duplicateCount = index.duplicateCount
    }

    mutating func bad(_ reason: String) {
        badLineCount += 1
        if badLines.count < 100 { badLines.append(.init(line: lineCount, reason: reason)) }
    }

    /// Handles one complete line `p[0..<n]` starting at file offset `at`.
    mutating func line(_ p: UnsafePointer<UInt8>, _ n: Int, at: UInt64) {
        lineCount += 1
        var len = n
        if len > 0 && p[len - 1] == 0x0D { len -= 1 }
        var k = 0
        while k < len, p[k] == 0x20 || p[k] == 0x09 { k += 1 }
        if k == len { return }  // blank line
        switch TraceRowScanner.scan(p, count: len) {
        case .failure(let f):
            switch f {
            case .notAnObject: bad("not a JSON object")
            case .malformed(let at): bad("malformed JSON near byte \(at + 1)")
            case .missing(let field): bad("no \(field) field")
            case .notAnInteger(let field): bad("\(field) is not an integer")
            }
        case .success(let key):
            guard let seed = Int32(exactly: key.seed), let question = Int32(exactly: key.question) else {
                bad("shuffle_seed or question_index out of range")
                return
            }
            let dLen = key.descriptionEnd - key.descriptionStart
            let d = UnsafeBufferPointer(start: p + key.descriptionStart, count: dLen)
            let id: Int32
            if lastDescriptionID >= 0 && lastDescription.count == dLen && lastDescription.elementsEqual(d) {
                id = lastDescriptionID
            } else {
                let bytes = Array(d)
                if let known = descriptionIDs[bytes] { id = known } else {
                    var text = String(decoding: bytes, as: UTF8.self)
                    if key.descriptionHasEscapes {
                        // Decode escapes by parsing the quoted string as JSON.
                        let quoted = UnsafeBufferPointer(start: p + key.descriptionStart - 1, count: dLen + 2)
                        guard case .string(let s)? = try? JSONParser.parse(Array(quoted)) else {
                            bad("description is not a valid JSON string")
                            return
                        }
                        text = s
                    }
                    if let existing = descriptions.firstIndex(of: text) { id = Int32(existing) } else {
                        id = Int32(descriptions.count)
                        descriptions.append(text)
                    }
                    descriptionIDs[bytes] = id
                }
                lastDescription = bytes
                lastDescriptionID = id
            }
            guard seen.insert(RowKey(d: id, s: seed, q: question)).inserted else {
                duplicateCount += 1
                return
            }
            guard n <= Int(UInt32.max) else { bad("line longer than 4 GB"); return }
            entries.append(.init(offset: at, length: UInt32(len), line: UInt32(clamping: lineCount),
                                 description: id, seed: seed, question: question))
        }
    }

    /// Streams from `offset` to the end of the file.
    mutating func consume(total: UInt64, progress: ((UInt64, UInt64) -> Bool)?) throws(TraceIndexError) {
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { throw TraceIndexError(path: path, reason: FileProblem(path: path, errno: errno).reason) }
        defer { close(fd) }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let cap = Self.blockSize
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        defer { buffer.deallocate() }
        var bufferStart = offset   // file offset of buffer[0]
        var filled = 0
        var lineStart = 0          // index in buffer of the current line's start
        var scanFrom = 0
        // A line longer than the buffer: its key is read from its first block, the rest skipped.
        var longLine: (offset: UInt64, head: [UInt8])? = nil
        var lastReport: UInt64 = 0
        while true {
            let remaining = total > bufferStart + UInt64(filled) ? Int(min(UInt64(cap - filled), total - bufferStart - UInt64(filled))) : 0
            if remaining == 0 { break }
            let n = pread(fd, buffer + filled, remaining, off_t(bufferStart) + off_t(filled))
            if n < 0 {
                if errno == EINTR { continue }
                throw TraceIndexError(path: path, reason: FileProblem(path: path, errno: errno).reason)
            }
            if n == 0 { break }
            filled += n
            while scanFrom < filled {
                guard let nl = memchr(buffer + scanFrom, 0x0A, filled - scanFrom) else { scanFrom = filled; break }
                let end = UnsafeMutablePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - buffer
                if let long = longLine {
                    // The end of a long line: index it from its head.
                    let total = (bufferStart + UInt64(end)) - long.offset
                    longLine = nil
                    finishLong(head: long.head, at: long.offset, length: total)
                } else {
                    line(buffer + lineStart, end - lineStart, at: bufferStart + UInt64(lineStart))
                }
                lineStart = end + 1
                scanFrom = lineStart
            }
            offset = longLine?.offset ?? bufferStart + UInt64(lineStart)
            if longLine != nil {
                // Still inside a long line: drop what was read.
                bufferStart += UInt64(filled)
                filled = 0; lineStart = 0; scanFrom = 0
            } else if lineStart == 0 && filled == cap {
                // The line does not fit the buffer: remember its head and skip to its end.
                longLine = (bufferStart, Array(UnsafeBufferPointer(start: buffer, count: min(filled, 1 << 20))))
                bufferStart += UInt64(filled)
                filled = 0; lineStart = 0; scanFrom = 0
            } else if lineStart > 0 {
                memmove(buffer, buffer + lineStart, filled - lineStart)
                bufferStart += UInt64(lineStart)
                filled -= lineStart
                scanFrom = filled
                lineStart = 0
            }
            let done = bufferStart + UInt64(filled)
            if let progress, done - lastReport >= 64 << 20 {
                lastReport = done
                if !progress(done, total) { throw TraceIndexError(path: path, reason: "indexing cancelled") }
            }
        }
        _ = progress?(total, total)
    }

    mutating func finishLong(head: [UInt8], at: UInt64, length: UInt64) {
        head.withUnsafeBufferPointer { h in
            // Scan the head as if it were the line; the key fields come first.
            let before = entries.count
            line(h.baseAddress!, h.count, at: at)
            if entries.count > before {
                if length <= UInt64(UInt32.max) { entries[entries.count - 1].length = UInt32(length) } else {
                    entries.removeLast()
                    bad("line longer than 4 GB")
                }
            }
        }
    }

    /// FNV-1a of the first 64 KB and the last 4 KB before `end`: enough to tell an appended file
    /// from a rewritten one.
    static func fingerprint(path: String, end: UInt64) throws(TraceIndexError) -> UInt64 {
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { throw TraceIndexError(path: path, reason: FileProblem(path: path, errno: errno).reason) }
        defer { close(fd) }
        var hash: UInt64 = 0xcbf29ce484222325
        func mix(_ from: UInt64, _ count: Int) {
            guard count > 0 else { return }
            var buf = [UInt8](repeating: 0, count: count)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, count, off_t(from)) }
            for k in 0..<max(0, n) { hash = (hash ^ UInt64(buf[k])) &* 0x100000001b3 }
            hash = (hash ^ UInt64(max(0, n))) &* 0x100000001b3
        }
        mix(0, Int(min(end, 65536)))
        let tail = min(end, 4096)
        mix(end - tail, Int(tail))
        return hash
    }

    func finish(size: UInt64, mtime: Int64) throws(TraceIndexError) -> TraceIndex {
        TraceIndex(path: path, fileSize: size, modifiedNanoseconds: mtime, indexedBytes: offset, lineCount: lineCount,
                   descriptions: descriptions, entries: entries, badLines: badLines, badLineCount: badLineCount,
                   duplicateCount: duplicateCount, fingerprint: try Self.fingerprint(path: path, end: offset))
    }
}

extension TraceFileRef {
    /// Opens (or builds) the index of this trace file. A file that is only listed in a manifest
    /// gives an error saying so (the published rounds ship no trace files).
    public func openIndex(cache: TraceIndexCache? = .default,
                          progress: ((UInt64, UInt64) -> Bool)? = nil) throws(TraceIndexError) -> TraceIndex {
        if status == .listedButAbsent {
            throw TraceIndexError(path: path, reason: "listed in the round's manifest but not present (published rounds ship no trace files)")
        }
        return try TraceIndex.open(path: path, cache: cache, progress: progress)
    }
}
