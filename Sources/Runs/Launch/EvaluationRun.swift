import ControllerHost
import Foundation
import ReplayCore

/// Evaluates a plan on loaded stores and writes its result files (CSVs, and trace files when
/// the plan keeps traces) into `out`: what `ttsdash eval --out DIR` does in DIR and a launched
/// round does in its staging folder. Built-in controllers run on the embedded core; a plan with
/// a `method.py` runs in the controller host's Python workers. Trace chunks are discarded when
/// anything fails or is cancelled, so no trace file is left half-written.
public enum EvaluationRun {
    public struct Outcome: Sendable {
        public var results: [ConfigurationResult]
        public var files: [String]
        /// `method.py` configurations that raised or timed out: no row, as the reference.
        public var failures: [HostedFailure]
    }

    public static func execute(_ plan: EvaluationPlan, stores: [ReplayStore], storesDirectory: String, out: String,
                               threads: Int, cancel: CancellationFlag?,
                               progress: (@Sendable (EvaluationProgress) -> Void)? = nil,
                               writing: () -> Void = {}) throws -> Outcome {
        let traceWriter = plan.traceSeeds > 0 ? TraceFileWriter(out: out, stores: stores) : nil
        defer { traceWriter?.discard() }
        var results: [ConfigurationResult]
        var failures: [HostedFailure] = []
        if let method = plan.method {
            let hosted = HostedRequest(
                method: method.path,
                stores: stores.map { HostedStore(backbone: $0.backbone, benchmark: $0.benchmark,
                                                 path: ReplayStore.path(storesDirectory: storesDirectory, backbone: $0.backbone, benchmark: $0.benchmark),
                                                 questionCount: $0.questions.count) },
                configurations: method.configurations, seeds: plan.seeds, traceSeeds: plan.traceSeeds, timeout: method.timeout)
            let outcome = try HostedEvaluator.run(hosted, workers: max(1, threads), cancel: cancel, progress: progress, traces: traceWriter)
            results = outcome.results
            failures = outcome.failures
        } else {
            let request = EvaluationRequest(stores: stores, configurations: plan.configurations, seeds: plan.seeds, traceSeeds: plan.traceSeeds)
            var onTrace: (@Sendable (TraceChunk) -> Void)? = nil
            if let traceWriter { onTrace = { traceWriter.accept($0) } }
            results = try Evaluator.run(request, threads: max(1, threads), cancel: cancel, progress: progress, traces: onTrace)
        }
        writing()
        var files = try ResultFiles.writeCSVs(results, out: out)
        if let traceWriter { files += try traceWriter.finish() }
        return Outcome(results: results, files: files, failures: failures)
    }
}
