import CNcursesw
import Dashboard
import Foundation

/// Errors that stop the dashboard before it draws anything.
public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
}

/// The ncurses backend: raw mode, alternate screen, colours, flushing a buffer diff and
/// reading keys. The rest of the app never sees ncurses. Restoring the terminal is
/// guaranteed by `stop()`, an atexit hook and signal handlers (see shim.h).
public final class Terminal {
    public private(set) var colorMode: ColorMode = .none
    private var palette: Palette
    private var previous: CellBuffer?
    private var started = false

    /// Enters the dashboard screen. `forceMode` overrides colour detection (tests, `NO_COLOR`).
    public init(theme: Theme, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw TerminalError(description: "the dashboard needs a terminal (stdin and stdout must be a tty); for scripts use 'ttsdash rounds' or 'ttsdash frontier'")
        }
        setlocale(LC_ALL, "")
        tts_save_termios()
        tts_install_restore_handlers()
        // Shorter Esc delay so Esc feels immediate; ncurses reads ESCDELAY from the env too.
        set_escdelay(25)
        guard initscr() != nil else { throw TerminalError(description: "cannot initialise the terminal (TERM=\(environment["TERM"] ?? "unset"))") }
        tts_capture_restore_sequence()
        started = true
        raw()
        noecho()
        nonl()
        keypad(tts_stdscr(), true)
        nodelay(tts_stdscr(), true)
        _ = curs_set(0)
        colorMode = Terminal.detectColors(environment)
        palette = Palette(theme: theme, mode: colorMode)
        clear()
        refresh()
    }

    deinit { stop() }

    static func detectColors(_ env: [String: String]) -> ColorMode {
        if let nc = env["NO_COLOR"], !nc.isEmpty { return .none }
        guard has_colors() else { return .none }
        start_color()
        use_default_colors()
        let n = tts_colors()
        if let forced = env["TTSDASH_COLORS"], let m = ColorMode(rawValue: forced) { return m == .full256 && n < 256 ? .ansi8 : m }
        return n >= 256 ? .full256 : n >= 8 ? .ansi8 : .none
    }

    /// Leaves the dashboard screen and restores the terminal's modes. Safe to call twice.
    public func stop() {
        guard started else { return }
        started = false
        tts_normal_restore()
    }

    public var size: (width: Int, height: Int) { (Int(tts_cols()), Int(tts_lines())) }

    /// Exit signals from now on only note themselves and write to `wakeFD`, so the event
    /// loop can stop background work (no half-written files) before exiting.
    public func enableGracefulExit(wakeFD: Int32) { GracefulExit.install(wakeFD: wakeFD) }

    /// The exit signal received since `enableGracefulExit`, or 0.
    public var pendingSignal: Int32 { GracefulExit.received }

    /// Forgets what is on screen so the next flush redraws everything (after a resize).
    public func invalidate() {
        previous = nil
        clearok(tts_stdscr(), true)
    }

    /// Writes only the cells that differ from the last flushed frame, then refreshes.
    @discardableResult
    public func flush(_ buffer: CellBuffer) -> Int {
        let runs = BufferDiff.changedRuns(from: previous, to: buffer)
        var written = 0
        var wide: [wchar_t] = []
        for run in runs {
            for seg in BufferDiff.segments(of: run, in: buffer) {
                let (attrs, pair) = palette.attributes(for: seg.style)
                _ = tts_set_style(attrs, pair)
                wide.removeAll(keepingCapacity: true)
                for s in seg.text.unicodeScalars { wide.append(wchar_t(bitPattern: s.value)) }
                wide.append(0)
                _ = tts_put(Int32(run.y), Int32(seg.x), wide, Int32(wide.count - 1))
                written += seg.width
            }
        }
        _ = tts_set_style(tts_a_normal(), 0)
        refresh()
        previous = buffer
        return written
    }

    /// The next key if one is waiting (never blocks).
    public func readKey() -> Key?? {
        var code: Int32 = 0
        let r = tts_get_wch(&code)
        if r == ERR { return nil }
        return .some(KeyDecoder.decode(code, isKeyCode: r == KEY_CODE_YES))
    }
}
