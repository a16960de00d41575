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
    /// `Method,Acc,Cost,Std_Acc,Description,config` then the union of the controllers'
    /// attribute columns in first-seen order (empty where a row has none), as pandas writes it.
    public static func csv(_ results: [ConfigurationResult]) -> String {
        var extra: [String] = []
        for r in results { for (name, _) in r.attributeColumns where !extra.contains(name) { extra.append(name) } }
        var lines = [(["Method", "Acc", "Cost", "Std_Acc", "Description", "config"] + extra).map(csvField).joined(separator: ",")]
        for r in results {
            var fields = [r.configuration.methodName, PythonFormat.floatRepr(r.acc), String(r.cost), "0",
                          r.configuration.descriptionString, r.configuration.configRepr]
            for name in extra { fields.append(r.attributeColumns.first { $0.0 == name }?.1 ?? "") }
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
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
/// (configuration, seed, question) order and renames it into place.
public final class TraceFileWriter: @unchecked Sendable {
    private struct Spill {
        var handle: FileHandle
        var path: String
        var size: UInt64 = 0
        var chunks: [(config: Int, seed: Int, offset: UInt64, length: Int)] = []
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
                if spills[chunk.storeIndex] == nil {
                    let s = stores[chunk.storeIndex]
                    let dir = "\(out)/\(ResultFiles.folderName(backbone: s.backbone))"
                    try AtomicFile.makeDirectory(dir)
                    let path = "\(dir)/.\(ResultFiles.traceName(benchmark: s.benchmark)).spill-\(getpid())"
                    guard FileManager.default.createFile(atPath: path, contents: nil),
                          let h = FileHandle(forWritingAtPath: path) else {
                        throw AtomicFile.WriteError(path: path, reason: "cannot create a temporary file")
                    }
                    spills[chunk.storeIndex] = Spill(handle: h, path: path)
                }
                try spills[chunk.storeIndex]!.handle.write(contentsOf: chunk.bytes)
                let offset = spills[chunk.storeIndex]!.size
                spills[chunk.storeIndex]!.chunks.append((chunk.configurationIndex, chunk.firstSeed, offset, chunk.bytes.count))
                spills[chunk.storeIndex]!.size += UInt64(chunk.bytes.count)
            } catch {
                failure = error
            }
        }
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
        }
        spills = [:]
    }
}
