import Foundation
import Testing
import TestSupport

/// Drives the real `ttsdash` binary inside a detached tmux session on its own private
/// tmux server (`-L`), so tests never touch the user's sessions and never race a server
/// that is shutting down after the previous test. The server is killed when the session
/// is released, even after a failed expectation.
final class TmuxSession {
    nonisolated(unsafe) private static var counter = 0
    private static let lock = NSLock()

    let name: String
    let socket: String
    private(set) var closed = false

    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: PackagePaths.root)

    /// `TTSDASH_BINARY`, else `.build/release/ttsdash` under the package root.
    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["TTSDASH_BINARY"], !b.isEmpty {
            return b.hasPrefix("/") ? b : packageRoot.appendingPathComponent(b).path
        }
        return packageRoot.appendingPathComponent(".build/release/ttsdash").path
    }

    static var tmuxPath: String? {
        for p in ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    /// Why end-to-end tests cannot run here, or nil when they can.
    static var unavailableReason: String? {
        if tmuxPath == nil { return "tmux is not installed" }
        if !FileManager.default.isExecutableFile(atPath: binary) {
            return "no release binary at \(binary): build it with 'swift build -c release --product ttsdash' (scripts/test does) or set TTSDASH_BINARY"
        }
        return nil
    }

    static var isAvailable: Bool { unavailableReason == nil }

    /// Starts `ttsdash ARGS` in a shell that prints `EXITED:<status>` (on a line of its own: a
    /// killed dashboard leaves the cursor anywhere and the tty without output processing, so the
    /// line starts with an explicit carriage return) and the tty modes
    /// after the program ends, then keeps the pane open for inspection.
    init(args: [String] = [], env: [String: String] = [:], width: Int = 120, height: Int = 40) throws {
        TmuxSession.lock.lock()
        TmuxSession.counter += 1
        name = "e2e-\(TmuxSession.counter)"
        socket = "ttsdash-e2e-\(getpid())-\(TmuxSession.counter)"
        TmuxSession.lock.unlock()
        let quoted = ([TmuxSession.binary] + args).map(Self.shellQuote).joined(separator: " ")
        let envPrefix = env.map { "\($0.key)=\(Self.shellQuote($0.value))" }.joined(separator: " ")
        let script = "\(envPrefix.isEmpty ? "" : "export \(envPrefix); ")\(quoted); status=$?; printf '\\r\\nEXITED:%s\\r\\n' $status; stty -a | tr ';' '\\n' | tr -s ' ' '\\n' | grep -E '^-?(echo|icanon|isig)$' | tr '\\n' ' '; echo; sleep 60"
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", name, "sh", "-c", script])
    }

    deinit { kill() }

    func kill() {
        guard !closed else { return }
        closed = true
        _ = try? tmux(["kill-server"])
        // tmux leaves the socket file of a killed server behind; tidy it.
        let dir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(dir)/tmux-\(getuid())/\(socket)")
    }

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Literal text (no key-name lookup).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-l", "-t", name, text])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Moves the Rounds view's selection (▶) down to the round named `name`.
    func selectRound(_ name: String) throws {
        func selected(_ screen: String) -> String { screen.split(separator: "\n").first { $0.contains("▶") }.map(String.init) ?? "" }
        var line = selected(try capture())
        for _ in 0..<12 where !line.contains(name) {
            try send("Down")
            // Judge (and press again) only once this Down has moved the selection: a screen read
            // before the key took effect made the loop press once too often and pass the round.
            // No move at all: the last row, nothing more to try.
            guard let moved = try pollUntil(timeout: 5, { selected($0) != line }) else { break }
            line = selected(moved)
        }
    }

    func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// The pid of the shell in the pane, and of the dashboard (its child).
    func dashboardPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let out = try TmuxSession.run("/usr/bin/pgrep", ["-P", shell])
        return out.split(separator: "\n").first.flatMap { Int32($0) }
    }

    static let defaultTimeout: Double = 30

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the last screen.
    /// The default is a generous cap, not a timing assertion: on a 2-core CI machine the whole
    /// suite runs beside the dashboard, and a screen can take seconds to come.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = TmuxSession.defaultTimeout, sourceLocation: SourceLocation = #_sourceLocation,
                 _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if predicate(screen), let settled = try settled(predicate) { return settled }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out after \(timeout)s waiting for \(what); screen was:\n\(screen)", sourceLocation: sourceLocation)
        return screen
    }

    /// Like `waitFor`, but running out of time is no failure: nil. For loops that press a key
    /// until the screen shows something, where a key that changes nothing (the end of a list)
    /// ends the loop.
    func pollUntil(timeout: Double = TmuxSession.defaultTimeout, _ predicate: (String) -> Bool) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(try capture()), let settled = try settled(predicate) { return settled }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    /// A second look shortly after a match: a capture can land while the dashboard is still
    /// writing a frame (the table drawn, the hint bar not yet), so callers that check more of the
    /// screen than the predicate get the finished frame. Nil when the match has gone again.
    private func settled(_ predicate: (String) -> Bool) throws -> String? {
        Thread.sleep(forTimeInterval: 0.05)
        let again = try capture()
        return predicate(again) ? again : nil
    }

    @discardableResult
    func waitFor(text: String, timeout: Double = TmuxSession.defaultTimeout, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("“\(text)”", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        try TmuxSession.run(TmuxSession.tmuxPath ?? "/usr/bin/tmux", ["-L", socket, "-f", "/dev/null"] + args)
    }

    /// Runs a program and returns its stdout. posix_spawn + waitpid rather than Foundation's
    /// Process, whose exit notification can be lost when the child daemonises (tmux does).
    @discardableResult
    static func run(_ path: String, _ args: [String]) throws -> String {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("ttsdash-e2e-\(UUID().uuidString).out").path
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TMUX")
        if (env["TERM"] ?? "").isEmpty || env["TERM"] == "dumb" { env["TERM"] = "xterm-256color" }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        // Test-runner threads block signals; a spawned tmux server would inherit that mask
        // and then ignore kill-server's shutdown, leaving sessions behind. Start clean.
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        guard rc == 0 else { throw HarnessError(description: "cannot start \(path): errno \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}
