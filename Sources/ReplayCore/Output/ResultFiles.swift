import Foundation
import Synchronization

/// The reference's result files: `matrix_results_<backbone>/<benchmark>_raw_new_api.csv` and
/// `<benchmark>_trace_new_api.jsonl`.
public enum ResultFiles {
    public static func folderName(backbone: String) -> String { "matrix_results_\(backbone)" }
    public static func csvName(benchmark: String) -> String { "\(benchmark)_raw_new_api.csv" }
    public static func traceName(benchmark: String) -> String { "\(benchmark)_trace_new_api.jsonl" }

    public static func csvPath(out: String, backbone: String, benchmark: String) -> String {
        "\(out)/\(folderName(backbone: backbone))/\(csvName(benchmark: benchmark))"
    }

    public static func tracePath(out: String, backbone: String, benchmark: String) -> String {
        "\(out)/\(folderName(backbone: backbone))/\(traceName(benchmark: benchmark))"
    }

    /// The CSV text for one backbone and benchmark, rows in the given order. Columns:
    /// `Method,Acc,Cost,Std_Acc,Description` then the union of the rows' attribute columns in
    /// first-seen order (empty where a row has none), as pandas writes it.
    public static func csv(_ results: [ConfigurationResult]) -> String {
        var extra: [String] = []
        for r in results { for c in r.row.columns where !extra.contains(c.name) { extra.append(c.name) } }
        let floatColumns = Set(extra.filter { name in isFloatColumn(results.map { r in r.row.columns.first { $0.name == name } }) })
        var lines = [(["Method", "Acc", "Cost", "Std_Acc", "Description"] + extra).map(csvField).joined(separator: ",")]
        for r in results {
            var fields = [r.row.methodName, PythonFormat.floatRepr(r.acc), String(r.cost), "0", r.row.description]
            for name in extra {
                guard let c = r.row.columns.first(where: { $0.name == name }) else { fields.append(""); continue }
                fields.append(c.kind == .int && floatColumns.contains(c.name) ? c.text + ".0" : c.text)
            }
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// pandas stores a column of typed numbers as floats when any row lacks it or any value is a
    /// float (ints then print as `4.0`). Built-in controllers' cells are untyped text and keep
    /// their own form.
    static func isFloatColumn(_ cells: [ResultRowLabel.Cell?]) -> Bool {
        let present = cells.compactMap { $0 }
        guard present.contains(where: { $0.kind == .int }), present.allSatisfy({ $0.kind == .int || $0.kind == .float }) else { return false }
        return present.count < cells.count || present.contains { $0.kind == .float }
    }

    /// Quotes a field the way Python's csv module does by default (QUOTE_MINIMAL).
    public static func csvField(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// Writes one CSV per (backbone, benchmark) atomically.
    public static func writeCSVs(_ results: [ConfigurationResult], out: String) throws -> [String] {
        var groups: [(key: String, backbone: String, benchmark: String, rows: [ConfigurationResult])] = []
        for r in results {
            let key = r.backbone + "\u{0}" + r.benchmark
            if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].rows.append(r) } else {
                groups.append((key, r.backbone, r.benchmark, [r]))
            }
        }
        var written: [String] = []
        for g in groups {
            try AtomicFile.makeDirectory("\(out)/\(folderName(backbone: g.backbone))")
            let path = csvPath(out: out, backbone: g.backbone, benchmark: g.benchmark)
            try AtomicFile.write(csv(g.rows), to: path)
            written.append(path)
        }
        return written
    }
}

/// Collects trace chunks as they arrive from the evaluator's workers (in any order) and writes
/// each store's trace file in (configuration, seed, question) order, then renames it into place
/// (after an fsync). A chunk that is next in that order (its `sequence`) goes straight into the
/// store's hidden temporary file; one that arrives early is spilled to a hidden file, so memory
/// stays flat, and copied in as soon as its turn comes (or at the end). Workers hand out units in
/// order, so nearly every chunk is written once, directly. A worker process may also hand over a
/// whole file of rows it wrote itself (`acceptFile`), which is copied in its turn at the end (one
/// writer serves one evaluation: built-in chunks or hosted files, never both for one store).
public final class TraceFileWriter: @unchecked Sendable {
    private struct Piece {
        var config: Int
        var seed: Int
        /// Position in the store's (configuration, seed) order; nil for a whole file.
        var sequence: Int?
        /// A range of the spill file, or a whole file of its own.
        var offset: UInt64
        var length: Int
        var file: String?
    }
    private struct Output {
        /// The hidden temporary trace file, written in order.
        var fd: Int32 = -1
        /// Appends to `fd` (direct I/O where the file system allows it).
        var appender: DirectAppender?
        var tmp: String
        var target: String
        /// The next chunk sequence the file is waiting for.
        var nextSequence = 0
        var spillFD: Int32 = -1
        var spillPath: String
        var spillSize: UInt64 = 0
        /// Spilled chunks and worker files not yet in the file.
        var pending: [Piece] = []
    }
    private let lock = Mutex<Void>(())
    private var outputs: [Int: Output] = [:]
    private let out: String
    private let stores: [(backbone: String, benchmark: String)]
    private var failure: Error?
    private let directIO: Bool
    private let queue = DirectWriteQueue()

    /// `directIO: false` writes through the page cache (the bytes are the same either way).
    public init(out: String, stores: [ReplayStore], directIO: Bool = true) {
        self.out = out
        self.stores = stores.map { ($0.backbone, $0.benchmark) }
        self.directIO = directIO
    }

    deinit { queue.stop() }

    public func accept(_ chunk: TraceChunk) {
        lock.withLock { _ in
            guard failure == nil else { return }
            do {
                try openOutput(chunk.storeIndex)
                // Taken out while it changes: a second reference would make the appender's carry
                // (up to 1 MiB) be copied at every append.
                var o = outputs.removeValue(forKey: chunk.storeIndex)!
                defer { outputs[chunk.storeIndex] = o }
                if let seq = chunk.sequence, seq == o.nextSequence {
                    if !chunk.bytes.isEmpty {
                        try openFile(&o)
                        try o.appender!.append(UnsafeRawBufferPointer(chunk.bytes), queue: queue)
                    }
                    o.nextSequence += 1
                    try drain(&o)
                } else if !chunk.bytes.isEmpty {
                    if o.spillFD < 0 {
                        o.spillFD = open(o.spillPath, O_RDWR | O_CREAT | O_TRUNC, 0o644)
                        guard o.spillFD >= 0 else { throw AtomicFile.WriteError(path: o.spillPath, reason: "cannot create a temporary file") }
                    }
                    try DirectAppender.writeAll(o.spillFD, UnsafeRawBufferPointer(chunk.bytes), path: o.spillPath)
                    o.pending.append(Piece(config: chunk.configurationIndex, seed: chunk.firstSeed, sequence: chunk.sequence,
                                           offset: o.spillSize, length: chunk.bytes.count, file: nil))
                    o.spillSize += UInt64(chunk.bytes.count)
                }
            } catch {
                failure = error
            }
        }
    }

    /// Copies in spilled chunks whose turn has come.
    private func drain(_ o: inout Output) throws {
        while let i = o.pending.firstIndex(where: { $0.sequence == o.nextSequence }) {
            let p = o.pending.remove(at: i)
            try openFile(&o)
            try copyRange(from: o.spillFD, offset: p.offset, length: p.length, into: &o.appender!)
            o.nextSequence += 1
        }
    }

    /// Where a worker process should write the rows of one (store, configuration): a hidden file
    /// beside the store's trace file, removed when the writer finishes or discards.
    public func scratchPath(storeIndex: Int, configurationIndex: Int) throws -> String {
        let s = stores[storeIndex]
        let dir = "\(out)/\(ResultFiles.folderName(backbone: s.backbone))"
        try AtomicFile.makeDirectory(dir)
        return "\(dir)/.\(ResultFiles.traceName(benchmark: s.benchmark)).part-\(getpid())-\(configurationIndex)"
    }

    /// Takes the rows a worker wrote to `path` (from `scratchPath`) for one whole configuration.
    public func acceptFile(storeIndex: Int, configurationIndex: Int, path: String) {
        lock.withLock { _ in
            guard failure == nil else { unlink(path); return }
            do {
                try openOutput(storeIndex)
                outputs[storeIndex]!.pending.append(Piece(config: configurationIndex, seed: 0, sequence: nil, offset: 0, length: 0, file: path))
            } catch {
                failure = error
            }
        }
    }

    private func openOutput(_ storeIndex: Int) throws {
        if outputs[storeIndex] != nil { return }
        let s = stores[storeIndex]
        let dir = "\(out)/\(ResultFiles.folderName(backbone: s.backbone))"
        try AtomicFile.makeDirectory(dir)
        let target = ResultFiles.tracePath(out: out, backbone: s.backbone, benchmark: s.benchmark)
        outputs[storeIndex] = Output(tmp: AtomicFile.temporaryPath(for: target), target: target,
                                     spillPath: "\(dir)/.\(ResultFiles.traceName(benchmark: s.benchmark)).spill-\(getpid())")
    }

    /// Opens the hidden temporary trace file at the first bytes for it.
    private func openFile(_ o: inout Output) throws {
        if o.fd >= 0 { return }
        o.fd = open(o.tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard o.fd >= 0 else { throw AtomicFile.WriteError(path: o.target, reason: "cannot create a temporary file") }
        o.appender = DirectAppender(fd: o.fd, path: o.tmp, direct: directIO)
    }

    /// Orders and publishes every trace file; returns their paths.
    public func finish() throws -> [String] {
        try lock.withLock { _ in
            if let failure { discardLocked(); throw failure }
            var written: [String] = []
            do {
                for storeIndex in outputs.keys.sorted() {
                    var o = outputs[storeIndex]!
                    if o.fd < 0 && o.pending.isEmpty { outputs[storeIndex] = nil; continue }  // no rows at all
                    try openFile(&o)
                    outputs[storeIndex] = o
                    // What is left sorts after everything already written (sequences are the order).
                    for p in o.pending.sorted(by: { ($0.config, $0.seed) < ($1.config, $1.seed) }) {
                        if let file = p.file {
                            try copy(file, into: &o.appender!)
                            unlink(file)
                        } else {
                            try copyRange(from: o.spillFD, offset: p.offset, length: p.length, into: &o.appender!)
                        }
                    }
                    o.pending = []
                    try o.appender!.finish(queue: queue)
                    outputs[storeIndex] = o
                    fsync(o.fd)
                    close(o.fd)
                    outputs[storeIndex]!.fd = -1
                    if o.spillFD >= 0 { close(o.spillFD); unlink(o.spillPath); outputs[storeIndex]!.spillFD = -1 }
                    try AtomicFile.commit(o.tmp, to: o.target)
                    outputs[storeIndex] = nil
                    written.append(o.target)
                }
                queue.stop()
            } catch {
                discardLocked()
                throw error
            }
            return written
        }
    }

    /// Removes every temporary file (on cancellation or error).
    public func discard() {
        lock.withLock { _ in discardLocked() }
    }

    private func discardLocked() {
        // No write may still be in flight to a descriptor about to be closed (and reused).
        queue.stop()
        for (_, o) in outputs {
            if o.fd >= 0 { close(o.fd) }
            unlink(o.tmp)
            if o.spillFD >= 0 { close(o.spillFD) }
            unlink(o.spillPath)
            for p in o.pending { if let file = p.file { unlink(file) } }
        }
        outputs = [:]
    }

    private static let copySize = 4 << 20

    /// Copies `length` bytes at `offset` of the spill file to the end of the trace file.
    private func copyRange(from src: Int32, offset: UInt64, length: Int, into dst: inout DirectAppender) throws {
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.copySize, alignment: 16)
        defer { buf.deallocate() }
        var done = 0
        while done < length {
            let n = pread(src, buf.baseAddress!, min(Self.copySize, length - done), off_t(offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw AtomicFile.WriteError(path: dst.path, reason: "cannot read back a spilled trace chunk") }
            try dst.append(UnsafeRawBufferPointer(rebasing: buf[0..<n]), queue: queue)
            done += n
        }
    }

    /// Copies a whole file in 4 MB pieces (a worker's rows can be hundreds of MB).
    private func copy(_ file: String, into dst: inout DirectAppender) throws {
        let src = open(file, O_RDONLY)
        guard src >= 0 else { throw AtomicFile.WriteError(path: file, reason: "a worker's trace rows are missing") }
        defer { close(src) }
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.copySize, alignment: 16)
        defer { buf.deallocate() }
        while true {
            let n = read(src, buf.baseAddress!, Self.copySize)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw AtomicFile.WriteError(path: file, reason: String(cString: strerror(errno))) }
            if n == 0 { break }
            try dst.append(UnsafeRawBufferPointer(rebasing: buf[0..<n]), queue: queue)
        }
    }
}
