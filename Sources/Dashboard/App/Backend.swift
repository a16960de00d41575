import Foundation

/// What a backend reports from one wait.
public enum BackendEvent: Equatable, Sendable {
    case key(Key)
    /// The screen changed size (already measured).
    case resize(width: Int, height: Int)
    /// Nothing happened within the timeout (the loop ticks the clock).
    case timeout
    /// Something was posted to the action queue.
    case woke
    /// A termination signal arrived: leave like `q`, then exit with 128 + signal.
    case stop(signal: Int32)
    /// The input is gone (a closed terminal): leave.
    case hangup
}

/// Where frames go and keys come from. ncurses is one backend (TerminalUI); tests use one that
/// keeps the styled cells and plays a script of keys, so they run the production loop.
public protocol Backend: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Blocks up to `timeout` seconds for input or a post to `queue`; returns what happened,
    /// keys in the order typed.
    func wait(timeout: Double, queue: ActionQueue) -> [BackendEvent]
    /// Shows a frame; returns the number of cells written (diffed against the last frame).
    @discardableResult func flush(_ buffer: CellBuffer) -> Int
}
