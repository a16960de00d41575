/// CMC, the Confidence Momentum Controller discovered by AutoTTS (r0004), ported line for line
/// from the reference `OptimalController` (source in the seed document): one β schedules every
/// knob; an EMA of the completed-answer pool's Beta confidence gates stopping; widening follows
/// the EMA trend; aligned branches get deeper bursts; persistent deviants are abandoned.
///
/// Faithfulness notes: Python's `round` (halves to even) in the schedule; the EMA updated twice
/// per outer step in the reference's operation order; stable sorts; every trace event.
public struct ConfidenceMomentum: Controller {
    public static let definition = ControllerDefinition(
        key: "cmc", aliases: ["optimal_controller", "optimalcontroller"],
        methodName: "OptimalController", descriptionName: "optimal_controller",
        summary: "Confidence Momentum Controller (AutoTTS r0004): one knob β in [0, 1]",
        parameters: [ParameterSpec("beta", .float, default: .float(0.5), range: 0...1)],
        make: { ConfidenceMomentum(configuration: $0) })

    static let maxBranch = 64
    static let maxOuter = 500

    /// Every internal knob, as a function of β.
    public struct Schedule: Sendable, Equatable {
        public var nInit, maxBranchUse, warmUp, abandonPatience, tEma: Int
        public var emaAlpha, confThresh, deltaSlack: Double
        public var burstAligned, widenBurst: Int
        public var trendThresh: Double
        public var minComplete: Int

        public init(beta: Double) {
            let b = max(0.0, min(1.0, beta))
            func r(_ x: Double) -> Int { Int(PythonFormat.roundHalfEven(x)) }
            func r4(_ x: Double) -> Double { PythonFormat.round(x, digits: 4) }
            nInit = max(2, r(2 + 6 * b))
            maxBranchUse = min(ConfidenceMomentum.maxBranch, r(4 + 60 * b))
            warmUp = max(2, r(2 + 8 * b))
            abandonPatience = max(3, r(3 + 9 * b))
            tEma = max(2, r(2 + 6 * b))
            emaAlpha = r4(0.70 - 0.40 * b)
            confThresh = r4(0.85 + 0.12 * b)
            deltaSlack = r4(0.04 - 0.03 * b)
            burstAligned = max(1, r(1 + 2 * b))
            widenBurst = max(1, r(1 + 3 * b))
            trendThresh = r4(0.04 - 0.03 * b)
            minComplete = max(2, r(2 + 3 * b))
        }

        /// In the reference's attribute order (the results CSV columns and the `start` event).
        public var fields: [(String, ParameterValue)] {
            [("n_init", .int(nInit)), ("max_branch_use", .int(maxBranchUse)), ("warm_up", .int(warmUp)),
             ("abandon_patience", .int(abandonPatience)), ("T_ema", .int(tEma)), ("ema_alpha", .float(emaAlpha)),
             ("conf_thresh", .float(confThresh)), ("delta_slack", .float(deltaSlack)), ("burst_aligned", .int(burstAligned)),
             ("widen_burst", .int(widenBurst)), ("trend_thresh", .float(trendThresh)), ("min_complete", .int(minComplete))]
        }
    }

    public let configuration: ControllerConfiguration
    public let beta: Double
    public let schedule: Schedule
    /// Runs the step-by-step loop even untraced (the equivalence tests compare both paths).
    var stepByStep = false

    public init(configuration: ControllerConfiguration) {
        self.configuration = configuration
        beta = configuration.double("beta")
        schedule = Schedule(beta: beta)
    }

    public var attributeColumns: [(String, String)] {
        [("_beta", PythonFormat.floatRepr(beta))] + schedule.fields.map { ($0.0, $0.1.pythonRepr) }
    }

    @inline(__always)
    private static func r4(_ x: Double) -> Double { PythonFormat.round(x, digits: 4) }

    public func solve(_ env: inout ReplayEnvironment, trace: inout TraceRecorder) -> AnswerID? {
        // Untraced, nothing observes the steps between a branch's answer changes: the
        // event-driven loop gives the same answer and cost for less work.
        if !trace.enabled && !env.logging && !stepByStep { return solveEventDriven(&env) }
        let s = schedule
        trace.event("start", goal: "initialize CMC run", input: { $0.object { $0.field("beta", beta) } },
                    output: { $0.literal("initialized") },
                    state: { w in w.object { for (k, v) in s.fields { $0.key(text: k); $0.value(v.json) } } },
                    decision: "start confidence momentum controller")
        // At most max(n_init, max_branch_use) branches are ever opened.
        let capacity = max(s.nInit, s.maxBranchUse, 1)
        let answerCount = env.question.answers.count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity * 9 + answerCount * 2) { raw in
            raw.initialize(repeating: 0)   // every run starts from zeroed state and pool counts
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: s.tEma + 1) { ema in
                var mem = BranchMemory(base: raw.baseAddress!, capacity: capacity, answers: answerCount, ema: ema.baseAddress!)
                return run(&env, &trace, &mem)
            }
        }
    }

    /// The reference's `solve` after the `start` event, on preallocated memory.
    private func run(_ env: inout ReplayEnvironment, _ trace: inout TraceRecorder, _ m: inout BranchMemory) -> AnswerID? {
        let s = schedule
        let index = m.index, latest = m.latest, finished = m.finished, abandoned = m.abandoned
        let probeCount = m.probeCount, disagree = m.disagree
        var count = 0  // branches opened, in opening order
        var totalSpawned = 0
        var pool = CompletedPool(counts: m.poolCounts, distinct: m.poolDistinct)

        // Live branches (neither finished nor abandoned), in opening order, kept up to date.
        let live = m.live, order = m.order, abandonedNow = m.abandonedNow
        var liveCount = 0

        @inline(__always) func spawn() -> Bool {
            guard let o = env.open() else { return false }
            totalSpawned += 1
            index[count] = Int32(truncatingIfNeeded: o.index)
            latest[count] = o.answer
            finished[count] = o.finished ? 1 : 0
            abandoned[count] = 0; probeCount[count] = 0; disagree[count] = 0
            if o.finished { pool.append(o.answer) } else { live[liveCount] = Int32(truncatingIfNeeded: count); liveCount += 1 }
            count += 1
            return true
        }

        for _ in 0..<s.nInit where !spawn() { break }
        trace.event("init_branches", goal: "open initial branch batch", input: { $0.object { $0.field("n_init", s.nInit) } },
                    output: { $0.object { $0.field("n_spawned", totalSpawned); $0.field("n_completed", pool.count) } },
                    state: { $0.object { $0.field("total_spawned", totalSpawned) } }, decision: "proceed to main loop")
        if count == 0 {
            trace.event("finish", goal: "return final answer", input: { $0.object { _ in } },
                        output: { $0.object { $0.nullField("answer"); $0.field("stop_reason", literal: "no_branches") } },
                        state: { $0.object { $0.field("total_spawned", 0) } },
                        decision: "no branches available")
            return nil
        }

        var emaConf = 0.0
        var history = EMAWindow(storage: m.ema, length: s.tEma)
        var outerStep = 0

        @inline(__always) func updateEMA(_ prev: Double, _ new: Double) -> Double {
            (1.0 - s.emaAlpha) * prev + s.emaAlpha * new
        }

        while outerStep < Self.maxOuter {
            var (poolWinner, poolConf) = pool.stats()
            let warmEnough = outerStep >= s.warmUp

            emaConf = updateEMA(emaConf, poolConf)
            history.append(emaConf)
            var emaDelta = history.delta

            // Disagreement streaks; abandon persistent deviants, keeping at least two alive.
            var abandonedCount = 0
            if warmEnough, let w = poolWinner {
                var candidates = 0
                for k in 0..<liveCount {
                    let i = Int(live[k])
                    disagree[i] = latest[i] != w ? disagree[i] &+ 1 : 0
                    if disagree[i] >= s.abandonPatience { order[candidates] = Int32(i); candidates += 1 }
                }
                stableSortDescending(order, candidates, by: disagree)
                let maxAbandon = max(0, liveCount - 2)
                for k in 0..<min(maxAbandon, candidates) {
                    let i = Int(order[k])
                    abandoned[i] = 1
                    abandonedNow[abandonedCount] = index[i]
                    abandonedCount += 1
                }
            }

            // Prioritised depth allocation: most-probed first; aligned branches get a burst.
            // Active = live minus what was abandoned just now (the live list is otherwise exact).
            var active = 0
            if abandonedCount == 0 {
                order.update(from: live, count: liveCount)
                active = liveCount
            } else {
                for k in 0..<liveCount where abandoned[Int(live[k])] == 0 { order[active] = live[k]; active += 1 }
            }
            stableSortDescending(order, active, by: probeCount)
            var finishedNow = 0
            var probedThis = 0
            for k in 0..<active {
                let i = Int(order[k])
                let aligned = warmEnough && poolWinner != nil && latest[i] == poolWinner!
                let steps = aligned ? s.burstAligned : 1
                for _ in 0..<steps {
                    if finished[i] != 0 { break }
                    guard let r = env.continue(Int(index[i])) else {
                        finished[i] = 1
                        finishedNow &+= 1
                        pool.append(latest[i])
                        break
                    }
                    probeCount[i] &+= 1
                    latest[i] = r.answer
                    if r.finished {
                        finished[i] = 1
                        finishedNow &+= 1
                        pool.append(r.answer)
                        break
                    }
                }
                probedThis &+= steps
            }

            (poolWinner, poolConf) = pool.stats()
            let nComplete = pool.count
            emaConf = updateEMA(emaConf, poolConf)
            history.replaceLast(emaConf)
            emaDelta = history.delta
            // Drop what finished or was abandoned from the live list (keeping opening order).
            if abandonedCount > 0 || finishedNow > 0 {
                var kept = 0
                for k in 0..<liveCount {
                    let i = Int(live[k])
                    if abandoned[i] == 0 && finished[i] == 0 { live[kept] = live[k]; kept += 1 }
                }
                liveCount = kept
            }
            let nActive = liveCount

            trace.event("forward", goal: "probe with priority scheduling + update EMA",
                        input: { $0.object { o in
                            o.field("outer_step", outerStep); o.field("pool_winner", env.question.answerText(poolWinner))
                            o.field("pool_conf", Self.r4(poolConf)) } },
                        output: { $0.object { o in
                            o.field("n_complete", nComplete); o.field("n_active", nActive); o.field("probed_this", probedThis)
                            o.field("ema_conf", Self.r4(emaConf)); o.field("ema_delta", Self.r4(emaDelta))
                            o.key("abandoned_now"); o.array { a in for k in 0..<abandonedCount { a.int(Int(abandonedNow[k])) } } } },
                        state: { $0.object { $0.field("total_spawned", totalSpawned) } }, decision: "evaluate momentum gate and widening")

            // EMA momentum stopping gate.
            let gateEligible = warmEnough && nComplete >= s.minComplete
            let gateFires = gateEligible && emaConf >= s.confThresh && emaDelta >= -s.deltaSlack
            trace.event("terminate_check", goal: "EMA momentum gate evaluation",
                        input: { $0.object { o in
                            o.field("outer_step", outerStep); o.field("conf_thresh", s.confThresh); o.field("delta_slack", s.deltaSlack)
                            o.field("min_complete", s.minComplete); o.field("warm_up", s.warmUp) } },
                        output: { $0.object { o in
                            o.field("ema_conf", Self.r4(emaConf)); o.field("ema_delta", Self.r4(emaDelta)); o.field("pool_conf", Self.r4(poolConf))
                            o.field("n_complete", nComplete); o.field("gate_eligible", gateEligible); o.field("gate_fires", gateFires) } },
                        state: { $0.object { $0.field("total_spawned", totalSpawned) } }, decision: "stop if EMA gate fires")
            if gateFires {
                trace.event("finish", goal: "return final answer", input: { $0.object { $0.field("outer_step", outerStep) } },
                            output: { $0.object { o in
                                o.field("answer", env.question.answerText(poolWinner)); o.field("stop_reason", literal: "ema_momentum_gate")
                                o.field("ema_conf", Self.r4(emaConf)); o.field("ema_delta", Self.r4(emaDelta)); o.field("n_complete", nComplete) } },
                            state: { $0.object { $0.field("total_spawned", totalSpawned) } }, decision: "EMA level high + momentum non-negative")
                return poolWinner
            }

            let allResolved = nActive == 0
            if allResolved { break }

            // Confidence-trend widening.
            let canWiden = totalSpawned < s.maxBranchUse && totalSpawned < Self.maxBranch
            let trendWeak = emaDelta <= s.trendThresh
            let wantWiden = canWiden && trendWeak && outerStep >= max(1, s.warmUp / 2) && emaConf < s.confThresh
            var spawnedNow = 0
            if wantWiden {
                for _ in 0..<s.widenBurst {
                    if totalSpawned >= s.maxBranchUse || totalSpawned >= Self.maxBranch { break }
                    if !spawn() { break }
                    spawnedNow += 1
                }
            }
            trace.event("update_states", goal: "confidence-trend widening snapshot",
                        input: { $0.object { o in
                            o.field("outer_step", outerStep); o.field("want_widen", wantWiden); o.field("ema_conf", Self.r4(emaConf))
                            o.field("ema_delta", Self.r4(emaDelta)); o.field("trend_thresh", s.trendThresh) } },
                        output: { $0.object { o in
                            o.field("spawned_now", spawnedNow); o.field("total_spawned", totalSpawned); o.field("all_resolved", allResolved) } },
                        state: { $0.object { $0.field("n_active", nActive) } }, decision: "continue main loop")
            outerStep += 1
        }

        // Final answer: majority of completed answers, else of the live branches' latest answers.
        var (finalWinner, finalConf) = pool.stats()
        if finalWinner == nil {
            var latestLive: [AnswerID] = []
            for i in 0..<count where abandoned[i] == 0 { latestLive.append(latest[i]) }
            finalWinner = env.tally.majority(latestLive)
            finalConf = 0.0
        }
        trace.event("finish", goal: "return final answer", input: { $0.object { $0.field("outer_step", outerStep) } },
                    output: { $0.object { o in
                        o.field("answer", env.question.answerText(finalWinner)); o.field("stop_reason", literal: "loop_end")
                        o.field("ema_conf", Self.r4(emaConf)); o.field("pool_conf", Self.r4(finalConf))
                        o.field("n_complete", pool.count); o.field("total_spawned", totalSpawned) } },
                    state: { $0.object { $0.field("total_spawned", totalSpawned) } }, decision: "majority of completed answers at loop end")
        return finalWinner
    }
}

/// Per-run branch state of CMC, carved out of one temporary allocation (struct-of-arrays in
/// opening order; flags are 0/1).
struct BranchMemory {
    let index, latest, finished, abandoned, probeCount, disagree, live, order, abandonedNow: UnsafeMutablePointer<Int32>
    let poolCounts, poolDistinct: UnsafeMutablePointer<Int32>
    let ema: UnsafeMutablePointer<Double>

    init(base: UnsafeMutablePointer<Int32>, capacity c: Int, answers: Int, ema: UnsafeMutablePointer<Double>) {
        self.ema = ema
        index = base; latest = base + c; finished = base + 2 * c; abandoned = base + 3 * c
        probeCount = base + 4 * c; disagree = base + 5 * c; live = base + 6 * c; order = base + 7 * c
        abandonedNow = base + 8 * c
        poolCounts = base + 9 * c
        poolDistinct = base + 9 * c + answers
    }
}

/// Stable sort of positions by `key[position]`, largest first (Python's `sorted(key=-k)`).
/// Insertion sort: the lists are at most a few dozen long and often already in order.
@inline(__always)
func stableSortDescending(_ positions: UnsafeMutablePointer<Int32>, _ n: Int, by key: UnsafeMutablePointer<Int32>) {
    if n < 2 { return }
    for i in 1..<n {
        let p = positions[i]
        let k = key[Int(p)]
        var j = i - 1
        while j >= 0 && key[Int(positions[j])] < k {
            positions[j + 1] = positions[j]
            j -= 1
        }
        positions[j + 1] = p
    }
}

/// The completed-answer pool: append-only, with counts kept incrementally so that the vote
/// stats cost one pass over the distinct answers instead of a recount.
struct CompletedPool {
    let counts: UnsafeMutablePointer<Int32>
    let distinct: UnsafeMutablePointer<Int32>
    private(set) var count = 0
    private var distinctCount = 0
    /// `stats()` of the pool at `memoCount` answers (the pool only grows, so a count names it).
    private var memoCount = -1
    private var memoWinner: AnswerID? = nil
    private var memoConf = 0.0

    init(counts: UnsafeMutablePointer<Int32>, distinct: UnsafeMutablePointer<Int32>) {
        self.counts = counts
        self.distinct = distinct
    }

    @inline(__always)
    mutating func append(_ a: AnswerID) {
        let i = Int(a)
        if counts[i] == 0 { distinct[distinctCount] = a; distinctCount += 1 }
        counts[i] += 1
        count += 1
    }

    /// Winner (first appended among equal counts) and its Beta confidence; (nil, 0) when empty.
    /// Computed once per pool size (CMC asks twice a step, mostly with nothing new in between).
    @inline(__always)
    mutating func stats() -> (AnswerID?, Double) {
        if count == memoCount { return (memoWinner, memoConf) }
        let s = computeStats()
        memoCount = count
        (memoWinner, memoConf) = s
        return s
    }

    @inline(__always)
    private func computeStats() -> (AnswerID?, Double) {
        if distinctCount == 0 { return (nil, 0.0) }
        let t = topTwo(distinct, distinctCount, counts: counts)
        return (t.winner, BetaConfidence.value(top1: Int(t.top1), top2: Int(t.top2)))
    }
}

/// The last `length` EMA values (the reference's `ema_history` list with `pop(0)`), in a
/// caller-provided buffer of `length + 1` doubles.
struct EMAWindow {
    private let storage: UnsafeMutablePointer<Double>
    private let length: Int
    private var count = 0

    init(storage: UnsafeMutablePointer<Double>, length: Int) {
        self.storage = storage
        self.length = max(1, length)
    }

    @inline(__always)
    mutating func append(_ v: Double) {
        storage[count] = v
        count += 1
        if count > length {
            // pop(0): the window is at most 8 long, so shifting is cheaper than a ring's index math.
            for i in 0..<length { storage[i] = storage[i + 1] }
            count = length
        }
    }

    @inline(__always)
    mutating func replaceLast(_ v: Double) {
        if count > 0 { storage[count - 1] = v }
    }

    /// `history[-1] - history[0]` with at least two values, else 0.
    var delta: Double { count >= 2 ? storage[count - 1] - storage[0] : 0.0 }
}
