import Dashboard
import Foundation
import ReplayCore
import Runs

/// The trace view's "open a question" in a multi-GB trace file: builds a file of the reference
/// rows repeated (filler rows get seeds renumbered from 1000 up) with the untouched CMC β = 0.5
/// rows at its end, then times what the view does: open the index (first time, then from the
/// cache), list a configuration's questions, fetch one row and build its timeline (re-running it
/// on the replay store, which is loaded once and timed apart), and draw the first frame.
///
///     ttsdash-bench trace-open [--size-gb 3.0] [--dir /tmp] [--question 17] [--keep]
enum TraceOpenBenchmark {
    static func run(arguments: [String]) throws {
        var sizeGB = 3.0
        var dir = NSTemporaryDirectory()
        var keep = false
        var question = 17
        var shared = "../shared/autotts"
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--size-gb": i += 1; sizeGB = Double(arguments[i]) ?? sizeGB
            case "--dir": i += 1; dir = arguments[i]
            case "--question": i += 1; question = Int(arguments[i]) ?? question
            case "--shared": i += 1; shared = arguments[i]
            case "--keep": keep = true
            default: break
            }
            i += 1
        }
        let references = shared + "/reference-traces/Qwen3-4B/aime24"
        let stores = shared + "/efficient_reasoning_controller/workspace/code_base/environment"
        let target = references + "/cmc_beta0.5_seeds0-4.jsonl"
        guard FileManager.default.fileExists(atPath: target), FileManager.default.fileExists(atPath: stores) else {
            print("trace-open benchmark skipped: no reference traces or stores under \(shared)")
            return
        }
        let scratch = ScratchTraceFiles(directory: dir, name: "trace-open")
        defer { scratch.remove(keepingTraceFile: keep) }
        let path = scratch.path, cacheDir = scratch.cacheDirectory
        let t0 = Date()
        let written = try buildFile(path: path, references: references, target: target, bytes: UInt64(sizeGB * 1e9))
        print(String(format: "trace file: %.2f GB built in %.1f s (the CMC β = 0.5 rows at its end)", Double(written) / 1e9, Date().timeIntervalSince(t0)))

        let cache = TraceIndexCache(directory: cacheDir)
        let description = "optimal_controller | config={'beta': 0.5}"
        var timings: [(String, Double)] = []
        func timed<T>(_ label: String, _ work: () throws -> T) rethrows -> T {
            let t = Date()
            let v = try work()
            timings.append((label, Date().timeIntervalSince(t)))
            return v
        }
        _ = try timed("index, first time (streams the whole file)") { try TraceIndex.open(path: path, cache: cache) }
        let index = try timed("index, reopened from the cache") { try TraceIndex.open(path: path, cache: cache) }
        let storeCache = TraceLoader.StoreCache()
        _ = timed("load the replay store (once per session)") { storeCache.store(in: [stores], backbone: "Qwen3-4B", benchmark: "aime24") }
        // Reference rows: each question's branch count comes from a checked re-run.
        let list = timed("list β = 0.5, seed 0 (30 rows, each re-run)") {
            TraceLoader.questions(index: index, description: description, seed: 0, storesDirectories: [stores], stores: storeCache)
        }
        let record = try timed("fetch question \(question)'s row") { try index.fetch(description: index.descriptions.firstIndex(of: description)!, seed: 0, question: question)! }
        let timeline = timed("build its timeline (re-run + verify)") { TraceLoader.timeline(record: record, storesDirectories: [stores], stores: storeCache) }
        let frame = timed("draw the first frame (200x60)") { () -> CellBuffer in
            var s = AppState(width: 200, height: 60)
            s.tab = .trace
            s.trace.target = TraceTarget(roundID: "bench", backbone: "Qwen3-4B", benchmark: "aime24", description: description, seed: 0)
            s.trace.list = list
            s.trace.openQuestion = question
            s = Reducer.reduce(s, .trace(.timelineLoaded(request: 0, question: question, timeline, error: nil))).0
            return RootView.frame(s)
        }
        for (label, seconds) in timings {
            print("  " + label.padding(toLength: 48, withPad: " ", startingAt: 0) + String(format: "%9.2f ms", seconds * 1000))
        }
        let open = timings.filter { !$0.0.hasPrefix("index, first") && !$0.0.hasPrefix("load the replay") }.reduce(0) { $0 + $1.1 }
        print(String(format: "open a question (cached index + list + fetch + timeline + frame): %.1f ms; %d questions listed; %@",
                     open * 1000, list.questions.count, "\(timeline.source)".prefix(60) + "…"))
        _ = frame
    }

    /// Filler rows from every reference file with seeds renumbered, then the target file as is.
    static func buildFile(path: String, references: String, target: String, bytes: UInt64) throws -> UInt64 {
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            throw NSError(domain: "trace-open", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot create \(path)"])
        }
        // Filler first (repetitions from 1, so the target's own seeds stay unique), the target last.
        let templates = try SyntheticTraceFile.templates(directory: references, seedShiftPerFile: 0)
        var (written, _, _) = try SyntheticTraceFile.writeRows(templates, to: out, bytes: bytes, firstRepetition: 1)
        let chunk = Array(try Data(contentsOf: URL(fileURLWithPath: target)))
        try out.write(contentsOf: chunk)
        written += UInt64(chunk.count)
        try out.close()
        return written
    }
}
