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
            trace.add(event: "iteration_start", goal: "main loop tick", input: ["step": .int(step)], output: .null,
                      state: ["stable_cnt": .int(stable), "prev_winner": env.text(prev), "n_branches": .int(n)],
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
            if trace.enabled {
                trace.add(event: "forward", goal: "probe_more burst on unfinished branches", input: ["step": .int(step)],
                          output: ["active_indices": Self.unprunedIndices(n, pruned, index),
                                   "active_answers": .array((0..<activeCount).map { env.text(activeAnswers[$0]) }),
                                   "branch_snapshot": .array((0..<n).map {
                                       ["i": .int($0), "index": .int(Int(index[$0])), "finished": .bool(finished[$0] != 0),
                                        "pruned": .bool(pruned[$0] != 0), "last_answer": env.text(latest[$0])]
                                   })],
                          state: ["n_active": .int(activeCount)], decision: "majority vote among active last answers")
            }
            if activeCount == 0 {
                trace.add(event: "update_states", goal: "majority winner and off-track counters",
                          input: ["step": .int(step), "warm_up": .int(warmUp)],
                          output: ["has_active": false, "winner_ans": .null, "off_track_counts": .array((0..<n).map { .int(Int(offTrack[$0])) })],
                          state: ["n_active": 0], decision: "increment off_track when disagreeing with majority after warm_up")
                break
            }
            var winner = env.tally.stats(UnsafeBufferPointer(start: activeAnswers, count: activeCount)).winner!
            let judging = step >= warmUp && activeCount > 1
            if judging {
                for i in 0..<n where pruned[i] == 0 && finished[i] == 0 {
                    offTrack[i] = latest[i] != winner ? offTrack[i] + 1 : 0
                }
            }
            trace.add(event: "update_states", goal: "majority winner and off-track counters",
                      input: ["step": .int(step), "warm_up": .int(warmUp)],
                      output: ["has_active": true, "winner_ans": env.text(winner), "off_track_counts": .array((0..<n).map { .int(Int(offTrack[$0])) })],
                      state: ["n_active": .int(activeCount)],
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
            trace.add(event: "prune", goal: "prune branches past patience vs majority",
                      input: ["step": .int(step), "prune_patience": .int(prunePatience)],
                      output: ["break_loop": .bool(breakLoop), "has_active": .bool(activeCount > 0),
                               "winner_ans": breakLoop ? .null : env.text(winner), "active_indices_after": Self.unprunedIndices(n, pruned, index),
                               "newly_pruned_indices": .array(newlyPruned.map { .int($0) })],
                      state: ["n_active_after": .int(activeCount)],
                      decision: "drop chains with high off_track; may clear all active")
            if breakLoop { break }
            stable = winner == prev ? stable + 1 : 0
            let earlyReturn = stable >= T
            var allDone = true
            for i in 0..<n where finished[i] == 0 && pruned[i] == 0 { allDone = false; break }
            trace.add(event: "terminate_check", goal: "stable winner or all finished",
                      input: ["T": .int(T), "prev_winner": env.text(prev)],
                      output: ["stable_cnt": .int(stable), "new_prev_winner": env.text(winner), "early_return": .bool(earlyReturn),
                               "break_loop": .bool(!earlyReturn && allDone), "return_answer": earlyReturn ? env.text(winner) : .null],
                      state: ["step": .int(step)], decision: "early exit if stable_cnt>=T; break if all finished/pruned")
            if earlyReturn {
                trace.add(event: "finish", goal: "return final answer", input: ["step": .int(step)],
                          output: ["answer": env.text(winner), "stop_reason": "stable_majority_T"],
                          state: ["stable_cnt": .int(stable), "prev_winner": env.text(winner)],
                          decision: "consensus stable for T steps")
                return winner
            }
            prev = winner
            if allDone { break }
            step += 1
        }
        trace.add(event: "finish", goal: "return final answer", input: ["step": .int(min(step, maxSteps - 1))],
                  output: ["answer": env.text(prev), "stop_reason": "all_branches_done_or_no_active"],
                  state: ["stable_cnt": .int(stable), "prev_winner": env.text(prev)],
                  decision: "exit loop then return last majority winner")
        return prev
    }

    private static func unprunedIndices(_ n: Int, _ pruned: UnsafeMutablePointer<Int32>, _ index: UnsafeMutablePointer<Int32>) -> JSONValue {
        .array((0..<n).filter { pruned[$0] == 0 }.map { .int(Int(index[$0])) })
    }
}
