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
    /// Runs the step-by-step loop even untraced (the equivalence tests compare both paths).
    var stepByStep = false

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
        // Untraced with single-interval bursts, nothing observes the steps in between answer
        // changes: the event-driven loop gives the same answer and cost for a fraction of the work.
        if !trace.enabled && !env.logging && probeBurst == 1 && !stepByStep { return solveEventDriven(&env) }
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

    /// The step loop (probe_burst 1, untraced) done only at steps where something can happen:
    /// a branch's answer changes or it finishes, the winner changes, a disagreement streak
    /// reaches `prune_patience`; idle steps only count `stable`. Every live branch moves in
    /// lockstep (step `s` is read `s + 1`), so a branch's latest answer is known ahead from the
    /// question's run table (`peekProbe`) and reads are charged in bulk at the end.
    ///
    /// Off-track counters become streaks: after warm-up, a live unfinished branch's counter is
    /// `s - start + 1` where `start` is the first judged step of its current disagreement, so it
    /// is pruned at step `start + prune_patience - 1` unless it agrees or finishes before. (The
    /// reference judges only with more than one active branch; a lone survivor always holds the
    /// winner, so judging it too changes nothing.) Votes are counted incrementally; the winner
    /// is the first live branch in opening order whose answer has the top count.
    private func solveEventDriven(_ env: inout ReplayEnvironment) -> AnswerID? {
        var n = 0
        while n < numChains, env.open() != nil { n += 1 }
        if n == 0 { return nil }
        var maxProbes = 0
        for i in 0..<n { maxProbes = max(maxProbes, env.probeCount(at: i)) }
        // Every branch has finished by step maxProbes - 1 (or 0), which ends the loop.
        let steps = min(maxSteps, max(maxProbes, 1))
        let answers = env.question.answers.count
        let capacity = 8 * n + (n + 2) + answers + 2 * steps
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { raw in
            let base = raw.baseAddress!
            let latest = base, probes = base + n, flags = base + 2 * n, streak = base + 3 * n
            let nextInBucket = base + 4 * n, stopStep = base + 5 * n, active = base + 6 * n, changed = base + 7 * n
            let ofCount = base + 8 * n, counts = ofCount + (n + 2), bucket = counts + answers, streaks = bucket + steps
            (base + 8 * n).initialize(repeating: 0, count: (n + 2) + answers)
            bucket.initialize(repeating: -1, count: steps)
            streaks.initialize(repeating: 0, count: steps)
            let isFinished: Int32 = 1, isPruned: Int32 = 2

            var top: Int32 = 0
            @inline(__always) func vote(_ a: Int32) {
                let c = counts[Int(a)]
                ofCount[Int(c)] &-= 1
                counts[Int(a)] = c &+ 1
                ofCount[Int(c &+ 1)] &+= 1
                if c &+ 1 > top { top = c &+ 1 }
            }
            @inline(__always) func unvote(_ a: Int32) {
                let c = counts[Int(a)]
                ofCount[Int(c)] &-= 1
                if c == top && ofCount[Int(c)] == 0 { top = c &- 1 }
                counts[Int(a)] = c &- 1
                ofCount[Int(c &- 1)] &+= 1
            }
            // Branch i's next answer change or finish, as the step that reads it.
            @inline(__always) func schedule(_ i: Int, _ step: Int) {
                if step < steps { nextInBucket[i] = bucket[step]; bucket[step] = Int32(truncatingIfNeeded: i) }
            }

            var live = n, unfinished = 0
            for i in 0..<n {
                let c = env.probeCount(at: i)
                probes[i] = Int32(truncatingIfNeeded: c)
                latest[i] = env.peekAnswer(at: i, read: 0)
                streak[i] = -1
                active[i] = Int32(truncatingIfNeeded: i)
                vote(latest[i])
                if c == 0 { flags[i] = isFinished } else { flags[i] = 0; unfinished += 1; schedule(i, env.peekProbe(at: i, read: 0).next - 1) }
            }
            @inline(__always) func currentWinner() -> Int32 {
                var k = 0
                while counts[Int(latest[Int(active[k])])] != top { k &+= 1 }
                return latest[Int(active[k])]
            }
            @inline(__always) func judge(_ i: Int, _ winner: Int32, _ s: Int) {
                if latest[i] == winner {
                    if streak[i] >= 0 { streaks[Int(streak[i])] &-= 1; streak[i] = -1 }
                } else if streak[i] < 0 {
                    streak[i] = Int32(truncatingIfNeeded: s)
                    streaks[s] &+= 1
                }
            }
            /// Charges every branch what the step loop would have read by `endStep`.
            @inline(__always) func charge(_ endStep: Int) {
                for i in 0..<n {
                    let reads: Int
                    if flags[i] == isFinished { reads = Int(probes[i]) + 1 }
                    else if flags[i] == isPruned { reads = Int(stopStep[i]) + 2 }
                    else { reads = endStep + 2 }
                    env.continueMany(i, reads - 1)
                }
            }

            var winner = currentWinner()
            var judgedAgainst: Int32 = -1
            var prev: Int32 = -1
            var stable = 0
            var s = 0
            while s < steps {
                // Answer changes and finishes read at this step.
                var nChanged = 0
                var countsChanged = false
                var b = bucket[s]
                while b >= 0 {
                    let i = Int(b)
                    b = nextInBucket[i]
                    if flags[i] == isPruned { continue }
                    changed[nChanged] = Int32(truncatingIfNeeded: i); nChanged &+= 1
                    let r = s + 1
                    let a: AnswerID
                    if r >= Int(probes[i]) {
                        a = env.peekAnswer(at: i, read: r)
                        flags[i] = isFinished
                        unfinished -= 1
                        if streak[i] >= 0 { streaks[Int(streak[i])] &-= 1; streak[i] = -1 }
                    } else {
                        let p = env.peekProbe(at: i, read: r)
                        a = p.answer
                        schedule(i, p.next &- 1)
                    }
                    if a != latest[i] { unvote(latest[i]); vote(a); latest[i] = a; countsChanged = true }
                }
                if countsChanged { winner = currentWinner() }
                if s >= warmUp {
                    if s == warmUp || winner != judgedAgainst {
                        for k in 0..<live where flags[Int(active[k])] == 0 { judge(Int(active[k]), winner, s) }
                        judgedAgainst = winner
                    } else {
                        for k in 0..<nChanged where flags[Int(changed[k])] == 0 { judge(Int(changed[k]), winner, s) }
                    }
                    // Streaks that started prune_patience - 1 steps ago reach the patience now.
                    let due = s - prunePatience + 1
                    if due >= warmUp && streaks[due] > 0 {
                        var kept = 0
                        for k in 0..<live {
                            let i = Int(active[k])
                            if streak[i] == Int32(truncatingIfNeeded: due) {
                                flags[i] = isPruned
                                stopStep[i] = Int32(truncatingIfNeeded: s)
                                unvote(latest[i])
                                unfinished -= 1
                                streak[i] = -1
                            } else {
                                active[kept] = active[k]; kept += 1
                            }
                        }
                        streaks[due] = 0
                        live = kept
                        if live == 0 { charge(s); return prev < 0 ? nil : prev }
                        winner = currentWinner()
                    }
                }
                stable = winner == prev ? stable + 1 : 0
                if stable >= T || unfinished == 0 { charge(s); return winner }
                prev = winner
                s += 1
            }
            // Only max_steps ends the loop here (steps < max_steps implies all finish in time).
            charge(maxSteps - 1)
            return prev < 0 ? nil : prev
        }
    }

    private static func unprunedIndices(_ w: inout JSONByteWriter, _ n: Int, _ pruned: UnsafeMutablePointer<Int32>, _ index: UnsafeMutablePointer<Int32>) {
        w.array { a in for k in 0..<n where pruned[k] == 0 { a.int(Int(index[k])) } }
    }
}
