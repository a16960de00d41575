/// SC@N: read up to N whole branches and return the majority answer.
public struct MajorityVote: Controller {
    public static let definition = ControllerDefinition(
        key: "sc", aliases: ["majority_vote", "majority", "self_consistency"],
        methodName: "MajorityVoteMethod", descriptionName: "majority_vote",
        summary: "self-consistency: read N whole branches, majority vote",
        parameters: [ParameterSpec("max_samples", .int, default: .int(64), range: 1...4096)],
        make: { MajorityVote(configuration: $0) })

    public let configuration: ControllerConfiguration
    let maxSamples: Int

    public init(configuration: ControllerConfiguration) {
        self.configuration = configuration
        maxSamples = configuration.int("max_samples")
    }

    public func solve(_ env: inout ReplayEnvironment, trace: inout TraceRecorder) -> AnswerID? {
        trace.add(event: "start", goal: "initialize majority vote run", input: ["max_samples": .int(maxSamples)],
                  output: "initialized", state: ["all_candidates_n": 0], decision: "read max_samples full answers")
        var answers: [AnswerID] = []
        answers.reserveCapacity(maxSamples)
        for i in 0..<maxSamples {
            if readFull(&env, &trace, into: &answers, sampleIndex: i, decision: "continue until max_samples") == nil { break }
        }
        return finishByMajority(&env, &trace, answers, decision: "majority vote")
    }
}
