import Foundation
import ReplayCore

/// The two figures of the speed issue, compared with another build in the same run:
/// - the paper matrix without traces (`ReplayBenchmark.matrix`, 12 stores x 27 configurations x
///   100 seeds), wall time and its ratio to the reference's 2660 CPU-seconds;
/// - a traced CMC β sweep on one store (Qwen3-4B/aime24, 11 configurations, every seed traced)
///   against the same sweep untraced, measured back to back: the ratio and the trace MB/s.
///
/// Absolute times are noise on a shared machine, so `--baseline PATH` runs this benchmark from
/// another build (e.g. the previous commit's, see `scripts/bench-baseline`) as a child process,
/// alternating with this build run by run (new, old, old, new, ...), each run in a fresh process,
/// and prints every run with the machine's load (`/proc/loadavg`) and the medians side by side.
/// The trace files of both builds are hashed: equal digests mean byte-identical trace output.
///
/// Uses only ReplayCore API that older commits have too, so `scripts/bench-baseline` can build
/// this file against a previous commit's library.
enum SpeedBenchmark {
    struct Figures {
        var matrixWall = 0.0, matrixCPU = 0.0
        var sweepUntraced = 0.0, sweepTraced = 0.0
        var traceBytes: UInt64 = 0
        var traceDigest = ""
        var load = ""

        var line: String {
            "RESULT matrix_wall=\(matrixWall) matrix_cpu=\(matrixCPU) sweep_untraced=\(sweepUntraced) sweep_traced=\(sweepTraced) "
                + "trace_bytes=\(traceBytes) trace_digest=\(traceDigest.isEmpty ? "-" : traceDigest) load=\(load.replacingOccurrences(of: " ", with: "/"))"
        }

        init() {}

        init?(line: String) {
            guard line.hasPrefix("RESULT ") else { return nil }
            var f: [String: String] = [:]
            for part in line.dropFirst(7).split(separator: " ") {
                let kv = part.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { f[String(kv[0])] = String(kv[1]) }
            }
            matrixWall = Double(f["matrix_wall"] ?? "") ?? 0
            matrixCPU = Double(f["matrix_cpu"] ?? "") ?? 0
            sweepUntraced = Double(f["sweep_untraced"] ?? "") ?? 0
            sweepTraced = Double(f["sweep_traced"] ?? "") ?? 0
            traceBytes = UInt64(f["trace_bytes"] ?? "") ?? 0
            traceDigest = f["trace_digest"].flatMap { $0 == "-" ? nil : $0 } ?? ""
            load = (f["load"] ?? "").replacingOccurrences(of: "/", with: " ")
        }
    }

    struct Options {
        var stores = "../shared/autotts/efficient_reasoning_controller/workspace/code_base/environment"
        var seeds = 100
        var runs = 3
        var matrix = true
        var sweep = true
        var baseline: String?
        var child = false
        /// Replaces the paper matrix (e.g. one family, for a profile): SPECs separated by `;`.
        var matrixSpecs: [String]?
        /// Trace files through the page cache instead of direct I/O.
        var plainIO = false
        /// Alternate this build with direct I/O and with `--plain-io` (instead of a baseline).
        var compareIO = false
    }

    static func run(arguments: [String]) throws {
        var o = Options()
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--stores": i += 1; o.stores = arguments[i]
            case "--seeds": i += 1; o.seeds = Int(arguments[i]) ?? o.seeds
            case "--runs": i += 1; o.runs = max(1, Int(arguments[i]) ?? o.runs)
            case "--baseline": i += 1; o.baseline = arguments[i]
            case "--only":
                i += 1
                o.matrix = arguments[i] == "matrix"
                o.sweep = arguments[i] == "sweep"
            case "--child": o.child = true
            case "--matrix-specs": i += 1; o.matrixSpecs = arguments[i].split(separator: ";").map(String.init)
            case "--plain-io": o.plainIO = true
            case "--compare-io": o.compareIO = true
            default:
                throw BenchError("speed: unknown option \(arguments[i]) (--stores DIR --seeds N --runs N --baseline PATH --only matrix|sweep --matrix-specs 'SPEC;SPEC' --plain-io --compare-io --child)")
            }
            i += 1
        }
        guard FileManager.default.fileExists(atPath: o.stores) else {
            print("speed benchmark skipped: no replay stores at \(o.stores)")
            return
        }
        if o.child {
            print(try measure(o).line)
            return
        }
        print("speed: \(o.matrix ? "paper matrix (traces off)" : "")\(o.matrix && o.sweep ? " and " : "")\(o.sweep ? "traced CMC β sweep vs untraced" : ""), \(o.seeds) seeds, \(o.runs) run(s) per build, each in a fresh process")
        print("  machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load \(loadAverage()) (1, 5, 15 min)")
        let me = CommandLine.arguments[0]
        if o.baseline != nil && (o.compareIO || o.plainIO) {
            // A baseline build writes its traces with its own default; neither comparison would be fair.
            throw BenchError("speed: --baseline compares builds, --compare-io and --plain-io compare ways of writing on this build: use one or the other")
        }
        var sides: [(name: String, path: String, plainIO: Bool)] = [("this build", resolvedPath(me), o.plainIO)]
        if o.compareIO {
            sides = [("direct I/O", resolvedPath(me), false), ("plain I/O", resolvedPath(me), true)]
        } else if let b = o.baseline {
            guard FileManager.default.isExecutableFile(atPath: b) else { throw BenchError("speed: --baseline \(b): not an executable") }
            sides.append(("baseline", b, false))
        }
        var results: [[Figures]] = Array(repeating: [], count: sides.count)
        for r in 0..<o.runs {
            // Alternate which side goes first, so a load change hits both alike.
            let orderOfSides = r % 2 == 0 ? Array(sides.indices) : Array(sides.indices.reversed())
            for s in orderOfSides {
                let f = try child(sides[s].path, o, plainIO: sides[s].plainIO)
                results[s].append(f)
                print("  run \(r + 1) \(sides[s].name.padding(toLength: 10, withPad: " ", startingAt: 0)) load \(f.load): \(summary(f, o))")
            }
        }
        print("medians:")
        let med = results.map(median)
        for (s, m) in med.enumerated() { print("  \(sides[s].name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(summary(m, o))") }
        if med.count == 2 {
            let n = med[0], b = med[1]
            let (first, second) = (sides[0].name, sides[1].name)
            if o.matrix {
                print("  matrix: \(first) \(String(format: "%.3f", n.matrixWall)) s vs \(second) \(String(format: "%.3f", b.matrixWall)) s wall"
                      + " (\(relative(n.matrixWall, b.matrixWall))); "
                      + String(format: "%.0fx vs %.0fx the reference", 2660 / n.matrixWall, 2660 / b.matrixWall))
            }
            if o.sweep {
                print("  traced sweep: \(first) \(String(format: "%.2f", n.sweepTraced)) s vs \(second) \(String(format: "%.2f", b.sweepTraced)) s"
                      + " (\(relative(n.sweepTraced, b.sweepTraced))); "
                      + String(format: "traced/untraced %.1fx vs %.1fx", n.sweepTraced / n.sweepUntraced, b.sweepTraced / b.sweepUntraced))
                let digests = Set(results.flatMap { $0.map(\.traceDigest) })
                print(digests.count == 1 ? "  trace files: byte-identical across both sides and every run (\(n.traceBytes) bytes, digest \(n.traceDigest))"
                                         : "  trace files DIFFER between runs or sides: \(digests.sorted())")
            }
        }
    }

    static func summary(_ f: Figures, _ o: Options) -> String {
        var parts: [String] = []
        if o.matrix {
            parts.append(String(format: "matrix %.3f s wall (%.2f s CPU, %.0fx the reference)", f.matrixWall, f.matrixCPU, 2660 / f.matrixWall))
        }
        if o.sweep {
            parts.append(String(format: "sweep %.3f s untraced, %.2f s traced (%.1fx), %.0f MB at %.0f MB/s",
                                f.sweepUntraced, f.sweepTraced, f.sweepTraced / f.sweepUntraced,
                                Double(f.traceBytes) / 1e6, Double(f.traceBytes) / 1e6 / f.sweepTraced))
        }
        return parts.joined(separator: "; ")
    }

    static func median(_ fs: [Figures]) -> Figures {
        func m(_ k: KeyPath<Figures, Double>) -> Double {
            let v = fs.map { $0[keyPath: k] }.sorted()
            return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
        }
        var f = fs[0]
        f.matrixWall = m(\.matrixWall); f.matrixCPU = m(\.matrixCPU)
        f.sweepUntraced = m(\.sweepUntraced); f.sweepTraced = m(\.sweepTraced)
        return f
    }

    /// "1.40x faster" or "1.07x slower": the first side's time against the second's.
    static func relative(_ time: Double, _ other: Double) -> String {
        time <= other ? String(format: "%.2fx faster", other / time) : String(format: "%.2fx slower", time / other)
    }

    /// Runs one measurement in a fresh process of `binary`.
    static func child(_ binary: String, _ o: Options, plainIO: Bool) throws -> Figures {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        var args = ["speed", "--child", "--stores", o.stores, "--seeds", String(o.seeds)]
        if o.matrix != o.sweep { args += ["--only", o.matrix ? "matrix" : "sweep"] }
        if let specs = o.matrixSpecs { args += ["--matrix-specs", specs.joined(separator: ";")] }
        if plainIO { args.append("--plain-io") }  // only when asked: older builds do not know it
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0, let f = text.split(separator: "\n").lazy.compactMap({ Figures(line: String($0)) }).first else {
            throw BenchError("speed: \(binary) failed (exit \(p.terminationStatus)): \(text.suffix(500))")
        }
        return f
    }

    /// One measurement in this process.
    static func measure(_ o: Options) throws -> Figures {
        var f = Figures()
        f.load = loadAverage()
        let keys = ReplayStore.catalog(storesDirectory: o.stores).flatMap { e in e.benchmarks.map { (backbone: e.backbone, benchmark: $0) } }
        let loaded = try ReplayStore.loadAll(storesDirectory: o.stores, keys: keys)
        if o.matrix {
            let configs = try (o.matrixSpecs ?? ReplayBenchmark.matrix).flatMap { try ControllerSpec.parse($0) }
            let t0 = Date(), c0 = ReplayBenchmark.cpuSeconds()
            _ = try Evaluator.run(EvaluationRequest(stores: loaded, configurations: configs, seeds: o.seeds))
            f.matrixWall = Date().timeIntervalSince(t0)
            f.matrixCPU = ReplayBenchmark.cpuSeconds() - c0
        }
        if o.sweep {
            let store = loaded.first { $0.backbone == "Qwen3-4B" && $0.benchmark == "aime24" } ?? loaded[0]
            let sweep = try ControllerSpec.parse("cmc:beta=0:1:0.1")
            let t0 = Date()
            _ = try Evaluator.run(EvaluationRequest(stores: [store], configurations: sweep, seeds: o.seeds))
            f.sweepUntraced = Date().timeIntervalSince(t0)
            let out = NSTemporaryDirectory() + "ttsdash-bench-speed-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: out) }
            #if TRACE_WRITER_DIRECT_IO
            let writer = TraceFileWriter(out: out, stores: [store], directIO: !o.plainIO)
            #else
            let writer = TraceFileWriter(out: out, stores: [store])
            #endif
            let t1 = Date()
            let r = try Evaluator.run(EvaluationRequest(stores: [store], configurations: sweep, seeds: o.seeds, traceSeeds: o.seeds),
                                      traces: { writer.accept($0) })
            _ = try ResultFiles.writeCSVs(r, out: out)
            let files = try writer.finish()
            f.sweepTraced = Date().timeIntervalSince(t1)
            (f.traceBytes, f.traceDigest) = try digest(file: files[0])
        }
        return f
    }

    /// A 64-bit digest of a file (FNV-1a over 8-byte words, then the tail), after timing.
    static func digest(file: String) throws -> (UInt64, String) {
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else { throw BenchError("cannot read \(file)") }
        defer { close(fd) }
        let size = 8 << 20
        let buf = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buf.deallocate() }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325, total: UInt64 = 0
        while true {
            let n = read(fd, buf, size)
            if n <= 0 { break }
            total += UInt64(n)
            let words = n / 8
            let w = buf.assumingMemoryBound(to: UInt64.self)
            for i in 0..<words { h = (h ^ w[i]) &* 0x100_0000_01b3 }
            let b = buf.assumingMemoryBound(to: UInt8.self)
            for i in (words * 8)..<n { h = (h ^ UInt64(b[i])) &* 0x100_0000_01b3 }
        }
        return (total, String(h, radix: 16))
    }

    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func resolvedPath(_ arg0: String) -> String {
        if arg0.contains("/") { return URL(fileURLWithPath: arg0).standardizedFileURL.path }
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arg0
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
