/// ESC: read whole branches in windows of W; stop at the first window whose answers all agree.
public struct EarlyStoppingConsistency: Controller {
    public static let definition = ControllerDefinition(
        key: "esc", aliases: ["escmethod"],
        methodName: "ESCMethod", descriptionName: "esc",
        summary: "early-stopping self-consistency: stop at the first unanimous window",
        parameters: [
            ParameterSpec("max_samples", .int, default: .int(64), range: 1...4096),
            ParameterSpec("window_size", .int, default: .int(8), range: 1...4096),
        ],
        make: { EarlyStoppingConsistency(configuration: $0) })

    public let configuration: ControllerConfiguration
    let maxSamples: Int
    let windowSize: Int

    public init(configuration: ControllerConfiguration) {
        self.configuration = configuration
        maxSamples = configuration.int("max_samples")
        windowSize = configuration.int("window_size")
    }

    public func solve(_ env: inout ReplayEnvironment, trace: inout TraceRecorder) -> AnswerID? {
        trace.add(event: "start", goal: "initialize esc run", input: ["question": .string(questionPlaceholder(env))],
                  output: "initialized",
                  state: ["max_samples": .int(maxSamples), "window_size": .int(windowSize), "all_candidates_n": 0],
                  decision: "start windowed sampling")
        let windows = windowSize > 0 ? maxSamples / windowSize : 0
        trace.add(event: "plan_windows", goal: "compute sampling windows",
                  input: ["max_samples": .int(maxSamples), "window_size": .int(windowSize)],
                  output: ["num_windows": .int(windows)], state: ["all_candidates_n": 0],
                  decision: "iterate fixed number of windows")
        var pool: [AnswerID] = []
        pool.reserveCapacity(maxSamples)
        var windowsUsed = 0
        for w in 0..<windows {
            trace.add(event: "window_start", goal: "collect one sampling window", input: ["window_idx": .int(w)],
                      output: .null, state: ["window_n": 0, "all_candidates_n": .int(pool.count)],
                      decision: "read up to window_size full answers")
            let windowStart = pool.count
            for r in 0..<windowSize {
                guard let a = env.fullRead() else { break }
                pool.append(a)
                trace.add(event: "window_read", goal: "read full answer",
                          input: ["window_idx": .int(w), "read_idx": .int(r)], output: ["answer": env.text(a)],
                          state: ["window_n": .int(pool.count - windowStart), "all_candidates_n": .int(pool.count)],
                          decision: "continue reading current window")
            }
            let window = pool[windowStart...]
            if window.isEmpty { continue }
            windowsUsed += 1
            let first = window.first!
            let unanimous = window.allSatisfy { $0 == first }
            trace.add(event: "window_evaluate", goal: "check early stop by unanimity",
                      input: ["window_answers": .array(window.map { env.text($0) })],
                      output: ["window_candidates": .array(window.map { env.text($0) }), "unanimous": .bool(unanimous)],
                      state: ["window_n": .int(window.count), "all_candidates_n": .int(pool.count)],
                      decision: "if unanimous then return current_window[0] else continue")
            if unanimous {
                trace.add(event: "finish", goal: "return final answer",
                          input: ["all_candidates_n": .int(pool.count), "stop_window_idx": .int(w)],
                          output: ["answer": env.text(first), "stop_reason": "window_unanimity"],
                          state: ["all_candidates_n": .int(pool.count), "windows_used": .int(windowsUsed)],
                          decision: "early stop: unanimous window")
                return first
            }
        }
        let winner = env.tally.majority(pool)
        trace.add(event: "finish", goal: "return final answer", input: ["all_candidates": .array(pool.map { env.text($0) })],
                  output: ["answer": env.text(winner), "stop_reason": "max_windows_or_exhausted"],
                  state: ["all_candidates_n": .int(pool.count), "windows_used": .int(windowsUsed)],
                  decision: "fallback to majority vote")
        return winner
    }
}
