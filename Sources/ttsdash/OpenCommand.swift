import ArgumentParser
import Dashboard
import Foundation
import TerminalUI

/// `ttsdash [open] [RUN] [--theme T]`: the dashboard.
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the dashboard on a discovery run (the default command).",
        discussion: """
        Keys: ? help, 1-5 views, Tab/Shift-Tab or [ ] cycle, arrows or hjkl move, Enter/Esc drill in and back, / filter, q quit.
        Themes: dark (default), light, high-contrast, mono, a user theme in $XDG_CONFIG_HOME/ttsdash/themes, or a path to a .toml file.
        NO_COLOR=1 turns colour off.
        """)

    @Argument(help: "A run folder: an AutoTTS checkout, workspace/, code_base/, history/, or an eval --out folder (default: the bundled sample run).")
    var runFolder: String?

    @Option(name: .long, help: "Colour theme: a name or a path to a .toml file.")
    var theme: String?

    @Option(name: .long, help: "The evaluator's log file (e.g. its redirected stdout with progress bars), tailed in the Live view.")
    var evalLog: String?

    @Option(name: .long, help: "Seconds between checks of the run for changes (default 2; at least 0.2).")
    var poll: Double?

    @Option(name: .long, help: ArgumentHelp("Write frame timing statistics to this file on exit.", visibility: .hidden))
    var frameStats: String?

    @Option(name: .long, help: ArgumentHelp("Render N full 200x60 frames without a terminal and print timings.", visibility: .hidden))
    var benchRender: Int?

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let exe = CommandLine.arguments.first.flatMap { $0.contains("/") ? $0 : nil } ?? Bundle.main.executablePath
        let choice = ThemeLoader.choose(theme, environment: env, executablePath: exe)
        let source = RunDataSource(path: try Self.resolveRun(runFolder, executablePath: exe))
        if let n = benchRender {
            try benchmark(source: source, frames: n)
            return
        }
        var options = RunnerOptions()
        options.frameStatsPath = frameStats
        options.loop.startMessage = choice.warning
        options.loop.evalLog = evalLog
        if let poll {
            guard poll.isFinite, poll >= 0.2 else { CLI.fail("--poll: must be at least 0.2 seconds") }
            options.loop.pollInterval = poll
        }
        do {
            try DashboardRunner.run(source: source, theme: choice.theme, options: options)
        } catch let e as TerminalError {
            CLI.fail(e.description)
        }
        if let w = choice.warning { FileHandle.standardError.write("ttsdash: warning: \(w)\n".data(using: .utf8)!) }
    }

    /// The run to open: the folder given (which must exist), else the bundled sample run, found
    /// beside the executable's checkout or under the current folder.
    static func resolveRun(_ given: String?, executablePath: String?) throws -> String {
        let fm = FileManager.default
        if let given {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: given, isDirectory: &isDir) else { CLI.fail("\(given): no such folder") }
            guard isDir.boolValue else { CLI.fail("\(given): not a folder (expected a discovery run folder)") }
            return given
        }
        let bundled = "sample-runs/autotts-synthetic"
        var candidates: [String] = []
        if let exe = executablePath {
            var dir = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
            while dir.path != "/" {
                candidates.append(dir.appendingPathComponent(bundled).path)
                dir.deleteLastPathComponent()
            }
        }
        candidates.append(fm.currentDirectoryPath + "/" + bundled)
        if let found = candidates.first(where: { fm.fileExists(atPath: $0) }) { return found }
        CLI.fail("no run folder given and the bundled sample run (\(bundled)) was not found; pass a run folder, or make one with 'ttsdash sample --out DIR'")
    }

    /// Full-frame render + diff timings at 200x60, printed as figures.
    private func benchmark(source: some DashboardDataSource, frames: Int) throws {
        var state = AppState(width: 200, height: 60, now: Date())
        state = Reducer.reduce(state, .loaded(try source.load())).0
        for tab in [FeatureID.rounds, .frontier] {
            state.tab = tab
            var times: [Double] = []
            for i in 0..<max(1, frames) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                var buf = CellBuffer(width: 200, height: 60)
                RootView.render(state, into: &buf)
                let runs = BufferDiff.changedRuns(from: nil, to: buf)
                var n = 0
                for r in runs { n += BufferDiff.segments(of: r, in: buf).count }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                state.frontier.cursorPoint = i % 3
            }
            times.sort()
            print(String(format: "%@ 200x60 full frame (render + diff): median %.3f ms, p95 %.3f ms over %d frames",
                         state.features.feature(tab)?.tabTitle ?? tab.rawValue, times[times.count / 2], times[min(times.count - 1, times.count * 95 / 100)], times.count))
        }
    }
}
