import CNcursesw
import Dashboard
import Foundation

/// Options for one dashboard session in the terminal.
public struct RunnerOptions: Sendable {
    public var loop = LoopOptions()
    /// Where to write frame timing statistics on exit (render + flush), if anywhere.
    public var frameStatsPath: String?
    public init() {}
}

/// Runs the program loop on the ncurses backend, restoring the terminal on every way out
/// (q, an error, SIGTERM/SIGHUP/SIGINT); a signal ends the process with 128 + signal after
/// the services have stopped (no half-written files).
public enum DashboardRunner {
    public static func run(source: any DashboardDataSource, theme: Theme, features: FeatureRegistry = .standard,
                           options: RunnerOptions = RunnerOptions()) throws {
        let terminal = try Terminal(theme: theme)
        defer { terminal.stop() }
        let loop = ProgramLoop(source: source, features: features, backend: TerminalBackend(terminal: terminal), options: options.loop)
        var stats = FrameStats()
        loop.onFrame = { render, flush, cells, full, state in
            stats.record(render: render, flush: flush, cells: cells, full: full)
            if stats.firstDataFrameSeconds == nil, state.snapshot != nil { stats.firstDataFrameSeconds = ProcessClock.secondsSinceStart() }
        }
        // From here on, exit signals end the loop like `q`.
        terminal.enableGracefulExit(wakeFD: loop.queue.writeFD)
        let end = loop.run()
        terminal.stop()
        if let path = options.frameStatsPath { stats.write(to: path) }
        if case .signal(let signal) = end { exit(128 + signal) }
    }
}

/// Render and flush times, for the figures in the closing note.
struct FrameStats {
    var frames = 0
    /// From the process's start to the first frame that shows the loaded run.
    var firstDataFrameSeconds: Double?
    var fullFrames: [(render: UInt64, flush: UInt64)] = []
    var all: [(render: UInt64, flush: UInt64)] = []

    mutating func record(render: UInt64, flush: UInt64, cells: Int, full: Bool) {
        frames += 1
        all.append((render, flush))
        if full { fullFrames.append((render, flush)) }
    }

    func write(to path: String) {
        func ms(_ ns: UInt64) -> String { String(format: "%.3f", Double(ns) / 1e6) }
        func median(_ xs: [UInt64]) -> UInt64 { xs.isEmpty ? 0 : xs.sorted()[xs.count / 2] }
        var text = "frames \(frames)\n"
        text += "median_render_ms \(ms(median(all.map(\.render))))\nmedian_flush_ms \(ms(median(all.map(\.flush))))\n"
        text += "full_frames \(fullFrames.count)\n"
        text += "full_median_render_ms \(ms(median(fullFrames.map(\.render))))\nfull_median_flush_ms \(ms(median(fullFrames.map(\.flush))))\n"
        text += "full_median_total_ms \(ms(median(fullFrames.map { $0.render + $0.flush })))\n"
        if let t = firstDataFrameSeconds { text += String(format: "launch_to_first_data_frame_ms %.1f\n", t * 1000) }
        // The slow tail matters while an evaluation runs in the background.
        let totals = all.map { $0.render + $0.flush }.sorted()
        if !totals.isEmpty {
            text += "p95_total_ms \(ms(totals[min(totals.count - 1, totals.count * 95 / 100)]))\nmax_total_ms \(ms(totals.last!))\n"
        }
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// How long this process has been running, from the kernel's record of its start (resolution:
/// one clock tick, 10 ms), so start-up figures include loading the binary and parsing arguments.
enum ProcessClock {
    static func secondsSinceStart() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptime = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name; starttime is field 22 overall, the 20th after ")".
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]), let up = Double(uptime.split(separator: " ")[0]) else { return nil }
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return up - ticks / hz
    }
}
