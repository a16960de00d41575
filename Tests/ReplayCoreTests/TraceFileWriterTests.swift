import Foundation
import Testing
@testable import ReplayCore

/// The trace file writer puts chunks that arrive in any order, from any thread, into one file in
/// sequence order, through direct I/O or the page cache, with the same bytes either way.
@Suite("Trace file writer: order, alignment edges, direct and plain writes")
struct TraceFileWriterTests {
    static let store = ReplayStore(backbone: "Qwen3-4B", benchmark: "aime24", path: "mem", questions: [])

    /// Sizes around the 4 KiB alignment, the 1 MiB smallest write, the 8 MiB staging buffers,
    /// and empty chunks.
    static let sizes = [0, 1, 4095, 4096, 4097, 3, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (8 << 20) - 1, 8 << 20, (8 << 20) + 1, 0,
                        (20 << 20) + 123, 7, 12_345, 4096 * 3 + 5]

    static func chunkBytes(_ i: Int, _ size: Int) -> [UInt8] {
        var rng = SplitMix(seed: UInt64(i + 1))
        var bytes = [UInt8](repeating: 0, count: size)
        var k = 0
        while k < size {
            let word = rng.next()
            for b in 0..<8 where k + b < size { bytes[k + b] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(b))) }
            k += 8
        }
        return bytes
    }

    static func scratch(_ base: String = NSTemporaryDirectory()) -> String {
        let dir = (base as NSString).appendingPathComponent("ttsdash-tracewriter-\(getpid())-\(UInt64.random(in: 0..<UInt64.max))")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Feeds every chunk (shuffled, from two threads), finishes, and returns the file's bytes.
    static func write(out: String, directIO: Bool, chunks: [[UInt8]], stores: [ReplayStore] = [store]) throws -> [[UInt8]] {
        let writer = TraceFileWriter(out: out, stores: stores, directIO: directIO)
        var order: [(store: Int, index: Int)] = []
        for s in stores.indices { for i in chunks.indices { order.append((s, i)) } }
        var rng = SplitMix(seed: 99)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let shuffled = order
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            for (n, item) in shuffled.enumerated() where n % 2 == half {
                chunks[item.index].withUnsafeBufferPointer { bytes in
                    writer.accept(TraceChunk(storeIndex: item.store, configurationIndex: item.index / 3, firstSeed: (item.index % 3) * 10,
                                             bytes: bytes, sequence: item.index))
                }
            }
        }
        let files = try writer.finish()
        #expect(files.count == stores.count)
        return try files.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
    }

    static func leftovers(_ out: String) -> [String] {
        let all = FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? []
        return all.filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
    }

    @Test("any arrival order, sizes across the alignment and buffer edges: the chunks in sequence order, direct or not")
    func orderAndEdges() throws {
        let chunks = Self.sizes.enumerated().map { Self.chunkBytes($0.offset, $0.element) }
        let expected = chunks.flatMap { $0 }
        for directIO in [true, false] {
            let out = Self.scratch()
            defer { try? FileManager.default.removeItem(atPath: out) }
            let files = try Self.write(out: out, directIO: directIO, chunks: chunks)
            #expect(files[0].count == expected.count, "direct I/O \(directIO)")
            #expect(files[0] == expected, "direct I/O \(directIO)")
            #expect(Self.leftovers(out).isEmpty, "\(Self.leftovers(out))")
        }
    }

    @Test("two stores at once, and a file system that may refuse direct I/O (tmpfs)")
    func twoStoresAndTmpfs() throws {
        let chunks = [5000, 9000, 1, 4096, 300_000].enumerated().map { Self.chunkBytes($0.offset + 40, $0.element) }
        let expected = chunks.flatMap { $0 }
        let other = ReplayStore(backbone: "Qwen3-8B", benchmark: "hmmt25", path: "mem", questions: [])
        var bases = [NSTemporaryDirectory()]
        if FileManager.default.isWritableFile(atPath: "/dev/shm") { bases.append("/dev/shm") }
        for base in bases {
            let out = Self.scratch(base)
            defer { try? FileManager.default.removeItem(atPath: out) }
            let files = try Self.write(out: out, directIO: true, chunks: chunks, stores: [Self.store, other])
            #expect(files.allSatisfy { $0 == expected }, "\(base)")
            #expect(Self.leftovers(out).isEmpty, "\(Self.leftovers(out))")
        }
    }

    /// More stores than staging buffers: no store keeps a buffer between its chunks, so none
    /// waits for a buffer another store holds.
    @Test("more stores than staging buffers, each with small and large chunks")
    func manyStores() throws {
        let chunks = [5000, (2 << 20) + 3, 300].enumerated().map { Self.chunkBytes($0.offset + 70, $0.element) }
        let expected = chunks.flatMap { $0 }
        let stores = (0..<(DirectWriteQueue.bufferCount + 4)).map {
            ReplayStore(backbone: "B\($0)", benchmark: "bench", path: "mem", questions: [])
        }
        let out = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let files = try Self.write(out: out, directIO: true, chunks: chunks, stores: stores)
        #expect(files.count == stores.count && files.allSatisfy { $0 == expected })
    }

    /// Direct writes go to explicit offsets; a plain append after `finish` continues at the end
    /// instead of at the descriptor's position 0.
    @Test("an append after finish goes after the bytes already written")
    func appendAfterFinish() throws {
        let out = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let path = out + "/file"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        let queue = DirectWriteQueue()
        var appender = DirectAppender(fd: fd, path: path, direct: true)
        let first = Self.chunkBytes(3, (1 << 20) + 10), second = Self.chunkBytes(4, 5)
        try first.withUnsafeBytes { try appender.append($0, queue: queue) }
        try appender.finish(queue: queue)
        try second.withUnsafeBytes { try appender.append($0, queue: queue) }
        queue.stop()
        close(fd)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == first + second)
    }

    @Test("a worker's whole file is copied in after the chunks, and discard leaves nothing behind")
    func workerFilesAndDiscard() throws {
        let out = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let writer = TraceFileWriter(out: out, stores: [Self.store])
        let first = Self.chunkBytes(1, 10_000), second = Self.chunkBytes(2, (8 << 20) + 77)
        let part = try writer.scratchPath(storeIndex: 0, configurationIndex: 1)
        try Data(second).write(to: URL(fileURLWithPath: part))
        first.withUnsafeBufferPointer { writer.accept(TraceChunk(storeIndex: 0, configurationIndex: 0, firstSeed: 0, bytes: $0, sequence: 0)) }
        writer.acceptFile(storeIndex: 0, configurationIndex: 1, path: part)
        let files = try writer.finish()
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: files[0]))) == first + second)
        #expect(!FileManager.default.fileExists(atPath: part))

        let discarded = TraceFileWriter(out: out + "/d", stores: [Self.store])
        second.withUnsafeBufferPointer { discarded.accept(TraceChunk(storeIndex: 0, configurationIndex: 0, firstSeed: 0, bytes: $0, sequence: 0)) }
        first.withUnsafeBufferPointer { discarded.accept(TraceChunk(storeIndex: 0, configurationIndex: 0, firstSeed: 20, bytes: $0, sequence: 2)) }
        discarded.discard()
        #expect(Self.leftovers(out + "/d").isEmpty, "\(Self.leftovers(out + "/d"))")
        #expect(!FileManager.default.fileExists(atPath: ResultFiles.tracePath(out: out + "/d", backbone: "Qwen3-4B", benchmark: "aime24")))
    }
}
