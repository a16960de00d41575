import Foundation
import Testing
@testable import Dashboard
import Runs

/// The Live feature's background work: measuring phase times and following the evaluator log
/// through appends, truncation and rotation.
@Suite(.serialized) struct LiveServiceTests {
    /// Collects posted actions from background threads.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var actions: [Action] = []
        func post(_ a: Action) { lock.withLock { actions.append(a) } }
        var all: [Action] { lock.withLock { actions } }

        /// Waits (up to `timeout` seconds) until the collected actions satisfy `ok`.
        @discardableResult
        func wait(timeout: Double = 10, _ ok: ([Action]) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if ok(all) { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return ok(all)
        }
    }

    static func logLines(_ actions: [Action]) -> [String] {
        actions.flatMap { a -> [String] in if case .logAppended(let lines, _, _)? = a.payload(LiveAction.self) { return lines } else { return [] } }
    }

    static func notes(_ actions: [Action]) -> [String] {
        actions.compactMap { a in if case .logAppended(_, _, let note)? = a.payload(LiveAction.self) { return note } else { return nil } }
    }

    @Test func measuresTheRunItIsGiven() throws {
        let c = Collector()
        let service = LiveService(context: ServiceContext(source: DemoDataSource(), post: { c.post($0) }))
        defer { service.shutdown() }
        let run = try RunLoader.load(path: RunSnapshotTests.samplePath)
        service.perform(.measure(run))
        #expect(c.wait { $0.contains { if case .timeline(let t)? = $0.payload(LiveAction.self) { return t.rounds.count == 7 } else { return false } } })
        // No log configured and no search log on disk: tailing does nothing.
        service.perform(.tailLog(searchLog: nil))
        service.perform(.tailLog(searchLog: "/nonexistent/.workflow_logs/search_eval.log"))
        Thread.sleep(forTimeInterval: 0.1)
        #expect(!c.all.contains { if case .logStarted? = $0.payload(LiveAction.self) { return true } else { return false } })
        // A search log that exists is followed without --eval-log.
        let log = NSTemporaryDirectory() + "ttsdash-search-log-\(UUID().uuidString).log"
        try "round r0007: evaluating\n".write(toFile: log, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: log) }
        service.perform(.tailLog(searchLog: log))
        #expect(c.wait { $0.contains { if case .logStarted(let p)? = $0.payload(LiveAction.self) { return p == log } else { return false } } })
    }

    @Test func followsAppendsTruncationAndRotation() throws {
        let dir = NSTemporaryDirectory() + "ttsdash-log-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/eval.log"
        let c = Collector()
        let follower = LogFollower(path: path, interval: 0.02) { lines, partial, note in
            c.post(.live(.logAppended(lines: lines, partial: partial, note: note)))
        }
        follower.start()
        defer { follower.stop() }
        #expect(c.wait { Self.notes($0).contains { $0.contains("waiting for it") } }, "a missing file is waited for")
        try "one\ntwo\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(c.wait { Self.logLines($0) == ["one", "two"] })
        let h = try #require(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write("three\n 10%|#\r 50%|#####".data(using: .utf8)!)
        try h.close()
        #expect(c.wait { Self.logLines($0) == ["one", "two", "three"] })
        #expect(c.wait { $0.contains { if case .logAppended(_, let p, _)? = $0.payload(LiveAction.self) { return p == " 50%|#####" } else { return false } } },
                "the progress bar's last state is the partial line")
        // Truncated in place (e.g. `> eval.log` again).
        try "".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(c.wait { Self.notes($0).contains { $0.contains("truncated") } })
        let h2 = try #require(FileHandle(forWritingAtPath: path))
        h2.write("fresh\n".data(using: .utf8)!)
        try h2.close()
        #expect(c.wait { Self.logLines($0).last == "fresh" })
        // Rotated: a new file under the name.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try "rotated\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(c.wait { Self.logLines($0).last == "rotated" })
        #expect(c.wait { Self.notes($0).contains { $0.contains("rotated") } })
    }

    @Test func aBigLogOpensAtItsTail() throws {
        let dir = NSTemporaryDirectory() + "ttsdash-log-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/big.log"
        let text = (0..<20_000).map { "progress line \($0)" }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let c = Collector()
        let follower = LogFollower(path: path, interval: 0.02) { lines, partial, note in
            c.post(.live(.logAppended(lines: lines, partial: partial, note: note)))
        }
        follower.start()
        defer { follower.stop() }
        #expect(c.wait { Self.logLines($0).last == "progress line 19999" })
        let lines = Self.logLines(c.all)
        #expect(lines.count < 5000, "only the last 64 KB is read")
        #expect(lines.first.map { $0.hasPrefix("progress line ") } == true, "the first line shown is whole")
        #expect(Self.notes(c.all).contains { $0.contains("last 64 KB") })
    }
}
