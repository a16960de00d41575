import Foundation

/// Lets background work hand actions to the program loop: a locked queue plus a self-pipe
/// that wakes the backend's wait, so the loop sleeps between events instead of spinning.
public final class ActionQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [Action] = []
    /// Readable when something was posted (a backend waits on it beside its input).
    public let readFD: Int32
    /// For signal handlers that must wake the loop (a write is async-signal-safe).
    public let writeFD: Int32

    public init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Safe from any thread.
    public func post(_ action: Action) {
        lock.lock()
        queue.append(action)
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// True when actions wait to be drained.
    public var hasPending: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !queue.isEmpty
    }

    /// Takes everything posted so far and empties the pipe.
    public func drain() -> [Action] {
        var scratch = [UInt8](repeating: 0, count: 64)
        while read(readFD, &scratch, scratch.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let out = queue
        queue.removeAll()
        return out
    }
}
