import Foundation
import ReplayCore

/// Why the controller host cannot run at all (as opposed to one configuration failing).
public enum HostError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No `python3` to run (or the one named by `TTSDASH_PYTHON`).
    case pythonMissing(String)
    /// `python3` runs but lacks numpy or scipy.
    case modulesMissing(python: String, modules: [String])
    /// The method file cannot be used at all: it does not import, or names no such class.
    case method(String)
    /// A worker could not be started or talked to.
    case worker(String)

    public var description: String {
        switch self {
        case .pythonMissing(let python):
            return "method.py controllers run in Python, and '\(python)' was not found: install python3 (apt-get install python3) or set TTSDASH_PYTHON to one; built-in controllers work without it"
        case .modulesMissing(let python, let modules):
            return "method.py controllers need numpy and scipy, and \(python) lacks \(modules.joined(separator: " and ")): install them with '\(python) -m pip install numpy scipy'; built-in controllers work without them"
        case .method(let message), .worker(let message):
            return message
        }
    }
}

/// One `python3` process running `WorkerScript`, spoken to over two private pipes (its fd 3 and
/// fd 4); its stdout and stderr (the controller's own prints) go to a log file, never to the
/// protocol. It runs in a process group of its own, so `stop()` also ends anything it started.
public final class PythonWorker {
    enum Reply {
        case message(JSONValue)
        case timedOut
        case cancelled
        /// The process ended (or closed its pipe); the log's last lines say why.
        case ended(String)
    }

    let pid: pid_t
    let python: String
    /// The interpreter's own process (its greeting says), when `python` is a launcher script.
    private var interpreterPID: pid_t?
    private let requests: Int32
    private let replies: Int32
    private let logPath: String
    private var pending: [UInt8] = []
    private var stopped = false

    /// The interpreter: `TTSDASH_PYTHON` when set, else `python3` from PATH.
    public static var interpreter: String {
        let env = ProcessInfo.processInfo.environment["TTSDASH_PYTHON"] ?? ""
        return env.isEmpty ? "python3" : env
    }

    /// Starts a worker and waits for its greeting (imports of numpy and scipy included).
    static func start(python: String = interpreter, readyTimeout: Double = 120) throws(HostError) -> PythonWorker {
        // One start at a time: a pipe is close-on-exec only once moved (below), and a worker
        // started meanwhile by another thread must not inherit it (it would hide the end of file).
        spawnLock.lock()
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            spawnLock.unlock()
            throw .worker("cannot create pipes for a Python worker: \(String(cString: strerror(errno)))")
        }
        // Keep our ends above 4 so the dup2 onto 3 and 4 in the child never clobbers them.
        func high(_ fd: Int32) -> Int32 {
            let moved = fcntl(fd, F_DUPFD_CLOEXEC, 10)
            close(fd)
            return moved
        }
        let childIn = high(toChild[0]), ourOut = high(toChild[1]), ourIn = high(fromChild[0]), childOut = high(fromChild[1])
        let logPath = NSTemporaryDirectory() + "ttsdash-worker-\(getpid())-\(UUID().uuidString.prefix(8)).log"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, childIn, 3)
        posix_spawn_file_actions_adddup2(&actions, childOut, 4)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)

        var environment = ProcessInfo.processInfo.environment
        environment["TTSDASH_HOST_FDS"] = "3,4"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"   // reading a run never writes into it
        environment["PYTHONUNBUFFERED"] = "1"
        let envStrings = environment.map { "\($0.key)=\($0.value)" }
        let argv = [python, "-B", "-c", WorkerScript.source]
        var pid: pid_t = 0
        let rc = withCStrings(argv) { argvPointers in
            withCStrings(envStrings) { envPointers in
                posix_spawnp(&pid, python, &actions, &attributes, argvPointers, envPointers)
            }
        }
        close(childIn)
        close(childOut)
        spawnLock.unlock()
        guard rc == 0 else {
            close(ourOut); close(ourIn); unlink(logPath)
            if rc == ENOENT || rc == EACCES { throw .pythonMissing(python) }
            throw .worker("cannot start \(python): \(String(cString: strerror(rc)))")
        }
        let worker = PythonWorker(pid: pid, python: python, requests: ourOut, replies: ourIn, logPath: logPath)
        switch worker.read(timeout: readyTimeout) {
        case .message(let hello):
            worker.interpreterPID = hello["pid"]?.intValue.map { pid_t($0) }
            let missing = hello["missing"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !missing.isEmpty {
                worker.stop()
                throw .modulesMissing(python: python, modules: missing)
            }
            return worker
        case .timedOut, .cancelled:
            worker.stop()
            throw .worker("\(python) did not start the controller host within \(Int(readyTimeout)) s")
        case .ended(let why):
            worker.stop()
            // A shell wrapper (pyenv, a venv script) reports a missing interpreter this way.
            if why.contains("not found") || why.contains("No such file") { throw .pythonMissing(python) }
            throw .worker("\(python) could not run the controller host: \(why)")
        }
    }

    private init(pid: pid_t, python: String, requests: Int32, replies: Int32, logPath: String) {
        self.pid = pid
        self.python = python
        self.requests = requests
        self.replies = replies
        self.logPath = logPath
    }

    deinit { stop() }

    /// Sends one request line; false when the worker is gone.
    @discardableResult
    func send(_ request: JSONValue) -> Bool {
        var bytes: [UInt8] = []
        JSONWriter.write(request, into: &bytes)
        bytes.append(0x0A)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(requests, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// The next reply line, waiting at most `timeout` seconds; asks `cancelled` ten times a second.
    func read(timeout: Double, cancelled: () -> Bool = { false }) -> Reply {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                guard let value = try? JSONParser.parse(line) else {
                    return .ended("unreadable reply from the worker: \(String(decoding: line.prefix(200), as: UTF8.self))")
                }
                return .message(value)
            }
            if cancelled() { return .cancelled }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return .timedOut }
            var fds = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(min(100, max(1, left * 1000))))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(replies, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .ended(lastLogLines()) }
            pending.append(contentsOf: chunk[..<n])
        }
    }

    /// The worker's own output (tracebacks, the controller's prints), last lines only.
    func lastLogLines(_ count: Int = 3) -> String {
        guard let data = FileManager.default.contents(atPath: logPath) else { return "no output" }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(count)
        return lines.isEmpty ? "the worker ended without a word (exit status \(exitStatus()))" : lines.joined(separator: " / ")
    }

    private func exitStatus() -> String {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return "unknown" }
        let signal = status & 0x7f
        return signal == 0 ? "\((status >> 8) & 0xff)" : "killed by signal \(signal)"
    }

    /// Ends the worker and everything it started; safe to call more than once.
    func stop() {
        guard !stopped else { return }
        stopped = true
        close(requests)
        close(replies)
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        // A launcher (pyenv's shim) may run the interpreter as its child: end that one too.
        if let interpreterPID, interpreterPID != pid { kill(interpreterPID, SIGKILL) }
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        unlink(logPath)
    }
}

private let spawnLock = NSLock()

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return body(pointers)
}
