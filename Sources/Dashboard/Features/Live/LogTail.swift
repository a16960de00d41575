import Foundation

/// Turns the bytes an evaluator writes to its log into lines the way a terminal would show
/// them: `\n` ends a line, `\r` (without `\n`) starts the line over, so a progress bar redrawn
/// in place shows its last state; escape sequences and control characters are dropped; lines
/// are cut at `maxLineBytes`. Pure and incremental (feed it chunks as they come).
public struct LogLineAssembler: Sendable {
    public static let maxLineBytes = 4096

    private var current: [UInt8] = []
    private var pendingCR = false
    private var truncated = false

    public init() {}

    /// The line in progress, cleaned (nil when empty).
    public var partial: String? {
        let s = Self.clean(current, truncated: truncated)
        return s.isEmpty ? nil : s
    }

    /// Feeds bytes; returns the lines they completed.
    public mutating func feed<C: Collection>(_ bytes: C) -> [String] where C.Element == UInt8 {
        var lines: [String] = []
        for b in bytes {
            if b == 0x0A {
                lines.append(Self.clean(current, truncated: truncated))
                current.removeAll(keepingCapacity: true)
                pendingCR = false
                truncated = false
                continue
            }
            if pendingCR {
                // A carriage return not followed by a newline: the line is redrawn from its start.
                current.removeAll(keepingCapacity: true)
                truncated = false
                pendingCR = false
            }
            if b == 0x0D { pendingCR = true; continue }
            if current.count < Self.maxLineBytes { current.append(b) } else { truncated = true }
        }
        return lines
    }

    /// Drops the line in progress (after truncation or rotation).
    public mutating func reset() {
        current.removeAll()
        pendingCR = false
        truncated = false
    }

    static func clean(_ bytes: [UInt8], truncated: Bool) -> String {
        var s = Sanitizer.clean(String(decoding: bytes, as: UTF8.self))
        while s.hasSuffix(" ") { s.removeLast() }
        return truncated ? s + " …" : s
    }
}

/// Follows a log file from a background thread: polls its size and identity twice a second,
/// reads what was appended, starts over when the file is truncated or replaced (rotation),
/// and opens at most the last `initialTail` bytes of a big file. Reports through `emit`.
final class LogFollower: @unchecked Sendable {
    static let initialTail: UInt64 = 64 << 10
    static let chunk = 256 << 10

    let path: String
    let interval: Double
    private let emit: @Sendable ([String], String?, String?) -> Void
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?

    init(path: String, interval: Double = 0.5, emit: @escaping @Sendable ([String], String?, String?) -> Void) {
        self.path = path
        self.interval = interval
        self.emit = emit
    }

    func start() {
        let t = Thread { [self] in loop() }
        t.name = "ttsdash.log-follower"
        thread = t
        t.start()
    }

    func stop() { lock.withLock { stopped = true } }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func loop() {
        var assembler = LogLineAssembler()
        var offset: UInt64 = 0
        var inode: UInt64?
        var first = true
        var missingReported = false
        // The file's inode before it went missing: a rotation by rename leaves the name empty for
        // a moment, and the file that comes back is still a replacement.
        var vanished: UInt64?
        var lastPartial: String?
        while !isStopped {
            var note: String?
            var lines: [String] = []
            var st = stat()
            if stat(path, &st) != 0 {
                if !missingReported { note = "\(path): \(String(cString: strerror(errno))); waiting for it"; missingReported = true }
                if let i = inode { vanished = i; inode = nil; offset = 0; assembler.reset() }
            } else {
                missingReported = false
                let size = UInt64(st.st_size), ino = UInt64(st.st_ino)
                defer { vanished = nil }
                if let known = inode ?? vanished, known != ino {
                    note = "log replaced (rotated); reading the new file from its start"
                    offset = 0
                    assembler.reset()
                } else if size < offset {
                    note = "log truncated; reading from its start"
                    offset = 0
                    assembler.reset()
                }
                if first || inode == nil {
                    if size > Self.initialTail && first {
                        offset = size - Self.initialTail
                        note = note ?? "showing the last \(Self.initialTail >> 10) KB of the log"
                    }
                }
                inode = ino
                if size > offset, let (data, skipFirst) = read(from: offset, to: size, aligning: first && offset > 0) {
                    offset += UInt64(data.count + skipFirst)
                    lines = assembler.feed(data)
                }
                first = false
            }
            let partial = assembler.partial
            if !lines.isEmpty || note != nil || partial != lastPartial {
                lastPartial = partial
                emit(lines, partial, note)
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// Reads [from, to) (at most `chunk` bytes per call); when aligning, skips to just after
    /// the first newline so the first line shown is whole.
    private func read(from: UInt64, to: UInt64, aligning: Bool) -> ([UInt8], Int)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let want = Int(min(UInt64(Self.chunk), to - from))
        var buf = [UInt8](repeating: 0, count: want)
        let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(from)) }
        guard n > 0 else { return nil }
        buf.removeSubrange(n...)
        if aligning, let nl = buf.firstIndex(of: 0x0A) {
            return (Array(buf[(nl + 1)...]), nl + 1)
        }
        return (buf, 0)
    }
}
