import Foundation
import ReplayCore
import Runs

/// The trace-index benchmark of the runs issue: builds a trace JSONL of at least 1 GB from the
/// reference rows (shuffle seeds renumbered so every row has its own key), then prints the time
/// to read the file plainly (the disk/page-cache baseline), to index it, to save and reload the
/// index through the cache, and to fetch single rows, with peak memory of the indexing step.
/// The file is built under /tmp (or --dir) and deleted afterwards unless --keep is given.
///
///     ttsdash-bench trace-index [--size-gb 1.0] [--dir /tmp] [--keep]
enum TraceIndexBenchmark {
    static func run(arguments: [String]) throws {
        var sizeGB = 1.0
        var dir = NSTemporaryDirectory()
        var keep = false
        var references = "../shared/autotts/reference-traces"
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--size-gb": i += 1; sizeGB = Double(arguments[i]) ?? sizeGB
            case "--dir": i += 1; dir = arguments[i]
            case "--references": i += 1; references = arguments[i]
            case "--keep": keep = true
            default: break
            }
            i += 1
        }
        let files = ((try? FileManager.default.subpathsOfDirectory(atPath: references)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        guard !files.isEmpty else {
            print("trace-index benchmark skipped: no reference traces at \(references)")
            return
        }
        var templates = try SyntheticTraceFile.templates(directory: references, seedShiftPerFile: 10)
        let target = UInt64(sizeGB * 1_000_000_000)
        let scratch = ScratchTraceFiles(directory: dir, name: "trace-bench")
        defer { scratch.remove(keepingTraceFile: keep) }
        let path = scratch.path, cacheDir = scratch.cacheDirectory
        // 1. Build the file.
        let t0 = Date()
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            print("trace-index benchmark: cannot create \(path)")
            return
        }
        let (written, rows, repetitions) = try SyntheticTraceFile.writeRows(templates, to: out, bytes: target, firstRepetition: 0)
        try out.close()
        let buildTime = Date().timeIntervalSince(t0)
        print(String(format: "trace file: %.2f GB, %d rows (%d reference rows x %d), built in %.1f s at %@",
                     Double(written) / 1e9, rows, templates.count, repetitions, buildTime, path))
        templates = []

        // 2. Plain sequential read: the baseline an index cannot beat.
        let tr = Date()
        let readBytes = plainRead(path)
        let readTime = Date().timeIntervalSince(tr)
        print(String(format: "plain read:    %.3f s (%.2f GB/s) for %.2f GB", readTime, Double(readBytes) / 1e9 / readTime, Double(readBytes) / 1e9))

        // 3. Index (no cache), with the peak memory of this step alone.
        resetPeakMemory()
        let rssBefore = residentMB()
        let ti = Date()
        let index = try TraceIndex.build(path: path)
        let indexTime = Date().timeIntervalSince(ti)
        let peak = peakMemoryMB()
        print(String(format: "index:         %.3f s (%.2f GB/s, %.0f%% of plain-read speed): %d rows, %d configurations, %d bad lines",
                     indexTime, Double(written) / 1e9 / indexTime, readTime / indexTime * 100, index.rowCount, index.descriptions.count, index.badLineCount))
        print(String(format: "  memory:      peak resident %.1f MB during indexing (%.1f MB before); index itself about %.1f MB",
                     peak, rssBefore, Double(index.rowCount * 28) / 1e6))

        // 4. Through the cache: build + save, then load.
        let cache = TraceIndexCache(directory: cacheDir)
        let tc = Date()
        _ = try TraceIndex.open(path: path, cache: cache)
        let saveTime = Date().timeIntervalSince(tc)
        let tl = Date()
        let cached = try TraceIndex.open(path: path, cache: cache)
        let loadTime = Date().timeIntervalSince(tl)
        let cacheSize = ((try? FileManager.default.attributesOfItem(atPath: cache.cacheFile(for: path)))?[.size] as? NSNumber)?.intValue ?? 0
        print(String(format: "cache:         index + save %.3f s; reopen from cache %.1f ms (%@, %.1f MB cache file)",
                     saveTime, loadTime * 1000, cached.fromCache ? "hit" : "MISS", Double(cacheSize) / 1e6))

        // 5. Fetch single rows at random (parse only that row).
        var rng = SystemRandomNumberGenerator()
        var times: [Double] = []
        var bytesFetched = 0
        for _ in 0..<500 {
            let e = index.entries[Int.random(in: 0..<index.entries.count, using: &rng)]
            let tf = Date()
            let row = try cached.fetch(e)
            times.append(Date().timeIntervalSince(tf) * 1000)
            bytesFetched += Int(e.length)
            _ = row.steps.count
        }
        times.sort()
        let lookupStart = Date()
        var found = 0
        for e in index.entries.prefix(100_000) where index.entry(description: Int(e.description), seed: Int(e.seed), question: Int(e.question)) != nil { found += 1 }
        let lookupTime = Date().timeIntervalSince(lookupStart) / Double(max(found, 1)) * 1e9
        print(String(format: "fetch one row: median %.2f ms, p99 %.2f ms, max %.2f ms over 500 random rows (mean row %.0f KB: read, fields parsed, steps listed; a step's input/output/state parse on demand); key lookup %.0f ns",
                     times[times.count / 2], times[times.count * 99 / 100], times.last!, Double(bytesFetched) / 500 / 1024, lookupTime))
        // The largest row (a Parallel-Probe row with 64 chains snapshots every branch every step).
        if let big = index.entries.max(by: { $0.length < $1.length }) {
            var bt: [Double] = [], pt: [Double] = []
            let fd = open(path, O_RDONLY)
            var bytes = [UInt8](repeating: 0, count: Int(big.length))
            for _ in 0..<20 {
                let a = Date()
                _ = try cached.fetch(big)
                bt.append(Date().timeIntervalSince(a) * 1000)
                _ = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(big.offset)) }
                let b = Date()
                _ = try JSONParser.parse(bytes)
                pt.append(Date().timeIntervalSince(b) * 1000)
            }
            close(fd)
            bt.sort(); pt.sort()
            let t0 = Date()
            let record = try cached.fetch(big)
            _ = record.steps
            let all = Date().timeIntervalSince(t0) * 1000
            print(String(format: "largest row:   %.0f KB, %d steps: fetch median %.2f ms (best %.2f); a full JSON parse of it takes median %.2f ms (best %.2f); fetch + every step in full %.2f ms",
                         Double(big.length) / 1024, record.stepCount, bt[10], bt[0], pt[10], pt[0], all))
            print(String(format: "load average while measuring: %@ (timings are wall-clock on a shared machine)",
                         (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"))
        }
        print(String(format: "peak memory (whole benchmark): %.1f MB", peakMemoryMB()))
        if keep { print("kept \(path)") }
    }

    static func plainRead(_ path: String) -> UInt64 {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        let cap = 4 << 20
        let buf = UnsafeMutableRawPointer.allocate(byteCount: cap, alignment: 16)
        defer { buf.deallocate() }
        var total: UInt64 = 0
        while true {
            let n = read(fd, buf, cap)
            if n <= 0 { break }
            total += UInt64(n)
        }
        return total
    }

    /// Resets the kernel's resident high-water mark for this process (Linux `clear_refs` 5).
    static func resetPeakMemory() {
        if let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            h.write("5".data(using: .utf8)!)
            try? h.close()
        }
    }

    static func statusMB(_ key: String) -> Double {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix(key + ":") {
            let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
            return kb / 1024
        }
        return 0
    }

    static func residentMB() -> Double { statusMB("VmRSS") }
    static func peakMemoryMB() -> Double { statusMB("VmHWM") }
}
