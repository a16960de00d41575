import Foundation
import ReplayCore

/// Where trace indexes are kept between runs: one file per trace file, named by a hash of the
/// trace file's absolute path, holding the size and modification time it was built for.
///
/// Never inside a run folder. Any problem (unwritable folder, corrupt file) just means the index
/// is rebuilt; the cache never makes reading fail.
public struct TraceIndexCache: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CACHE_HOME/ttsdash/trace-index`, else `~/.cache/ttsdash/trace-index`; nil without either.
    public static var `default`: TraceIndexCache? {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_CACHE_HOME"], x.hasPrefix("/") { return TraceIndexCache(directory: x + "/ttsdash/trace-index") }
        if let h = env["HOME"], !h.isEmpty { return TraceIndexCache(directory: h + "/.cache/ttsdash/trace-index") }
        return nil
    }

    struct Key {
        var path: String
        var file: String
    }

    static func key(for path: String) -> Key {
        let abs = FileSystem.realPath(path) ?? RunLocator.standardize(path)
        var h: UInt64 = 0xcbf29ce484222325
        for b in abs.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return Key(path: abs, file: String(h, radix: 16) + ".tidx")
    }

    static let magic = Array("TTSDASH-TRACE-INDEX 1\n".utf8)

    /// The cache file for a trace file (whether or not it exists).
    public func cacheFile(for tracePath: String) -> String { directory + "/" + Self.key(for: tracePath).file }

    func load(_ key: Key) -> TraceIndex? {
        guard case .success(let bytes) = FileSystem.read(directory + "/" + key.file, limit: 1 << 30),
              bytes.count > Self.magic.count, Array(bytes[0..<Self.magic.count]) == Self.magic,
              let nl = bytes[Self.magic.count...].firstIndex(of: 0x0A),
              let header = try? JSONParser.parse(bytes[Self.magic.count..<nl]),
              header["path"]?.stringValue == key.path,
              let size = header["size"]?.stringValue.flatMap({ UInt64($0) }),
              let mtime = header["mtime_ns"]?.stringValue.flatMap({ Int64($0) }),
              let indexed = header["indexed"]?.stringValue.flatMap({ UInt64($0) }),
              let fingerprint = header["fingerprint"]?.stringValue.flatMap({ UInt64($0, radix: 16) }),
              let lines = header["lines"]?.intValue, let count = header["entries"]?.intValue,
              let badCount = header["bad_count"]?.intValue, let dupCount = header["dup_count"]?.intValue,
              let descriptions = header["descriptions"]?.arrayValue?.compactMap(\.stringValue),
              let bad = header["bad_lines"]?.arrayValue
        else { return nil }
        let start = nl + 1
        guard bytes.count - start == count * 28 else { return nil }
        var entries: [TraceIndex.Entry] = []
        entries.reserveCapacity(count)
        bytes.withUnsafeBytes { raw in
            func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
            func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
            for k in 0..<count {
                let o = start + k * 28
                entries.append(.init(offset: u64(o), length: u32(o + 8), line: u32(o + 12),
                                     description: Int32(bitPattern: u32(o + 16)), seed: Int32(bitPattern: u32(o + 20)),
                                     question: Int32(bitPattern: u32(o + 24))))
            }
        }
        guard entries.allSatisfy({ $0.description >= 0 && Int($0.description) < descriptions.count }) else { return nil }
        let badLines = bad.compactMap { v -> TraceIndex.BadLine? in
            guard let a = v.arrayValue, a.count == 2, let l = a[0].intValue, let r = a[1].stringValue else { return nil }
            return .init(line: l, reason: r)
        }
        return TraceIndex(path: key.path, fileSize: size, modifiedNanoseconds: mtime, indexedBytes: indexed, lineCount: lines,
                          descriptions: descriptions, entries: entries, badLines: badLines, badLineCount: badCount,
                          duplicateCount: dupCount, fingerprint: fingerprint)
    }

    func store(_ index: TraceIndex, key: Key) {
        let header: JSONValue = .object(JSONObject([
            "path": .string(key.path),
            "size": .string(String(index.fileSize)),
            "mtime_ns": .string(String(index.modifiedNanoseconds)),
            "indexed": .string(String(index.indexedBytes)),
            "fingerprint": .string(String(index.fingerprint, radix: 16)),
            "lines": .int(index.lineCount),
            "entries": .int(index.entries.count),
            "bad_count": .int(index.badLineCount),
            "dup_count": .int(index.duplicateCount),
            "descriptions": .array(index.descriptions.map { .string($0) }),
            "bad_lines": .array(index.badLines.map { .array([.int($0.line), .string($0.reason)]) }),
        ]))
        var bytes = Self.magic
        JSONWriter.write(header, into: &bytes)
        bytes.append(0x0A)
        bytes.reserveCapacity(bytes.count + index.entries.count * 28)
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        for e in index.entries {
            put(e.offset); put(e.length); put(e.line)
            put(UInt32(bitPattern: e.description)); put(UInt32(bitPattern: e.seed)); put(UInt32(bitPattern: e.question))
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try AtomicFile.write(bytes, to: directory + "/" + key.file)
        } catch {
            // A cache that cannot be written only costs a rebuild next time.
        }
    }
}
