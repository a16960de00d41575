import Foundation
import ReplayCore
import Runs

/// Runs launch jobs off the UI thread, one at a time in the order started (they would only
/// share the same cores), and reports back through `post`: progress at most ten times a
/// second so the UI stays smooth. `shutdown` cancels every job and waits briefly so a
/// cancelled job has removed its staging folder before the process exits.
public final class LaunchService: FeatureService, @unchecked Sendable {
    let context: ServiceContext
    private let queue = DispatchQueue(label: "ttsdash.launch", qos: .utility)
    private let lock = NSLock()
    private var flags: [Int: CancellationFlag] = [:]
    private var running = 0
    private let idle = NSCondition()
    /// Minimum seconds between two progress actions of a job.
    let progressInterval: Double

    public init(context: ServiceContext, progressInterval: Double = 0.1) {
        self.context = context
        self.progressInterval = progressInterval
    }

    public func perform(_ effect: LaunchEffect) {
        switch effect {
        case .scanStores(let path, let run):
            DispatchQueue.global(qos: .userInitiated).async { [context] in
                context.post(.launch(Self.scan(path)))
                if let run, let name = Self.nextRoundName(run: run) { context.post(.launch(.nextRoundName(name))) }
            }
        case .start(let id, let request):
            let flag = CancellationFlag()
            lock.lock(); flags[id] = flag; lock.unlock()
            idle.lock(); running += 1; idle.unlock()
            queue.async { [self] in
                defer {
                    lock.lock(); flags[id] = nil; lock.unlock()
                    idle.lock(); running -= 1; idle.broadcast(); idle.unlock()
                }
                execute(id: id, request: request, cancel: flag)
            }
        case .cancel(let id):
            lock.lock(); let flag = flags[id]; lock.unlock()
            flag?.cancel()
        }
    }

    /// Cancels every job and waits (up to `timeout` seconds) for them to clean up.
    public func shutdown() { shutdown(timeout: 3) }

    public func shutdown(timeout: Double) {
        lock.lock(); let all = Array(flags.values); lock.unlock()
        all.forEach { $0.cancel() }
        let deadline = Date().addingTimeInterval(timeout)
        idle.lock()
        while running > 0 && Date() < deadline { _ = idle.wait(until: deadline) }
        idle.unlock()
    }

    /// True while any job is queued or running.
    public var isBusy: Bool {
        idle.lock(); defer { idle.unlock() }
        return running > 0
    }

    func execute(id: Int, request: LaunchRequest, cancel: CancellationFlag) {
        let post = context.post
        if cancel.isCancelled { return post(.launch(.jobCancelled(id: id))) }
        let prepared: PreparedLaunch
        do { prepared = try RoundLauncher.prepare(request) } catch {
            return post(.launch(.jobRejected(id: id, message: error.description, part: error.part)))
        }
        post(.launch(.jobAccepted(id: id, roundID: prepared.roundID)))
        let throttle = ProgressThrottle(interval: progressInterval)
        do {
            let outcome = try RoundLauncher.run(prepared, cancel: cancel, stage: { stage in
                switch stage {
                case .loadingStores: post(.launch(.jobStage(id: id, .loadingStores)))
                case .evaluating: post(.launch(.jobStage(id: id, .evaluating)))
                case .writing: post(.launch(.jobStage(id: id, .writing)))
                }
            }, progress: { p in
                guard throttle.shouldSend(final: p.completedRuns >= p.totalRuns) else { return }
                post(.launch(.jobProgress(id: id, JobProgress(configurationsDone: p.completedConfigurations, configurationsTotal: p.totalConfigurations,
                                                              runsDone: p.completedRuns, runsTotal: p.totalRuns, elapsed: p.elapsed))))
            })
            post(.launch(.jobFinished(id: id, roundID: outcome.roundID, seconds: outcome.seconds)))
        } catch is EvaluationCancelled {
            post(.launch(.jobCancelled(id: id)))
        } catch {
            post(.launch(.jobFailed(id: id, message: "\(error)")))
        }
    }

    static func scan(_ path: String) -> LaunchAction {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            return .storesScanned(path: path, entries: [], error: "\(path): no such folder")
        }
        guard isDir.boolValue else { return .storesScanned(path: path, entries: [], error: "\(path): not a folder") }
        let catalog = ReplayStore.catalog(storesDirectory: path)
        if catalog.isEmpty {
            return .storesScanned(path: path, entries: [], error: "\(path): no replay stores (<backbone>/<benchmark>.json) found")
        }
        return .storesScanned(path: path, entries: catalog.map { StoreEntry(backbone: $0.backbone, benchmarks: $0.benchmarks) }, error: nil)
    }

    /// The id an automatic round would get now (for the form's placeholder).
    static func nextRoundName(run: String) -> String? {
        guard let layout = try? RunLocator.locate(run) else { return nil }
        let history = RoundStaging.historyFolder(for: layout)
        let existing = RoundStaging.existingRoundIDs(layout: layout, history: history)
        // The time stamp is taken when the job starts; show its shape, not a time that will not be used.
        guard let id = try? RoundNamer.resolve(nil, existing: existing, policy: .nextFree),
              let index = id.split(separator: "_").first else { return nil }
        return "\(index)_<date>_<time>_<hex>"
    }
}

/// Lets through at most one progress report per interval (and always the last one).
final class ProgressThrottle: @unchecked Sendable {
    private let lock = NSLock()
    private var last = DispatchTime(uptimeNanoseconds: 0)
    private let interval: UInt64

    init(interval: Double) { self.interval = UInt64(max(0, interval) * 1e9) }

    func shouldSend(final: Bool) -> Bool {
        lock.lock(); defer { lock.unlock() }
        let now = DispatchTime.now()
        if !final && now.uptimeNanoseconds &- last.uptimeNanoseconds < interval && last.uptimeNanoseconds != 0 { return false }
        last = now
        return true
    }
}
