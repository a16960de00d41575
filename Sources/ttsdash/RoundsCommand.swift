import ArgumentParser
import Foundation
import Presentation
import ReplayCore
import Runs

/// `ttsdash rounds RUN`: the run's rounds with phase and, per backbone, the best Acc and its Cost.
struct RoundsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rounds",
        abstract: "List a discovery run's rounds: phase, and per backbone the best Acc and its Cost.",
        discussion: """
        RUN is any folder of a discovery run: an AutoTTS checkout, its workspace/, code_base/ or history/, \
        the published logs/search_history form, or a folder written by 'ttsdash eval --out'. \
        A '-' means no results for that backbone; 'not reported' means the results give no number. Problems found while reading are listed after the table.
        """)

    @Argument(help: ArgumentHelp("The run folder.", valueName: "RUN"))
    var path: String

    @Flag(name: .long, help: "Machine-readable output (JSON).")
    var json = false

    @Flag(name: .long, help: "With --json: include every result row. Otherwise: list notes too.")
    var verbose = false

    func run() throws {
        let loaded = RunCLI.load(path)
        if json {
            print(RunJSON.pretty(RunJSON.run(loaded, rows: verbose)))
            return
        }
        print(PlainText.safe(RoundsText.render(loaded, now: Date(), verbose: verbose)))
    }
}

/// Loading a run for a headless verb: a path that is not a folder, or a folder with no rounds at
/// all, is a one-line error (exit 2).
enum RunCLI {
    /// A one-line error (exit 2); text from data files in it is made terminal-safe.
    static func fail(_ message: String) -> Never {
        CLI.fail(PlainText.safe(message, keepNewlines: false))
    }

    /// One configuration given on the command line: a controller SPEC (`cmc:beta=0.5`) or a
    /// Description as the results CSV writes it (`optimal_controller | config={'beta': 0.5}`).
    static func configuration(_ text: String, flag: String) -> RowConfiguration {
        if text.contains("| config=") {
            guard let c = RowConfiguration.parse(description: text) else { fail("\(flag) '\(text)': the dict after 'config=' is not a Python literal") }
            return c
        }
        do {
            let list = try ControllerSpec.parse(text)
            guard list.count == 1, let c = list.first else { fail("\(flag) '\(text)' names \(list.count) configurations; give one value per parameter") }
            return RowConfiguration.parse(description: c.descriptionString)!
        } catch {
            fail("\(flag): \(error.description)")
        }
    }

    static func load(_ path: String) -> Run {
        let run: Run
        do { run = try RunLoader.load(path: path) } catch { RunCLI.fail(error.description) }
        if run.isEmpty {
            let reason = run.problems(atLeast: .error).first?.description ?? "\(path): no rounds found"
            RunCLI.fail(reason)
        }
        return run
    }

    /// Problems (errors and warnings, and notes when verbose) as indented lines.
    static func problems(_ run: Run, verbose: Bool) -> String {
        var out: [String] = []
        let shown = run.diagnostics.filter { verbose || $0.severity >= .warning }
        let notes = run.diagnostics.filter { $0.severity == .note }.count
        if !shown.isEmpty {
            out.append("")
            out.append("problems:")
            for d in shown { out.append("  \(d.severity.rawValue): \(d.description)") }
        }
        if !verbose && notes > 0 {
            out.append("")
            out.append("\(notes) note\(notes == 1 ? "" : "s") (e.g. trace files listed in manifests but not shipped); --verbose lists them")
        }
        return out.joined(separator: "\n")
    }
}

/// The text form of `ttsdash rounds`.
enum RoundsText {
    static func render(_ run: Run, now: Date, verbose: Bool) -> String {
        var out: [String] = []
        out.append("run: \(run.path)")
        out.append("found: \(run.layout.summary); \(run.rounds.count) round\(run.rounds.count == 1 ? "" : "s")")
        let backbones = run.backbones
        let benchmarks = run.benchmarks
        for benchmark in benchmarks.isEmpty ? [""] : benchmarks {
            out.append("")
            if !benchmark.isEmpty { out.append("\(benchmark): best Acc (%) and its Cost (tokens/question) per backbone") }
            var headers = ["round", "kind", "phase", "rc", "started", "changed", "rows"]
            var align: [TextTable.Alignment] = [.left, .left, .left, .right, .left, .right, .right]
            for b in backbones { headers.append(b); align.append(.right) }
            var table = TextTable(headers: headers, alignments: align)
            for r in run.rounds {
                var cells = [r.shortName, r.kind.rawValue, r.phase.rawValue, r.evalReturnCode.map(String.init) ?? "-",
                             started(r), changed(r, now: now),
                             String(r.results.filter { $0.benchmark == benchmark }.reduce(0) { $0 + $1.rows.count })]
                for b in backbones {
                    if let set = r.results(backbone: b, benchmark: benchmark) {
                        if let best = set.best {
                            cells.append("\(NumberText.acc(best.acc)) @ \(NumberText.cost(best.cost))")
                        } else {
                            cells.append("not reported")
                        }
                    } else {
                        cells.append("-")
                    }
                }
                table.add(cells)
            }
            out.append(table.render())
        }
        let p = RunCLI.problems(run, verbose: verbose)
        if !p.isEmpty { out.append(p) }
        return out.joined(separator: "\n")
    }

    static func started(_ r: Round) -> String {
        guard let stamp = r.idTimestamp, stamp.count == 15 else { return "-" }
        let c = Array(stamp)
        return "\(String(c[0..<4]))-\(String(c[4..<6]))-\(String(c[6..<8])) \(String(c[9..<11])):\(String(c[11..<13]))"
    }

    /// For rounds still moving (live), how long since a file changed; `-` for finished ones.
    static func changed(_ r: Round, now: Date) -> String {
        guard r.kind == .live, let s = r.secondsSinceLastChange(now: now) else { return "-" }
        let t = max(0, Int(s))
        if t < 60 { return "\(t)s ago" }
        if t < 3600 { return "\(t / 60)m ago" }
        if t < 86400 { return "\(t / 3600)h ago" }
        return "\(t / 86400)d ago"
    }
}
