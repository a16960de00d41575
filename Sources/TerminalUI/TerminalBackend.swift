import CNcursesw
import Dashboard
import Foundation

/// The ncurses backend: frames are diffed onto the screen, keys read from the terminal, and
/// the wait sleeps in `poll` on stdin and the action queue's pipe (near 0% CPU when idle).
final class TerminalBackend: Backend {
    let terminal: Terminal
    private var hangups = 0

    init(terminal: Terminal) { self.terminal = terminal }

    var size: (width: Int, height: Int) { terminal.size }

    func flush(_ buffer: CellBuffer) -> Int { terminal.flush(buffer) }

    func wait(timeout: Double, queue: ActionQueue) -> [BackendEvent] {
        var stdinReady: Int32 = 0, wakeReady: Int32 = 0
        let r = tts_wait(queue.readFD, Int32(timeout * 1000), &stdinReady, &wakeReady)
        if terminal.pendingSignal != 0 { return [.stop(signal: terminal.pendingSignal)] }
        var events: [BackendEvent] = []
        // Timeout, or a signal such as SIGWINCH interrupted poll: tick, then still read keys,
        // because ncurses delivers the resize as KEY_RESIZE.
        if r == 0 && stdinReady == 0 && wakeReady == 0 { events.append(.timeout) }
        if wakeReady != 0 { events.append(.woke) }
        var gotKey = false
        while let key = terminal.readKey() {
            gotKey = true
            guard let key else { continue }
            if key == .resize {
                terminal.invalidate()
                let (w, h) = terminal.size
                events.append(.resize(width: w, height: h))
            } else {
                events.append(.key(key))
            }
        }
        // A closed terminal reports "readable" forever with nothing to read: leave.
        if stdinReady != 0 && !gotKey { hangups += 1; if hangups > 50 { events.append(.hangup) } } else { hangups = 0 }
        return events
    }
}
