import CNcursesw
import Dashboard
import Foundation

/// Options for one dashboard session.
public struct RunnerOptions: Sendable {
    /// How often to ask the data source whether the run changed.
    public var pollInterval: Double = 2
    /// Where to write frame timing statistics on exit (render + flush), if anywhere.
    public var frameStatsPath: String?
    /// A message to show in the status bar at start (e.g. a theme warning).
    public var startMessage: String?
    /// The evaluator's log file, tailed in the Live view (`--eval-log`).
    public var evalLog: String?
    public init() {}
}

/// The event loop: one state value, keys and background results in as actions, the
/// reducer, effects out, and a redraw that flushes only the difference. Sleeps in `poll`
/// between events (a 1 s tick keeps "updated Xs ago" current), so it idles near 0% CPU.
public enum DashboardRunner {
    public static func run(source: any DashboardDataSource, theme: Theme, features: FeatureRegistry = .standard,
                           options: RunnerOptions = RunnerOptions()) throws {
        let terminal = try Terminal(theme: theme)
        defer { terminal.stop() }
        let sink = ActionSink()
        let (w, h) = terminal.size
        var state = AppState(width: w, height: h, now: Date())
        state.features = features
        let keyTable = KeyTable.forFeatures(features)
        state.message = options.startMessage
        state.messageSince = options.startMessage == nil ? nil : state.now
        var stats = FrameStats()
        let poller = ChangePoller(source: source, interval: options.pollInterval, sink: sink)
        let services = Services(context: ServiceContext(source: source, evalLog: options.evalLog, post: { sink.post($0) }), registry: features)
        defer { services.shutdown() }

        func apply(_ action: Action) -> Bool {
            let (next, effects) = Reducer.reduce(state, action)
            state = next
            for effect in effects {
                switch effect {
                case .quit: return false
                case .load:
                    DispatchQueue.global(qos: .userInitiated).async {
                        do { sink.post(.loaded(try source.load())) } catch { sink.post(.loadFailed("\(error)")) }
                    }
                case .feature:
                    services.perform(effect)
                case .navigate:
                    break   // carried out by the reducer
                }
            }
            return true
        }

        var running = apply(.refresh)
        // From here on, SIGTERM/SIGHUP/SIGINT end the loop like `q`, so running evaluations are
        // cancelled and their staging removed (services.shutdown) before the process exits.
        terminal.enableGracefulExit(wakeFD: sink.writeFD)
        poller.start()
        defer { poller.stop() }
        var dirty = true
        var hangups = 0
        var buffer = CellBuffer(width: 0, height: 0)
        while running {
            if dirty {
                let t0 = DispatchTime.now().uptimeNanoseconds
                if buffer.width != state.width || buffer.height != state.height {
                    buffer = CellBuffer(width: state.width, height: state.height)
                }
                RootView.render(state, table: keyTable, into: &buffer)
                let t1 = DispatchTime.now().uptimeNanoseconds
                let cells = terminal.flush(buffer)
                let t2 = DispatchTime.now().uptimeNanoseconds
                stats.record(render: t1 - t0, flush: t2 - t1, cells: cells, full: cells >= state.width * state.height * 9 / 10)
                if stats.firstDataFrameSeconds == nil, state.snapshot != nil { stats.firstDataFrameSeconds = ProcessClock.secondsSinceStart() }
                dirty = false
            }
            var stdinReady: Int32 = 0, wakeReady: Int32 = 0
            let r = tts_wait(sink.readFD, 1000, &stdinReady, &wakeReady)
            if terminal.pendingSignal != 0 { break }
            if r == 0 && stdinReady == 0 && wakeReady == 0 {
                // Timeout, or a signal such as SIGWINCH interrupted poll: tick, then still
                // read keys, because ncurses delivers the resize as KEY_RESIZE.
                running = apply(.tick(Date()))
                dirty = true
            }
            var gotKey = false
            while running, let key = terminal.readKey() {
                gotKey = true
                guard let key else { continue }
                if key == .resize {
                    let (nw, nh) = terminal.size
                    terminal.invalidate()
                    running = apply(.resize(width: nw, height: nh))
                } else {
                    // A status message lasts until the next key (or its lifetime).
                    if state.message != nil { running = apply(.dismissMessage) }
                    if running, let action = keyTable.action(for: key, in: state) { running = apply(action) }
                }
                dirty = true
            }
            // A closed terminal reports "readable" forever with nothing to read: leave.
            if stdinReady != 0 && !gotKey { hangups += 1; if hangups > 50 { running = false } } else { hangups = 0 }
            for action in sink.drain() where running {
                running = apply(action)
                dirty = true
            }
        }
        terminal.stop()
        if let path = options.frameStatsPath { stats.write(to: path) }
        let signal = terminal.pendingSignal
        if signal != 0 {
            poller.stop()
            services.shutdown()
            exit(128 + signal)
        }
    }
}

/// Asks the data source for its change token every few seconds on a background thread
/// and posts `.refresh` when it changed.
final class ChangePoller: @unchecked Sendable {
    private let source: any DashboardDataSource
    private let interval: Double
    private let sink: ActionSink
    private let lock = NSLock()
    private var stopped = false

    init(source: any DashboardDataSource, interval: Double, sink: ActionSink) {
        self.source = source; self.interval = interval; self.sink = sink
    }

    func start() {
        guard interval > 0, source.changeToken() != nil else { return }
        let t = Thread { [self] in
            var last = source.changeToken()
            while true {
                Thread.sleep(forTimeInterval: interval)
                lock.lock(); let done = stopped; lock.unlock()
                if done { return }
                let now = source.changeToken()
                if now != last { last = now; sink.post(.refresh) }
            }
        }
        t.start()
    }

    func stop() {
        lock.lock(); stopped = true; lock.unlock()
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
