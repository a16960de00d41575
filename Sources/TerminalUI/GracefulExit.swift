import Foundation
import Synchronization

/// Exit signals (SIGTERM, SIGHUP, SIGINT, SIGQUIT) while the event loop runs: the first one is
/// noted and wakes the loop, which then leaves like `q` does, so services stop their work and
/// remove what they were writing (a launch's staging folder) before the process exits.
///
/// The state lives here, in Swift atomics, not in the C shim: a `static` in a header gets one
/// copy per place that inlines it, and the handler would not see the copy the loop set.
/// More hang-ups in the next two seconds (a closing terminal sends several) are ignored; a
/// signal after that means shutdown is stuck, and goes to the shim's handler, which restores
/// the terminal and exits at once.
enum GracefulExit {
    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT]
    static let pending = Atomic<Int32>(0)
    static let firstSecond = Atomic<Int>(0)
    static let wakeFD = Atomic<Int32>(-1)
    /// The handlers installed before (the shim's restore-and-exit), one per entry of `signals`.
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 4)
        p.initialize(repeating: sigaction(), count: 4)
        return p
    }()

    static func install(wakeFD fd: Int32) {
        // Touch every static now: the handler must not be the first to initialise them.
        _ = pending.load(ordering: .relaxed)
        _ = firstSecond.load(ordering: .relaxed)
        wakeFD.store(fd, ordering: .relaxed)
        let saved = previous
        let handler: @convention(c) (Int32) -> Void = { sig in
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            if GracefulExit.pending.compareExchange(expected: 0, desired: sig, ordering: .relaxed).exchanged {
                GracefulExit.firstSecond.store(now.tv_sec, ordering: .relaxed)
                var byte: UInt8 = 1
                let fd = GracefulExit.wakeFD.load(ordering: .relaxed)
                if fd >= 0 { _ = write(fd, &byte, 1) }
                return
            }
            if now.tv_sec - GracefulExit.firstSecond.load(ordering: .relaxed) < 2 { return }
            // No arrays here (no allocation in a signal handler): the index by hand, as in `signals`.
            let i: Int = sig == SIGTERM ? 0 : sig == SIGHUP ? 1 : sig == SIGINT ? 2 : 3
            sigaction(sig, GracefulExit.previous + i, nil)
            raise(sig)
        }
        for (i, sig) in signals.enumerated() {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handler
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, saved + i)
        }
    }

    /// The exit signal received since `install`, or 0.
    static var received: Int32 { pending.load(ordering: .relaxed) }
}
