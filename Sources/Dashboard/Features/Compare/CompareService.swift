import Foundation
import ReplayCore
import Runs

/// Performs the Compare feature's effects off the UI thread; results come back through `post`.
/// The work itself is `run(_:)`, synchronous, so tests drive it without threads.
public final class CompareService: FeatureService, @unchecked Sendable {
    let context: ServiceContext
    private let queue = DispatchQueue(label: "ttsdash.compare", qos: .userInitiated)
    /// Cancels a running replay on exit.
    private let cancel = CancellationFlag()
    /// Replay stores read for flip timelines, kept for the session.
    static let stores = TraceLoader.StoreCache()

    public init(context: ServiceContext) { self.context = context }

    public func perform(_ effect: CompareEffect) {
        let post = context.post
        let cancel = self.cancel
        queue.async {
            if cancel.isCancelled { return }
            for action in Self.run(effect, cancel: cancel) { post(action) }
        }
    }

    public func shutdown() { cancel.cancel() }

    /// Performs one effect and returns the actions that report its result.
    public static func run(_ effect: CompareEffect, cancel: CancellationFlag? = nil) -> [Action] {
        switch effect {
        case let .replayReference(key, paths, backbone, benchmark, root):
            let ref = MajorityReference.compute(storePaths: paths, backbone: backbone, benchmark: benchmark, root: root, cancel: cancel)
            return [.compare(.referenceReady(key: key, ref))]
        case let .loadFlips(key, old, new, configuration):
            do {
                let a = try old.openIndex(), b = try new.openIndex()
                let shared = QuestionFlips.sharedConfigurations(a, b)
                guard !shared.isEmpty else {
                    return [.compare(.flipsFailed(key, "\(key.old) and \(key.new) have no configuration in common in their traces on \(key.backbone) / \(key.benchmark)"))]
                }
                let i = configuration.flatMap { c in shared.firstIndex { $0.label == c } } ?? preferredConfiguration(shared.map(\.label))
                let flips = QuestionFlips.compare(try QuestionFlips.outcomes(a, description: shared[i].a, cancelled: { cancel?.isCancelled ?? false }),
                                                  try QuestionFlips.outcomes(b, description: shared[i].b, cancelled: { cancel?.isCancelled ?? false }))
                return [.compare(.flipsLoaded(key, configurations: shared.map(\.label), configuration: i, flips))]
            } catch let e as TraceIndexError {
                return [.compare(.flipsFailed(key, e.description))]
            } catch {
                return [.compare(.flipsFailed(key, "\(error)"))]
            }
        case let .loadFlipDetail(key, old, new, configuration, seed, question, storesDirectories):
            do {
                var rows: [FlipRowSummary] = []
                var timelines: [QuestionTimeline] = []
                for (label, ref) in [(key.old, old), (key.new, new)] {
                    let index = try ref.openIndex()
                    guard let d = QuestionFlips.sharedConfigurations(index, index).first(where: { $0.label == configuration })?.a,
                          let record = try index.fetch(description: d, seed: seed, question: question) else {
                        return [.compare(.flipDetailFailed(key, "\(label): no row for \(configuration), seed \(seed), question \(Format.question(question))"))]
                    }
                    rows.append(FlipRowSummary(side: label, record: record))
                    timelines.append(TraceLoader.timeline(record: record, storesDirectories: storesDirectories, stores: stores))
                }
                return [.compare(.flipDetailLoaded(key, rows, timelines: timelines))]
            } catch {
                return [.compare(.flipDetailFailed(key, "\(error)"))]
            }
        }
    }

    /// The configuration flips open on: β = 0.5 when there is one (the middle operating point),
    /// else the first.
    static func preferredConfiguration(_ labels: [String]) -> Int {
        labels.firstIndex(of: "beta=0.5") ?? 0
    }
}
