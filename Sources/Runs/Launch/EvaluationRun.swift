import Foundation
import ReplayCore

/// Evaluates a plan on loaded stores and writes its result files (CSVs, and trace files when
/// the plan keeps traces) into `out`: what `ttsdash eval --out DIR` does in DIR and a launched
/// round does in its staging folder. Trace chunks are discarded when anything fails or is
/// cancelled, so no trace file is left half-written.
public enum EvaluationRun {
    public static func execute(_ plan: EvaluationPlan, stores: [ReplayStore], out: String, threads: Int,
                               cancel: CancellationFlag?,
                               progress: (@Sendable (EvaluationProgress) -> Void)? = nil,
                               writing: () -> Void = {}) throws -> (results: [ConfigurationResult], files: [String]) {
        let request = EvaluationRequest(stores: stores, configurations: plan.configurations, seeds: plan.seeds, traceSeeds: plan.traceSeeds)
        let traceWriter = plan.traceSeeds > 0 ? TraceFileWriter(out: out, stores: stores) : nil
        defer { traceWriter?.discard() }
        var onTrace: (@Sendable (TraceChunk) -> Void)? = nil
        if let traceWriter { onTrace = { traceWriter.accept($0) } }
        let results = try Evaluator.run(request, threads: max(1, threads), cancel: cancel, progress: progress, traces: onTrace)
        writing()
        var files = try ResultFiles.writeCSVs(results, out: out)
        if let traceWriter { files += try traceWriter.finish() }
        return (results, files)
    }
}
