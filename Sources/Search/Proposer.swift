import Foundation
import ReplayCore

/// Command-line agents the AutoTTS workflow runs as proposers, and the offline demo.
public enum ProposerPreset: String, Sendable, CaseIterable {
    /// Claude Code in print mode: the prompt on stdin, a JSON event stream on stdout
    /// (kept as `claude_messages.json`, as the workflow's `claude_proposer.py` names it).
    case claude
    /// Codex's non-interactive mode: the prompt on stdin (`-`), JSON events on stdout
    /// (`codex_stdout.jsonl`), its last message written to the final-result file.
    case codex
    /// `ttsdash demo-proposer`: deterministic and offline (perturbs the β schedule).
    case demo

    /// The command each preset runs (in the workspace, by `sh -c`).
    public func command(ttsdashExecutable: String?) -> String {
        switch self {
        case .claude:
            return "claude -p --output-format stream-json --verbose --permission-mode acceptEdits"
        case .codex:
            return "codex exec --json --full-auto --skip-git-repo-check -o \"$TTSDASH_FINAL_RESULT_FILE\" -"
        case .demo:
            return ProposerCommand.shellQuote(ttsdashExecutable ?? "ttsdash") + " demo-proposer"
        }
    }
}

/// The proposer as it will run: the shell command and how its output is named and read.
public struct ProposerCommand: Sendable, Equatable {
    public var shell: String
    /// The preset it came from or looks like (`claude -p …`), which decides the transcript's name
    /// and how its last message is found; nil for any other command.
    public var preset: ProposerPreset?

    /// A preset name (`claude`, `codex`, `demo`) or a shell command.
    public static func resolve(_ text: String, ttsdashExecutable: String?) -> ProposerCommand {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let p = ProposerPreset(rawValue: t.lowercased()) {
            return ProposerCommand(shell: p.command(ttsdashExecutable: ttsdashExecutable), preset: p)
        }
        let first = t.split(separator: " ").first.map { ($0 as Substring).split(separator: "/").last.map(String.init) ?? "" } ?? ""
        let preset: ProposerPreset? = first == "claude" ? .claude : first == "codex" ? .codex : t.contains("demo-proposer") ? .demo : nil
        return ProposerCommand(shell: t, preset: preset)
    }

    /// The transcript's file name in `.workflow_logs/<round>/`, as the AutoTTS workflow names it.
    public var transcriptName: String {
        switch preset {
        case .claude: return "claude_messages.json"
        case .codex: return "codex_stdout.jsonl"
        case .demo, nil: return "proposer_stdout.txt"
        }
    }

    /// Where stdout goes while the proposer runs (Claude's stream becomes a JSON array at the end).
    public var streamName: String { preset == .claude ? "claude_stream.jsonl" : transcriptName }

    public static func shellQuote(_ s: String) -> String {
        if !s.isEmpty, s.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "/._-+=:".unicodeScalars.contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// How a proposer run ended.
public struct ProposerExit: Sendable, Equatable {
    /// The shell's exit status (nil when it was stopped by a signal).
    public var status: Int32?
    public var signal: Int32?
    public var timedOut: Bool
    public var cancelled: Bool
    public var seconds: Double

    /// A workflow-style return code: the status, 128+signal, 124 for a timeout.
    public var returnCode: Int {
        if timedOut { return 124 }
        if let status { return Int(status) }
        return 128 + Int(signal ?? 0)
    }
}

/// Runs the proposer: `sh -c COMMAND` in the workspace, in a process group of its own (so a
/// stop reaches everything it started), the prompt file on stdin, stdout and stderr into the
/// round's log folder. Stopped with SIGTERM to the group, then SIGKILL after a grace period.
public final class ProposerProcess: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: pid_t = 0
    private var stopRequested = false

    public init() {}

    /// Asks a running proposer to stop (from any thread); `run` then returns `cancelled`.
    public func stop() {
        lock.lock()
        stopRequested = true
        let p = pid
        lock.unlock()
        if p > 0 { Glibc.kill(-p, SIGTERM) }
    }

    /// SIGKILL to the whole group at once (a second Ctrl-C: no grace period).
    public func killNow() {
        let p = lock.withLock { stopRequested = true; return pid }
        if p > 0 { Glibc.kill(-p, SIGKILL) }
    }

    public static let graceSeconds: Double = 5

    public func run(command: String, workspace: String, stdin: String, stdout: String, stderr: String,
                    environment: [String: String], timeout: Double) throws(SearchError) -> ProposerExit {
        let started = Date()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t(); sigemptyset(&empty)
        var all = sigset_t(); sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        // `cd` first, then the command by a shell of its own (glibc's addchdir_np is not exposed to Swift).
        let words: [String] = ["/bin/sh", "-c", "cd -- \"$1\" || exit 127; exec /bin/sh -c \"$2\"", "sh", workspace, command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }

        lock.lock()
        if stopRequested {
            lock.unlock()
            return ProposerExit(status: nil, signal: SIGTERM, timedOut: false, cancelled: true, seconds: 0)
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, "/bin/sh", &actions, &attr, argv, envp)
        if rc == 0 { pid = child }
        lock.unlock()
        guard rc == 0 else { throw SearchError("cannot start the proposer (/bin/sh): \(String(cString: strerror(rc)))") }

        var status: Int32 = 0
        var timedOut = false, cancelled = false
        var termSentAt: Date? = nil
        while true {
            let r = waitpid(child, &status, WNOHANG)
            if r == child { break }
            if r < 0 && errno != EINTR { break }
            let now = Date()
            lock.lock(); let stopping = stopRequested; lock.unlock()
            if termSentAt == nil && (stopping || now.timeIntervalSince(started) > timeout) {
                if stopping { cancelled = true } else { timedOut = true }
                Glibc.kill(-child, SIGTERM)
                termSentAt = now
            }
            if let t = termSentAt, now.timeIntervalSince(t) > Self.graceSeconds { Glibc.kill(-child, SIGKILL) }
            usleep(50_000)
        }
        // Anything the proposer left running in its group is stopped with it.
        if Glibc.kill(-child, 0) == 0 {
            Glibc.kill(-child, SIGTERM)
            let deadline = Date().addingTimeInterval(Self.graceSeconds)
            while Glibc.kill(-child, 0) == 0 && Date() < deadline { usleep(50_000) }
            if Glibc.kill(-child, 0) == 0 { Glibc.kill(-child, SIGKILL) }
        }
        lock.lock(); pid = 0; if stopRequested { cancelled = true }; lock.unlock()
        let exited = (status & 0x7f) == 0
        return ProposerExit(status: exited ? (status >> 8) & 0xff : nil, signal: exited ? nil : status & 0x7f,
                            timedOut: timedOut, cancelled: cancelled && !timedOut, seconds: Date().timeIntervalSince(started))
    }
}

/// Finds the proposer's last message in what it wrote: the final-result file when it wrote one,
/// else Claude's `result` event or last assistant text, Codex's last agent message, or the last
/// paragraph of plain output.
public enum TranscriptReader {
    public static let limit = 16_000

    public static func finalMessage(stdout: String, finalResultFile: String?) -> String {
        if let f = finalResultFile, let text = try? String(contentsOfFile: f, encoding: .utf8) {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { return cut(t) }
        }
        if let m = fromEvents(stdout) { return cut(m) }
        return cut(lastParagraph(stdout))
    }

    /// The last message in a JSON-lines event stream (Claude Code or Codex), nil for other output.
    static func fromEvents(_ text: String) -> String? {
        var result: String? = nil, lastText: String? = nil, sawEvents = false
        for line in text.split(separator: "\n") {
            let l = line.trimmingCharacters(in: .whitespaces)
            guard l.hasPrefix("{"), let v = try? JSONParser.parse(l), v.objectValue != nil else { continue }
            sawEvents = true
            let type = v["type"]?.stringValue
            if type == "result", let r = v["result"]?.stringValue { result = r }
            if type == "assistant", let content = v["message"]?["content"]?.arrayValue {
                let texts = content.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }
                if !texts.isEmpty { lastText = texts.joined(separator: "\n") }
            }
            // Codex: {"type":"item.completed","item":{"type":"agent_message","text":…}} (and older {"msg":{"type":"agent_message","message":…}})
            if let item = v["item"], item["type"]?.stringValue == "agent_message" || item["type"]?.stringValue == "agentMessage",
               let t = item["text"]?.stringValue { lastText = t }
            if let msg = v["msg"], msg["type"]?.stringValue == "agent_message", let t = msg["message"]?.stringValue { lastText = t }
        }
        guard sawEvents else { return nil }
        return result ?? lastText
    }

    static func lastParagraph(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var end = lines.count
        while end > 0 && lines[end - 1].isEmpty { end -= 1 }
        var start = end
        while start > 0 && !lines[start - 1].isEmpty { start -= 1 }
        return lines[start..<end].joined(separator: "\n")
    }

    static func cut(_ s: String) -> String {
        s.count <= limit ? s : String(s.prefix(limit)) + " …"
    }

    /// Claude's event stream as one JSON array (`claude_messages.json`); lines that are not JSON
    /// are kept as strings.
    public static func messagesArray(_ stream: String) -> String {
        var items: [JSONValue] = []
        for line in stream.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            if let v = try? JSONParser.parse(String(line)) { items.append(v) } else { items.append(.string(String(line))) }
        }
        return JSONWriter.string(.array(items)) + "\n"
    }
}
