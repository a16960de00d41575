import Foundation
import ReplayCore
import Runs

/// Performs the Trace feature's effects off the UI thread; results come back through `post`.
/// Work runs on one serial queue (a newer request simply queues behind; the reducer drops stale
/// results by request id). Trace indexes and replay stores are kept once read.
public final class TraceService: FeatureService, @unchecked Sendable {
    let context: ServiceContext
    private let queue = DispatchQueue(label: "ttsdash.trace", qos: .userInitiated)
    private let stores = TraceLoader.StoreCache()
    private var indexes: [String: TraceIndex] = [:]
    private let lock = NSLock()

    public init(context: ServiceContext) { self.context = context }

    public func perform(_ effect: TraceEffect) {
        switch effect {
        case .loadQuestions(let r):
            queue.async { [self] in
                let list: TraceQuestionList
                if let path = r.tracePath {
                    do {
                        list = TraceLoader.questions(index: try index(path), description: r.target.description,
                                                    seed: r.target.seed, exact: r.target.exact,
                                                    storesDirectories: r.storesDirectories, stores: stores)
                    } catch {
                        list = .failed(path, String(describing: error))
                    }
                } else {
                    list = .failed("", r.missingReason ?? "no trace file")
                }
                context.post(.trace(.questionsLoaded(request: r.id, list)))
            }
        case .loadTimeline(let r, let question):
            queue.async { [self] in
                guard let path = r.tracePath else {
                    context.post(.trace(.timelineLoaded(request: r.id, question: question, nil, error: r.missingReason ?? "no trace file")))
                    return
                }
                do {
                    let idx = try index(path)
                    guard let d = TraceLoader.descriptionIndex(idx, r.target.description),
                          let seed = r.target.seed ?? idx.keys(description: d).seeds.first,
                          let record = try idx.fetch(description: d, seed: seed, question: question) else {
                        context.post(.trace(.timelineLoaded(request: r.id, question: question, nil, error: "the trace file has no row for it")))
                        return
                    }
                    let t = TraceLoader.timeline(record: record, storesDirectories: r.storesDirectories, stores: stores)
                    context.post(.trace(.timelineLoaded(request: r.id, question: question, t, error: nil)))
                } catch {
                    context.post(.trace(.timelineLoaded(request: r.id, question: question, nil, error: String(describing: error))))
                }
            }
        }
    }

    /// The file's index, re-opened when the file changed (the cache catches up on growth).
    private func index(_ path: String) throws(TraceIndexError) -> TraceIndex {
        lock.lock()
        let known = indexes[path]
        lock.unlock()
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? nil
        if let known, known.fileSize == size { return known }
        let fresh = try TraceIndex.open(path: path)
        lock.lock()
        indexes[path] = fresh
        lock.unlock()
        return fresh
    }
}
