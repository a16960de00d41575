/// ASC: read whole branches one at a time; stop as soon as the Beta-majority confidence of the
/// answers so far exceeds the threshold.
public struct AdaptiveConsistency: Controller {
    public static let definition = ControllerDefinition(
        key: "asc", aliases: ["ascmethod"],
        methodName: "ASCMethod", descriptionName: "asc",
        summary: "adaptive self-consistency: stop when Beta confidence > threshold",
        parameters: [
            ParameterSpec("max_samples", .int, default: .int(64), range: 1...4096),
            ParameterSpec("threshold", .float, default: .float(0.95), range: 0...1),
        ],
        make: { AdaptiveConsistency(configuration: $0) })

    public let configuration: ControllerConfiguration
    let maxSamples: Int
    let threshold: Double

    public init(configuration: ControllerConfiguration) {
        self.configuration = configuration
        maxSamples = configuration.int("max_samples")
        threshold = configuration.double("threshold")
    }

    public func solve(_ env: inout ReplayEnvironment, trace: inout TraceRecorder) -> AnswerID? {
        trace.add(event: "start", goal: "initialize asc run", input: ["question": .string(questionPlaceholder(env))],
                  output: "initialized",
                  state: ["max_samples": .int(maxSamples), "threshold": .double(threshold), "all_candidates_n": 0],
                  decision: "start sequential sampling with confidence stop")
        var answers: [AnswerID] = []
        answers.reserveCapacity(maxSamples)
        var vote = env.tally.growing()
        defer { vote.end() }
        for i in 0..<maxSamples {
            guard let answer = readFull(&env, &trace, into: &answers, sampleIndex: i, decision: "continue until confidence threshold is met") else { break }
            vote.add(answer)
            if answers.count < 2 {
                trace.event("confidence_skip", goal: "compute confidence for early stop",
                            input: { $0.object { $0.field("sample_idx", i); $0.field("all_candidates_n", answers.count) } },
                            output: { $0.null() }, state: { $0.object { $0.field("all_candidates_n", answers.count) } },
                            decision: "need at least 2 samples to compare top votes")
                continue
            }
            let stats = vote.stats
            let confidence = BetaConfidence.value(top1: stats.top1, top2: stats.top2)
            if trace.enabled {
                let counts = env.tally.counts(answers)
                trace.event("confidence_check", goal: "compute confidence for early stop",
                            input: { $0.object { o in o.key("all_candidates"); o.array { a in for x in answers { a.string(env.text(x)) } } } },
                            output: { $0.object { o in
                                o.field("winner", env.question.answerText(stats.winner))
                                o.key("counts"); o.object { c in for (id, n) in counts { c.key(text: env.text(id)); c.int(n) } }
                                o.field("top1", stats.top1); o.field("top2", stats.top2)
                                o.field("confidence", confidence); o.field("threshold", threshold) } },
                            state: { $0.object { $0.field("all_candidates_n", answers.count) } },
                            decision: "early stop if confidence > threshold")
            }
            if confidence > threshold {
                trace.add(event: "finish", goal: "return final answer", input: ["all_candidates_n": .int(answers.count)],
                          output: ["answer": env.text(stats.winner), "stop_reason": "confidence_threshold"],
                          state: ["all_candidates_n": .int(answers.count)], decision: "stop early by confidence gate")
                return stats.winner
            }
        }
        return finishByMajority(&env, &trace, answers, decision: "fallback to majority vote")
    }
}

/// What SC and ASC do each step: read the next branch in full into `answers`, with the
/// reference's `read` event; nil when every branch is open.
@inline(__always)
func readFull(_ env: inout ReplayEnvironment, _ trace: inout TraceRecorder, into answers: inout [AnswerID],
              sampleIndex i: Int, decision: StaticString) -> AnswerID? {
    guard let a = env.fullRead() else { return nil }
    answers.append(a)
    trace.event("read", goal: "read next candidate answer", input: { $0.object { $0.field("sample_idx", i) } },
                output: { $0.object { $0.field("answer", env.text(a)) } },
                state: { $0.object { $0.field("all_candidates_n", answers.count) } },
                decision: decision)
    return a
}

/// How SC ends, and ASC when its gate never fired: the majority of the answers read, with the
/// reference's `finish` event.
func finishByMajority(_ env: inout ReplayEnvironment, _ trace: inout TraceRecorder, _ answers: [AnswerID],
                      decision: String) -> AnswerID? {
    let winner = env.tally.majority(answers)
    trace.add(event: "finish", goal: "return final answer",
              input: ["all_candidates": .array(answers.map { env.text($0) })],
              output: ["answer": env.text(winner), "stop_reason": "max_samples_or_exhausted"],
              state: ["all_candidates_n": .int(answers.count)], decision: decision)
    return winner
}

/// The reference writes a Python object address for the question in `start` events; we write a
/// stable stand-in (readers comparing with the reference ignore this one field).
func questionPlaceholder(_ env: borrowing ReplayEnvironment) -> String {
    "<replay question: \(env.question.branchCount) branches>"
}
