import Foundation
import Testing
@testable import Dashboard
import Runs

/// The launch service on a copy of the sample run: jobs run off the calling thread, report
/// throttled progress, and leave a round, or nothing at all when cancelled or shut down.
@Suite("Launch service", .serialized)
struct LaunchServiceTests {
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Action] = []
        func post(_ a: Action) { lock.lock(); items.append(a); lock.unlock() }
        var actions: [Action] { lock.lock(); defer { lock.unlock() }; return items }

        /// Waits until an action matches (or `timeout` passes).
        func wait(timeout: Double = 120, _ match: (Action) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if actions.contains(where: match) { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return false
        }
    }

    final class RunCopy {
        let dir: String
        var run: String { dir + "/run" }
        var history: String { run + "/code_base/history" }
        init() throws {
            dir = NSTemporaryDirectory() + "ttsdash-launch-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: RunSnapshotTests.samplePath, toPath: run)
        }
        deinit { try? FileManager.default.removeItem(atPath: dir) }
        var historyNames: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: history)) ?? []).sorted() }
    }

    static func service(_ copy: RunCopy, _ collector: Collector) -> LaunchService {
        LaunchService(context: ServiceContext(source: RunDataSource(path: copy.run), post: { collector.post($0) }))
    }

    static func request(_ copy: RunCopy, seeds: Int, controllers: [String] = ["cmc:beta=0:1:0.1"]) -> LaunchRequest {
        LaunchRequest(run: copy.run, controllers: controllers, seeds: seeds, roundName: nil, clash: .nextFree, threads: 2)
    }

    @Test("a job reports its stages and progress, then the new round")
    func runsAJob() throws {
        let copy = try RunCopy()
        let collector = Collector()
        let service = Self.service(copy, collector)
        let started = Date()
        service.perform(.start(id: 1, request: Self.request(copy, seeds: 20)))
        #expect(collector.wait { if case .jobFinished(id: 1, _, _)? = $0.payload(LaunchAction.self) { return true }; return false }, "\(collector.actions)")
        let seconds = Date().timeIntervalSince(started)
        let actions = collector.actions.compactMap { a -> LaunchAction? in a.payload(LaunchAction.self) }
        guard case .jobAccepted(1, let roundID) = actions.first else { Issue.record("first: \(actions)"); return }
        #expect(roundID.hasPrefix("r0007_"))
        #expect(actions.contains(.jobStage(id: 1, .loadingStores)) && actions.contains(.jobStage(id: 1, .evaluating)) && actions.contains(.jobStage(id: 1, .writing)))
        let progress = actions.compactMap { a -> JobProgress? in if case .jobProgress(1, let p) = a { return p }; return nil }
        #expect(!progress.isEmpty)
        #expect(progress.last?.runsDone == progress.last?.runsTotal, "the last report is the finished count")
        #expect(progress.last?.runsTotal == 3 * 11 * 20 * 20)   // stores x configurations x seeds x questions
        // Throttled: about ten a second at most (plus the final one).
        #expect(Double(progress.count) <= seconds * 10 + 2, "\(progress.count) reports in \(seconds) s")
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.runsDone <= $1.runsDone })
        #expect(copy.historyNames.contains(roundID))
        #expect(!copy.historyNames.contains { $0.hasPrefix(RoundStaging.prefix) })
    }

    @Test("cancel: no round, no staging folder")
    func cancels() throws {
        let copy = try RunCopy()
        let before = copy.historyNames
        let collector = Collector()
        let service = Self.service(copy, collector)
        service.perform(.start(id: 1, request: Self.request(copy, seeds: 2000, controllers: ["cmc:beta=0:1:0.05"])))
        #expect(collector.wait { if case .jobProgress(id: 1, _)? = $0.payload(LaunchAction.self) { return true }; return false })
        service.perform(.cancel(id: 1))
        #expect(collector.wait { $0 == .launch(.jobCancelled(id: 1)) }, "\(collector.actions.suffix(3))")
        #expect(!collector.actions.contains { if case .jobFinished? = $0.payload(LaunchAction.self) { return true }; return false })
        #expect(copy.historyNames == before)
    }

    @Test("shutdown cancels running and queued jobs and waits for their clean-up")
    func shutdown() throws {
        let copy = try RunCopy()
        let before = copy.historyNames
        let collector = Collector()
        let service = Self.service(copy, collector)
        service.perform(.start(id: 1, request: Self.request(copy, seeds: 2000, controllers: ["cmc:beta=0:1:0.05"])))
        service.perform(.start(id: 2, request: Self.request(copy, seeds: 50)))
        #expect(collector.wait { if case .jobProgress(id: 1, _)? = $0.payload(LaunchAction.self) { return true }; return false })
        #expect(service.isBusy)
        service.shutdown()
        #expect(!service.isBusy)
        #expect(copy.historyNames == before)
        #expect(collector.actions.contains(.launch(.jobCancelled(id: 1))))
        #expect(collector.actions.contains(.launch(.jobCancelled(id: 2))))
    }

    @Test("the stores scan lists backbones and benchmarks, or says what is wrong")
    func scan() throws {
        let copy = try RunCopy()
        let ok = LaunchService.scan(copy.run + "/code_base/environment")
        #expect(ok == .storesScanned(path: copy.run + "/code_base/environment",
                                     entries: ["Synth-L", "Synth-M", "Synth-S"].map { StoreEntry(backbone: $0, benchmarks: ["synth-search"]) }, error: nil))
        guard case .storesScanned(_, _, let error?) = LaunchService.scan(copy.run + "/nope") else { Issue.record("no error"); return }
        #expect(error.hasSuffix("/nope: no such folder"))
        guard case .storesScanned(_, _, let e2?) = LaunchService.scan(copy.run + "/code_base/training_results") else { Issue.record("no error"); return }
        #expect(e2.contains("no replay stores"))
        #expect(LaunchService.nextRoundName(run: copy.run) == "r0007_<date>_<time>_<hex>")
    }
}
