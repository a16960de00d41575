import Foundation
import Runs

/// Performs the Live feature's effects off the UI thread: measures phase times after each
/// load (only the newest run waiting is measured) and tails the evaluator log.
public final class LiveService: FeatureService, @unchecked Sendable {
    let context: ServiceContext
    private let queue = DispatchQueue(label: "ttsdash.live.measure", qos: .utility)
    private let lock = NSLock()
    private var pending: Run?
    private var measuring = false
    private var follower: LogFollower?

    public init(context: ServiceContext) { self.context = context }

    public func perform(_ effect: LiveEffect) {
        switch effect {
        case .measure(let run):
            let start = lock.withLock { () -> Bool in
                pending = run
                if measuring { return false }
                measuring = true
                return true
            }
            if start { queue.async { [self] in drain() } }
        case .tailLog(let searchLog):
            guard let path = context.evalLog ?? searchLog.flatMap({ FileManager.default.fileExists(atPath: $0) ? $0 : nil }) else { return }
            let f = lock.withLock { () -> LogFollower? in
                if follower != nil { return nil }
                let post = context.post
                let f = LogFollower(path: path) { lines, partial, note in
                    post(.live(.logAppended(lines: lines, partial: partial, note: note)))
                }
                follower = f
                return f
            }
            guard let f else { return }
            context.post(.live(.logStarted(path: path)))
            f.start()
        }
    }

    private func drain() {
        while true {
            let run = lock.withLock { () -> Run? in
                let r = pending
                pending = nil
                if r == nil { measuring = false }
                return r
            }
            guard let run else { return }
            context.post(.live(.timeline(RunTimeline.make(run: run))))
        }
    }

    public func shutdown() {
        lock.withLock { follower }?.stop()
    }
}
