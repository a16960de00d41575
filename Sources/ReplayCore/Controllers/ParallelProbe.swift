/// Parallel-Probe: open a cohort of branches, advance them all one interval per step, vote
/// among their latest answers, prune branches that keep disagreeing after a warm-up, and stop
/// when the winner has been stable for T steps or every branch is done.
public struct ParallelProbe: Controller {
    public static let definition = ControllerDefinition(
        key: "pp", aliases: ["parallel_probe", "parallel-probe"],
        methodName: "Parallel_Probe", descriptionName: "Parallel_Probe",
        summary: "Parallel-Probe: cohort probing, off-track pruning, stable-majority stop",
        parameters: [
            ParameterSpec("num_chains", .int, default: .int(64), range: 1...4096),
            ParameterSpec("K", .int, default: .int(5), range: 0...4096, recordedOnly: true),
            ParameterSpec("T", .int, default: .int(40), range: 1...100_000),
            ParameterSpec("eps_inter", .float, default: .float(5.0), range: 0...1e9, recordedOnly: true),
            ParameterSpec("eps_intra", .float, default: .float(5.0), range: 0...1e9, recordedOnly: true),
            ParameterSpec("prune_patience", .int, default: .int(7), range: 1...100_000),
            ParameterSpec("warm_up", .int, default: .int(15), range: 0...100_000),
            ParameterSpec("probe_burst", .int, default: .int(1), range: 1...1000),
            ParameterSpec("max_steps", .int, default: .int(100), range: 1...100_000),
        ],
        make: { ParallelProbe(configuration: $0) })

    public let configuration: ControllerConfiguration
    let numChains: Int, K: Int, T: Int, warmUp: Int, prunePatience: Int, probeBurst: Int, maxSteps: Int

    public init(configuration: ControllerConfiguration) {
        self.configuration = configuration
        numChains = configuration.int("num_chains")
        K = configuration.int("K")
        T = configuration.int("T")
        warmUp = configuration.int("warm_up")
        prunePatience = configuration.int("prune_patience")
        probeBurst = configuration.int("probe_burst")
        maxSteps = configuration.int("max_steps")
    }

    public func solve(_ env: inout ReplayEnvironment, trace: inout TraceRecorder) -> AnswerID? {
        trace.add(event: "start", goal: "initialize parallel probe run", input: ["question": .string(questionPlaceholder(env))],
                  output: "initialized",
                  state: ["num_chains": .int(numChains), "K": .int(K), "T": .int(T), "warm_up": .int(warmUp),
                          "prune_patience": .int(prunePatience), "probe_burst": .int(probeBurst), "max_steps": .int(maxSteps)],
                  decision: "spawn chains then loop forward / majority / prune / terminate")
        let capacity = max(1, min(numChains, env.branchCount))
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity * 6) { raw in
            raw.initialize(repeating: 0)
            return run(&env, &trace, raw.baseAddress!, capacity)
        }
    }

    /// The loop after the `start` event, on preallocated branch state (struct-of-arrays in
    /// opening order; flags are 0/1).
    private func run(_ env: inout ReplayEnvironment, _ trace: inout TraceRecorder, _ base: UnsafeMutablePointer<Int32>, _ capacity: Int) -> AnswerID? {
        let index = base, latest = base + capacity, finished = base + 2 * capacity, pruned = base + 3 * capacity
        let offTrack = base + 4 * capacity, activeAnswers = base + 5 * capacity
        var opened = 0
        for _ in 0..<numChains {
            guard let o = env.open() else { break }
            index[opened] = Int32(truncatingIfNeeded: o.index)
            latest[opened] = o.answer
            finished[opened] = o.finished ? 1 : 0
            opened += 1
        }
        let n = opened
        trace.add(event: "init_branches", goal: "spawn initial probe branches", input: ["num_chains_requested": .int(numChains)],
                  output: ["n_branches": .int(n),
                           "branches": .array((0..<n).map { ["index": .int(Int(index[$0])), "finished": .bool(finished[$0] != 0), "pruned": false] })],
                  state: ["n_branches": .int(n)], decision: "continue main loop if any branch exists")
        if n == 0 {
            trace.add(event: "finish", goal: "return final answer", input: ["step": 0],
                      output: ["answer": .null, "stop_reason": "no_branches"], state: ["stable_cnt": 0, "prev_winner": .null],
                      decision: "no branch could be opened")
            return nil
        }
        var stable = 0
        var prev: AnswerID? = nil
        var step = 0
        while step < maxSteps {
            trace.event("iteration_start", goal: "main loop tick", input: { $0.object { $0.field("step", step) } }, output: { $0.null() },
                        state: { $0.object { o in
                            o.field("stable_cnt", stable); o.field("prev_winner", env.question.answerText(prev)); o.field("n_branches", n) } },
                        decision: "forward all active branches")
            // Forward: advance every live branch by up to probe_burst intervals.
            var activeCount = 0
            for i in 0..<n where pruned[i] == 0 {
                if finished[i] == 0 {
                    for _ in 0..<probeBurst {
                        guard let r = env.continue(Int(index[i])) else { finished[i] = 1; break }
                        latest[i] = r.answer
                        if r.finished { finished[i] = 1; break }
                    }
                }
                activeAnswers[activeCount] = latest[i]
                activeCount += 1
            }
            trace.event("forward", goal: "probe_more burst on unfinished branches", input: { $0.object { $0.field("step", step) } },
                        output: { $0.object { o in
                            o.key("active_indices"); Self.unprunedIndices(&o, n, pruned, index)
                            o.key("active_answers")
                            o.array { a in for k in 0..<activeCount { a.string(env.question.answers[Int(activeAnswers[k])]) } }
                            o.key("branch_snapshot")
                            o.array { a in
                                for k in 0..<n {
                                    a.object { b in
                                        b.field("i", k); b.field("index", Int(index[k])); b.field("finished", finished[k] != 0)
                                        b.field("pruned", pruned[k] != 0); b.field("last_answer", env.question.answers[Int(latest[k])])
                                    }
                                }
                            } } },
                        state: { $0.object { $0.field("n_active", activeCount) } }, decision: "majority vote among active last answers")
            if activeCount == 0 {
                trace.event("update_states", goal: "majority winner and off-track counters",
                            input: { $0.object { $0.field("step", step); $0.field("warm_up", warmUp) } },
                            output: { $0.object { o in
                                o.field("has_active", false); o.nullField("winner_ans")
                                o.key("off_track_counts"); o.array { a in for k in 0..<n { a.int(Int(offTrack[k])) } } } },
                            state: { $0.object { $0.field("n_active", 0) } }, decision: "increment off_track when disagreeing with majority after warm_up")
                break
            }
            var winner = env.tally.stats(UnsafeBufferPointer(start: activeAnswers, count: activeCount)).winner!
            let judging = step >= warmUp && activeCount > 1
            if judging {
                for i in 0..<n where pruned[i] == 0 && finished[i] == 0 {
                    offTrack[i] = latest[i] != winner ? offTrack[i] + 1 : 0
                }
            }
            trace.event("update_states", goal: "majority winner and off-track counters",
                        input: { $0.object { $0.field("step", step); $0.field("warm_up", warmUp) } },
                        output: { $0.object { o in
                            o.field("has_active", true); o.field("winner_ans", env.question.answers[Int(winner)])
                            o.key("off_track_counts"); o.array { a in for k in 0..<n { a.int(Int(offTrack[k])) } } } },
                        state: { $0.object { $0.field("n_active", activeCount) } },
                        decision: "increment off_track when disagreeing with majority after warm_up")
            var newlyPruned: [Int] = []
            var breakLoop = false
            if judging {
                for i in 0..<n where pruned[i] == 0 && finished[i] == 0 && offTrack[i] >= prunePatience {
                    pruned[i] = 1
                    newlyPruned.append(Int(index[i]))
                }
                if !newlyPruned.isEmpty {
                    activeCount = 0
                    for i in 0..<n where pruned[i] == 0 { activeAnswers[activeCount] = latest[i]; activeCount += 1 }
                    if activeCount == 0 { breakLoop = true } else { winner = env.tally.stats(UnsafeBufferPointer(start: activeAnswers, count: activeCount)).winner! }
                }
            }
            trace.event("prune", goal: "prune branches past patience vs majority",
                        input: { $0.object { $0.field("step", step); $0.field("prune_patience", prunePatience) } },
                        output: { $0.object { o in
                            o.field("break_loop", breakLoop); o.field("has_active", activeCount > 0)
                            o.field("winner_ans", breakLoop ? nil : env.question.answers[Int(winner)])
                            o.key("active_indices_after"); Self.unprunedIndices(&o, n, pruned, index)
                            o.key("newly_pruned_indices"); o.array { a in for i in newlyPruned { a.int(i) } } } },
                        state: { $0.object { $0.field("n_active_after", activeCount) } },
                        decision: "drop chains with high off_track; may clear all active")
            if breakLoop { break }
            stable = winner == prev ? stable + 1 : 0
            let earlyReturn = stable >= T
            var allDone = true
            for i in 0..<n where finished[i] == 0 && pruned[i] == 0 { allDone = false; break }
            trace.event("terminate_check", goal: "stable winner or all finished",
                        input: { $0.object { $0.field("T", T); $0.field("prev_winner", env.question.answerText(prev)) } },
                        output: { $0.object { o in
                            o.field("stable_cnt", stable); o.field("new_prev_winner", env.question.answers[Int(winner)])
                            o.field("early_return", earlyReturn); o.field("break_loop", !earlyReturn && allDone)
                            o.field("return_answer", earlyReturn ? env.question.answers[Int(winner)] : nil) } },
                        state: { $0.object { $0.field("step", step) } }, decision: "early exit if stable_cnt>=T; break if all finished/pruned")
            if earlyReturn {
                trace.event("finish", goal: "return final answer", input: { $0.object { $0.field("step", step) } },
                            output: { $0.object { o in
                                o.field("answer", env.question.answers[Int(winner)]); o.field("stop_reason", literal: "stable_majority_T") } },
                            state: { $0.object { o in o.field("stable_cnt", stable); o.field("prev_winner", env.question.answers[Int(winner)]) } },
                            decision: "consensus stable for T steps")
                return winner
            }
            prev = winner
            if allDone { break }
            step += 1
        }
        trace.event("finish", goal: "return final answer", input: { $0.object { $0.field("step", min(step, maxSteps - 1)) } },
                    output: { $0.object { o in
                        o.field("answer", env.question.answerText(prev)); o.field("stop_reason", literal: "all_branches_done_or_no_active") } },
                    state: { $0.object { o in o.field("stable_cnt", stable); o.field("prev_winner", env.question.answerText(prev)) } },
                    decision: "exit loop then return last majority winner")
        return prev
    }

    private static func unprunedIndices(_ w: inout JSONByteWriter, _ n: Int, _ pruned: UnsafeMutablePointer<Int32>, _ index: UnsafeMutablePointer<Int32>) {
        w.array { a in for k in 0..<n where pruned[k] == 0 { a.int(Int(index[k])) } }
    }
}
