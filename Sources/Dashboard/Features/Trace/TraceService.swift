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
    /// Re-runs rows a round's files lack (a warm Python worker for method.py rounds).
    private let replayer = RoundReplayer()
    /// Rows replayed on demand, by target and seed (only touched on `queue`).
    private var replayed: [ReplayKey: [TraceRecord]] = [:]

    struct ReplayKey: Hashable {
        var round: String, backbone: String, benchmark: String, description: String, seed: Int
    }

    /// Set when the app closes: a replay in progress gives up at once.
    private let closing = CancellationFlag()

    public init(context: ServiceContext) { self.context = context }

    /// Ends a replay in progress and the warm Python worker.
    public func shutdown() {
        closing.cancel()
        queue.sync { replayer.stop() }
    }

    public func perform(_ effect: TraceEffect) {
        switch effect {
        case .loadQuestions(let r):
            queue.async { [self] in
                var list: TraceQuestionList
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
                // Never a dead end: rows the file lacks are replayed with the round's controller.
                if list.questions.isEmpty, let source = r.replay {
                    list = replayedList(r, source, why: list.error ?? "no rows")
                }
                context.post(.trace(.questionsLoaded(request: r.id, list)))
            }
        case .loadTimeline(let r, let question):
            queue.async { [self] in
                if let source = r.replay, let record = replayedRecord(r, source, question: question) {
                    let t = TraceLoader.timeline(record: record, storesDirectories: [source.storesDirectory], stores: stores)
                    context.post(.trace(.timelineLoaded(request: r.id, question: question, t, error: nil)))
                    return
                }
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

    private func key(_ r: TraceRequest, seed: Int) -> ReplayKey {
        ReplayKey(round: r.target.roundID, backbone: r.target.backbone, benchmark: r.target.benchmark,
                  description: r.target.description, seed: seed)
    }

    /// The target's questions replayed for its seed (the first seed when none is chosen).
    private func replayedList(_ r: TraceRequest, _ source: TraceReplaySource, why: String) -> TraceQuestionList {
        let seed = r.target.seed ?? 0
        do {
            let out = try replayer.replay(source.controller, storesDirectory: source.storesDirectory,
                                          backbone: r.target.backbone, benchmark: r.target.benchmark, seed: seed,
                                          cancelled: { [closing] in closing.isCancelled })
            replayed[key(r, seed: seed)] = out.records
            return TraceQuestionList(tracePath: "", description: r.target.description, seeds: Array(0..<source.seeds), seed: seed,
                                     questions: out.records.map(TraceLoader.summary), notes: ["\(why): \(out.note)"])
        } catch {
            return .failed("", "\(why); replaying it failed: \(error)")
        }
    }

    /// A replayed row for the question, when the target's rows were replayed (again if needed).
    private func replayedRecord(_ r: TraceRequest, _ source: TraceReplaySource, question: Int) -> TraceRecord? {
        let seed = r.target.seed ?? 0
        if let rows = replayed[key(r, seed: seed)] { return rows.first { $0.questionIndex == question } }
        guard r.tracePath == nil else { return nil }   // rows come from the file
        _ = replayedList(r, source, why: "no trace file")
        return replayed[key(r, seed: seed)]?.first { $0.questionIndex == question }
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
