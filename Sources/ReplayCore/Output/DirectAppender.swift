import Foundation

/// Appends a stream of bytes to a file, bypassing the page cache (`O_DIRECT`) where the file
/// system allows it: bytes are copied into 4 KiB-aligned staging buffers, and full buffers are
/// written by a background thread (`DirectWriteQueue`) while the caller goes on.
///
/// Why: a trace file is gigabytes written once and read back much later, if at all. Written
/// through the page cache, the kernel's copy costs more CPU than the rows' serialisation (about
/// 1 s per GB on this kind of machine) and the final fsync waits for all of it; written direct,
/// the disk works beside the evaluation and the fsync finds little left to do.
///
/// Where `O_DIRECT` is not accepted (the flag or the first write refused), the appender writes
/// plainly, in the caller's thread, as before. Either way the file holds exactly the bytes
/// appended, in order.
struct DirectAppender {
    let fd: Int32
    let path: String
    private(set) var direct: Bool
    /// Bytes handed to the queue (a multiple of the alignment while direct).
    private var offset: off_t = 0
    /// Bytes not yet handed to the queue: fewer than `minimumWrite`, or the part of the last
    /// buffer after its aligned boundary.
    private var carry: [UInt8] = []

    init(fd: Int32, path: String, direct wanted: Bool) {
        self.fd = fd
        self.path = path
        direct = wanted && Self.setDirect(fd, true)
    }

    static let alignment = 4096
    /// Small appends gather in `carry` until this much is there, so the disk sees large writes
    /// (a chunk of a few rows is one copy more, not one write each).
    static let minimumWrite = 1 << 20

    /// `O_DIRECT` as Linux numbers it (the Glibc module does not export it).
    static var directFlag: Int32? {
        #if os(Linux) && arch(x86_64)
        return 0o40000
        #elseif os(Linux) && arch(arm64)
        return 0o200000
        #else
        return nil
        #endif
    }

    @discardableResult
    static func setDirect(_ fd: Int32, _ on: Bool) -> Bool {
        guard let flag = directFlag else { return false }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { return false }
        return fcntl(fd, F_SETFL, on ? flags | flag : flags & ~flag) == 0
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer, queue: DirectWriteQueue) throws {
        guard direct else {
            try Self.writeAll(fd, bytes, path: path)
            return
        }
        if let failure = queue.failure { throw failure }
        var rest = bytes
        while carry.count + rest.count >= Self.minimumWrite {
            if let failure = queue.failure { throw failure }  // no use copying a large chunk after it
            let buffer = queue.takeBuffer()
            var filled = carry.count
            carry.withUnsafeBytes { if let p = $0.baseAddress { buffer.copyMemory(from: p, byteCount: $0.count) } }
            carry.removeAll(keepingCapacity: true)
            let take = min(DirectWriteQueue.bufferSize - filled, rest.count)
            (buffer + filled).copyMemory(from: rest.baseAddress!, byteCount: take)
            filled += take
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            let aligned = filled & ~(Self.alignment - 1)
            carry.append(contentsOf: UnsafeRawBufferPointer(start: buffer + aligned, count: filled - aligned))
            queue.submit(DirectWriteQueue.Job(fd: fd, offset: offset, buffer: buffer, length: aligned, path: path))
            offset += off_t(aligned)
        }
        carry.append(contentsOf: rest)
    }

    /// Waits for this file's writes, then writes the unaligned tail plainly.
    mutating func finish(queue: DirectWriteQueue) throws {
        guard direct else { return }
        queue.waitUntilIdle()
        if let failure = queue.failure { throw failure }
        Self.setDirect(fd, false)
        direct = false
        try carry.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, offset + off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Self.writeError(n, path: path) }
                done += n
            }
        }
        offset += off_t(carry.count)
        carry = []
        // Every direct write went to an explicit offset; a plain append after this one must not
        // start at the descriptor's position 0.
        lseek(fd, offset, SEEK_SET)
    }

    /// The error of a write that returned `n` (< 0: errno; 0: nothing written, errno is stale).
    static func writeError(_ n: Int, path: String) -> AtomicFile.WriteError {
        AtomicFile.WriteError(path: path, reason: n == 0 ? "the write wrote nothing (disk full?)" : String(cString: strerror(errno)))
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw writeError(n, path: path) }
            offset += n
        }
    }
}

/// A few aligned staging buffers and one thread that writes them out at their offsets. Taking a
/// buffer blocks while all are in flight: that bounds memory (`bufferCount` x `bufferSize`) and
/// lets the disk set the pace. Shared by every file of one trace writer. The trace writer's lock
/// is held while a buffer is awaited, so other workers then wait for the disk too: that is the
/// point (rows cannot be made faster than they can be written), and a discard waits for at most
/// the writes in flight.
final class DirectWriteQueue: @unchecked Sendable {
    static let bufferSize = 8 << 20
    static let bufferCount = 16

    struct Job {
        let fd: Int32
        let offset: off_t
        let buffer: UnsafeMutableRawPointer
        let length: Int
        let path: String
    }

    private let condition = NSCondition()
    private var free: [UnsafeMutableRawPointer] = []
    private var allocated = 0
    private var jobs: [Job] = []
    private var writing = 0
    private var started = false
    private var stopping = false
    private var firstFailure: AtomicFile.WriteError?

    init() {}

    deinit {
        for b in free { b.deallocate() }
    }

    /// The first write that failed, if any (later appends and `finish` throw it).
    var failure: AtomicFile.WriteError? {
        condition.lock(); defer { condition.unlock() }
        return firstFailure
    }

    func takeBuffer() -> UnsafeMutableRawPointer {
        condition.lock(); defer { condition.unlock() }
        while free.isEmpty {
            if allocated < Self.bufferCount {
                allocated += 1
                return UnsafeMutableRawPointer.allocate(byteCount: Self.bufferSize, alignment: DirectAppender.alignment)
            }
            condition.wait()
        }
        return free.removeLast()
    }

    func submit(_ job: Job) {
        condition.lock()
        jobs.append(job)
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = "trace-writer"
            thread.start()
        }
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilIdle() {
        condition.lock()
        while !jobs.isEmpty || writing > 0 { condition.wait() }
        condition.unlock()
    }

    /// Ends the thread once its jobs are written; the queue can be dropped afterwards.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while started { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty { break }
            let job = jobs.removeFirst()
            writing += 1
            let skip = firstFailure != nil
            condition.unlock()
            let error = skip ? nil : Self.write(job)
            condition.lock()
            writing -= 1
            if let error, firstFailure == nil { firstFailure = error }
            free.append(job.buffer)
            condition.broadcast()
        }
        started = false
        stopping = false  // a later submit starts a fresh thread, which a later stop ends
        condition.broadcast()
        condition.unlock()
    }

    /// One buffer at its offset; a refusal of direct I/O (EINVAL, or not supported) is retried
    /// plainly.
    private static func write(_ job: Job) -> AtomicFile.WriteError? {
        var done = 0
        var retriedPlain = false
        while done < job.length {
            let n = pwrite(job.fd, job.buffer + done, job.length - done, job.offset + off_t(done))
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EINVAL || errno == EOPNOTSUPP) && !retriedPlain {
                retriedPlain = true
                DirectAppender.setDirect(job.fd, false)
                continue
            }
            guard n > 0 else { return DirectAppender.writeError(n, path: job.path) }
            done += n
        }
        return nil
    }
}
