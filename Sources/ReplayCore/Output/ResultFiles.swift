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

/// Collects trace chunks as they arrive from the evaluator's workers (in any order), spilling
/// them to hidden files so memory stays flat, then writes each store's trace file in
/// (configuration, seed, question) order and renames it into place. A worker process may also
/// hand over a whole file of rows it wrote itself (`acceptFile`), which is copied in its turn.
public final class TraceFileWriter: @unchecked Sendable {
    private struct Piece {
        var config: Int
        var seed: Int
        /// A range of the spill file, or a whole file of its own.
        var offset: UInt64
        var length: Int
        var file: String?
    }
    private struct Spill {
        var handle: FileHandle
        var path: String
        var size: UInt64 = 0
        var chunks: [Piece] = []
    }
    private let lock = Mutex<Void>(())
    private var spills: [Int: Spill] = [:]
    private let out: String
    private let stores: [(backbone: String, benchmark: String)]
    private var failure: Error?

    public init(out: String, stores: [ReplayStore]) {
        self.out = out
        self.stores = stores.map { ($0.backbone, $0.benchmark) }
    }

    public func accept(_ chunk: TraceChunk) {
        lock.withLock { _ in
            guard failure == nil else { return }
            do {
                if spills[chunk.storeIndex] == nil { try openSpill(chunk.storeIndex) }
                try spills[chunk.storeIndex]!.handle.write(contentsOf: chunk.bytes)
                let offset = spills[chunk.storeIndex]!.size
                spills[chunk.storeIndex]!.chunks.append(Piece(config: chunk.configurationIndex, seed: chunk.firstSeed,
                                                              offset: offset, length: chunk.bytes.count, file: nil))
                spills[chunk.storeIndex]!.size += UInt64(chunk.bytes.count)
            } catch {
                failure = error
            }
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
                if spills[storeIndex] == nil { try openSpill(storeIndex) }
                spills[storeIndex]!.chunks.append(Piece(config: configurationIndex, seed: 0, offset: 0, length: 0, file: path))
            } catch {
                failure = error
            }
        }
    }

    private func openSpill(_ storeIndex: Int) throws {
        let s = stores[storeIndex]
        let dir = "\(out)/\(ResultFiles.folderName(backbone: s.backbone))"
        try AtomicFile.makeDirectory(dir)
        let path = "\(dir)/.\(ResultFiles.traceName(benchmark: s.benchmark)).spill-\(getpid())"
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let h = FileHandle(forWritingAtPath: path) else {
            throw AtomicFile.WriteError(path: path, reason: "cannot create a temporary file")
        }
        spills[storeIndex] = Spill(handle: h, path: path)
    }

    /// Orders and publishes every trace file; returns their paths.
    public func finish() throws -> [String] {
        try lock.withLock { _ in
            if let failure { discardLocked(); throw failure }
            var written: [String] = []
            for (storeIndex, spill) in spills.sorted(by: { $0.key < $1.key }) {
                try spill.handle.close()
                let s = stores[storeIndex]
                let target = ResultFiles.tracePath(out: out, backbone: s.backbone, benchmark: s.benchmark)
                let tmp = AtomicFile.temporaryPath(for: target)
                guard FileManager.default.createFile(atPath: tmp, contents: nil),
                      let w = FileHandle(forWritingAtPath: tmp), let r = FileHandle(forReadingAtPath: spill.path) else {
                    throw AtomicFile.WriteError(path: target, reason: "cannot create a temporary file")
                }
                for c in spill.chunks.sorted(by: { ($0.config, $0.seed) < ($1.config, $1.seed) }) {
                    if let file = c.file {
                        try Self.copy(file, into: w)
                        unlink(file)
                        continue
                    }
                    try r.seek(toOffset: c.offset)
                    if let data = try r.read(upToCount: c.length) { try w.write(contentsOf: data) }
                }
                try w.synchronize()
                try w.close()
                try r.close()
                unlink(spill.path)
                try AtomicFile.commit(tmp, to: target)
                written.append(target)
            }
            spills = [:]
            return written
        }
    }

    /// Removes every temporary file (on cancellation or error).
    public func discard() {
        lock.withLock { _ in discardLocked() }
    }

    private func discardLocked() {
        for (_, s) in spills {
            try? s.handle.close()
            unlink(s.path)
            for c in s.chunks { if let file = c.file { unlink(file) } }
        }
        spills = [:]
    }

    /// Copies a file in 4 MB pieces (a worker's rows can be hundreds of MB).
    private static func copy(_ path: String, into w: FileHandle) throws {
        guard let r = FileHandle(forReadingAtPath: path) else {
            throw AtomicFile.WriteError(path: path, reason: "a worker's trace rows are missing")
        }
        defer { try? r.close() }
        while let data = try r.read(upToCount: 4 << 20), !data.isEmpty { try w.write(contentsOf: data) }
    }
}
