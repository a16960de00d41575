import Foundation

/// Multi-GB trace files for the trace benchmarks: the reference rows repeated with their shuffle
/// seeds renumbered, so every row stays a distinct (configuration, seed, question) and an index
/// over the file is as large as a real round's.
enum SyntheticTraceFile {
    /// A row split around its shuffle seed's digits.
    struct Template {
        var prefix: [UInt8]
        var seed: Int
        var suffix: [UInt8]
    }

    /// Every row of every `.jsonl` file in `directory`, sorted by file name; seeds of the n-th file
    /// are shifted by `n * seedShiftPerFile` so files that share seeds do not collide.
    static func templates(directory: String, seedShiftPerFile: Int) throws -> [Template] {
        let files = ((try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        let marker = Array("\"shuffle_seed\": ".utf8)
        var out: [Template] = []
        for (fileIndex, f) in files.enumerated() {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + f))
            for line in data.split(separator: 0x0A) where !line.isEmpty {
                let bytes = Array(line)
                guard let at = find(marker, in: bytes) else { continue }
                var end = at + marker.count
                while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
                let seed = Int(String(decoding: bytes[(at + marker.count)..<end], as: UTF8.self)) ?? 0
                out.append(Template(prefix: Array(bytes[..<(at + marker.count)]), seed: seed + fileIndex * seedShiftPerFile,
                                    suffix: Array(bytes[end...])))
            }
        }
        return out
    }

    /// Writes the templates over and over (seed = repetition * 1000 + the row's seed, from
    /// `firstRepetition`) in 8 MB chunks until at least `bytes` are written.
    static func writeRows(_ templates: [Template], to out: FileHandle, bytes: UInt64,
                          firstRepetition: Int) throws -> (written: UInt64, rows: Int, repetitions: Int) {
        guard !templates.isEmpty else { return (0, 0, 0) }
        var written: UInt64 = 0
        var rows = 0
        var chunk: [UInt8] = []
        chunk.reserveCapacity(9 << 20)
        var repetition = firstRepetition
        outer: while true {
            for t in templates {
                chunk += t.prefix
                chunk += Array(String(repetition * 1000 + t.seed).utf8)
                chunk += t.suffix
                chunk.append(0x0A)
                rows += 1
                if chunk.count >= 8 << 20 {
                    try out.write(contentsOf: chunk)
                    written += UInt64(chunk.count)
                    chunk.removeAll(keepingCapacity: true)
                    if written >= bytes { break outer }
                }
            }
            repetition += 1
        }
        if !chunk.isEmpty { try out.write(contentsOf: chunk); written += UInt64(chunk.count) }
        return (written, rows, repetition - firstRepetition + 1)
    }

    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}

/// A benchmark's trace file and index cache folder under `directory` (named with the process id,
/// so two runs never collide); removed when the benchmark ends, the file kept on request.
struct ScratchTraceFiles {
    let path: String
    let cacheDirectory: String

    init(directory: String, name: String) {
        let dir = directory as NSString
        path = dir.appendingPathComponent("ttsdash-\(name)-\(getpid()).jsonl")
        cacheDirectory = dir.appendingPathComponent("ttsdash-\(name)-cache-\(getpid())")
    }

    func remove(keepingTraceFile keep: Bool) {
        if !keep { unlink(path) }
        try? FileManager.default.removeItem(atPath: cacheDirectory)
    }
}
