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

    public init(configuration: ControllerConfiguration) {
        self.configuration = configuration
        beta = configuration.double("beta")
        schedule = Schedule(beta: beta)
    }

    public var attributeColumns: [(String, String)] {
        [("_beta", PythonFormat.floatRepr(beta))] + schedule.fields.map { ($0.0, $0.1.pythonRepr) }
    }

    private static func r4(_ x: Double) -> JSONValue { .double(PythonFormat.round(x, digits: 4)) }

    public func solve(_ env: ReplayEnvironment, trace: inout TraceRecorder) -> AnswerID? {
        let s = schedule
        trace.add(event: "start", goal: "initialize CMC run", input: ["beta": .double(beta)], output: "initialized",
                  state: .object(JSONObject(pairs: s.fields.map { ($0.0, $0.1.json) })),
                  decision: "start confidence momentum controller")
        let capacity = Self.maxBranch + s.widenBurst + s.nInit
        // Branch state, struct-of-arrays in opening order.
        var index = [Int](), latest = [AnswerID](), finished = [Bool](), abandoned = [Bool]()
        var probeCount = [Int](), disagree = [Int]()
        index.reserveCapacity(capacity); latest.reserveCapacity(capacity); finished.reserveCapacity(capacity)
        abandoned.reserveCapacity(capacity); probeCount.reserveCapacity(capacity); disagree.reserveCapacity(capacity)
        var completed: [AnswerID] = []
        completed.reserveCapacity(capacity)
        var totalSpawned = 0

        func spawn() -> Bool {
            guard let o = env.open() else { return false }
            totalSpawned += 1
            index.append(o.index); latest.append(o.answer); finished.append(o.finished)
            abandoned.append(false); probeCount.append(0); disagree.append(0)
            if o.finished { completed.append(o.answer) }
            return true
        }

        for _ in 0..<s.nInit where !spawn() { break }
        trace.add(event: "init_branches", goal: "open initial branch batch", input: ["n_init": .int(s.nInit)],
                  output: ["n_spawned": .int(totalSpawned), "n_completed": .int(completed.count)],
                  state: ["total_spawned": .int(totalSpawned)], decision: "proceed to main loop")
        if index.isEmpty {
            trace.add(event: "finish", goal: "return final answer", input: [:],
                      output: ["answer": .null, "stop_reason": "no_branches"], state: ["total_spawned": 0],
                      decision: "no branches available")
            return nil
        }

        var emaConf = 0.0
        var emaHistory: [Double] = []
        emaHistory.reserveCapacity(s.tEma + 1)
        var order: [Int] = []
        order.reserveCapacity(capacity)
        var abandonedNow: [Int] = []
        var outerStep = 0

        func poolStats() -> (winner: AnswerID?, conf: Double) {
            if completed.isEmpty { return (nil, 0.0) }
            let st = env.tally.stats(completed)
            return (st.winner, BetaConfidence.value(top1: st.top1, top2: st.top2))
        }
        func updateEMA(_ prev: Double, _ new: Double) -> Double {
            (1.0 - s.emaAlpha) * prev + s.emaAlpha * new
        }

        while outerStep < Self.maxOuter {
            var (poolWinner, poolConf) = poolStats()
            let warmEnough = outerStep >= s.warmUp

            emaConf = updateEMA(emaConf, poolConf)
            emaHistory.append(emaConf)
            if emaHistory.count > s.tEma { emaHistory.removeFirst() }
            var emaDelta = emaHistory.count >= 2 ? emaHistory[emaHistory.count - 1] - emaHistory[0] : 0.0

            // Classify branches and update disagreement streaks; abandon persistent deviants,
            // keeping at least two alive.
            abandonedNow.removeAll(keepingCapacity: true)
            if warmEnough, let w = poolWinner {
                var alive = 0
                for i in 0..<index.count where !abandoned[i] && !finished[i] {
                    disagree[i] = latest[i] != w ? disagree[i] + 1 : 0
                    alive += 1
                }
                order.removeAll(keepingCapacity: true)
                for i in 0..<index.count where !abandoned[i] && !finished[i] && disagree[i] >= s.abandonPatience {
                    order.append(i)
                }
                stableSortDescending(&order, by: disagree)
                let maxAbandon = max(0, alive - 2)
                for i in order.prefix(maxAbandon) {
                    abandoned[i] = true
                    abandonedNow.append(index[i])
                }
            }

            // Prioritised depth allocation: most-probed first; aligned branches get a burst.
            order.removeAll(keepingCapacity: true)
            for i in 0..<index.count where !abandoned[i] && !finished[i] { order.append(i) }
            stableSortDescending(&order, by: probeCount)
            var probedThis = 0
            for i in order {
                let aligned = warmEnough && poolWinner != nil && latest[i] == poolWinner!
                let steps = aligned ? s.burstAligned : 1
                for _ in 0..<steps {
                    if finished[i] { break }
                    guard let r = env.continue(index[i]) else {
                        finished[i] = true
                        completed.append(latest[i])
                        break
                    }
                    probeCount[i] += 1
                    latest[i] = r.answer
                    finished[i] = r.finished
                    if r.finished {
                        completed.append(r.answer)
                        break
                    }
                }
                probedThis += steps
            }

            (poolWinner, poolConf) = poolStats()
            let nComplete = completed.count
            emaConf = updateEMA(emaConf, poolConf)
            if !emaHistory.isEmpty { emaHistory[emaHistory.count - 1] = emaConf }
            emaDelta = emaHistory.count >= 2 ? emaHistory[emaHistory.count - 1] - emaHistory[0] : 0.0
            var nActive = 0
            for i in 0..<index.count where !abandoned[i] && !finished[i] { nActive += 1 }

            trace.add(event: "forward", goal: "probe with priority scheduling + update EMA",
                      input: ["outer_step": .int(outerStep), "pool_winner": env.text(poolWinner), "pool_conf": Self.r4(poolConf)],
                      output: ["n_complete": .int(nComplete), "n_active": .int(nActive), "probed_this": .int(probedThis),
                               "ema_conf": Self.r4(emaConf), "ema_delta": Self.r4(emaDelta),
                               "abandoned_now": .array(abandonedNow.map { .int($0) })],
                      state: ["total_spawned": .int(totalSpawned)], decision: "evaluate momentum gate and widening")

            // EMA momentum stopping gate.
            let gateEligible = warmEnough && nComplete >= s.minComplete
            let gateFires = gateEligible && emaConf >= s.confThresh && emaDelta >= -s.deltaSlack
            trace.add(event: "terminate_check", goal: "EMA momentum gate evaluation",
                      input: ["outer_step": .int(outerStep), "conf_thresh": .double(s.confThresh), "delta_slack": .double(s.deltaSlack),
                              "min_complete": .int(s.minComplete), "warm_up": .int(s.warmUp)],
                      output: ["ema_conf": Self.r4(emaConf), "ema_delta": Self.r4(emaDelta), "pool_conf": Self.r4(poolConf),
                               "n_complete": .int(nComplete), "gate_eligible": .bool(gateEligible), "gate_fires": .bool(gateFires)],
                      state: ["total_spawned": .int(totalSpawned)], decision: "stop if EMA gate fires")
            if gateFires {
                trace.add(event: "finish", goal: "return final answer", input: ["outer_step": .int(outerStep)],
                          output: ["answer": env.text(poolWinner), "stop_reason": "ema_momentum_gate",
                                   "ema_conf": Self.r4(emaConf), "ema_delta": Self.r4(emaDelta), "n_complete": .int(nComplete)],
                          state: ["total_spawned": .int(totalSpawned)], decision: "EMA level high + momentum non-negative")
                return poolWinner
            }

            var allResolved = true
            for i in 0..<index.count where !(finished[i] || abandoned[i]) { allResolved = false; break }
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
            trace.add(event: "update_states", goal: "confidence-trend widening snapshot",
                      input: ["outer_step": .int(outerStep), "want_widen": .bool(wantWiden), "ema_conf": Self.r4(emaConf),
                              "ema_delta": Self.r4(emaDelta), "trend_thresh": .double(s.trendThresh)],
                      output: ["spawned_now": .int(spawnedNow), "total_spawned": .int(totalSpawned), "all_resolved": .bool(allResolved)],
                      state: ["n_active": .int(nActive)], decision: "continue main loop")
            outerStep += 1
        }

        // Final answer: majority of completed answers, else of the live branches' latest answers.
        var (finalWinner, finalConf) = poolStats()
        if finalWinner == nil {
            var live: [AnswerID] = []
            for i in 0..<index.count where !abandoned[i] { live.append(latest[i]) }
            finalWinner = env.tally.majority(live)
            finalConf = 0.0
        }
        trace.add(event: "finish", goal: "return final answer", input: ["outer_step": .int(outerStep)],
                  output: ["answer": env.text(finalWinner), "stop_reason": "loop_end", "ema_conf": Self.r4(emaConf),
                           "pool_conf": Self.r4(finalConf), "n_complete": .int(completed.count), "total_spawned": .int(totalSpawned)],
                  state: ["total_spawned": .int(totalSpawned)], decision: "majority of completed answers at loop end")
        return finalWinner
    }
}

/// Stable sort of positions by `key[position]`, largest first (Python's `sorted(key=-k)`).
/// Insertion sort: the lists are at most a few dozen long and often already in order.
@inline(__always)
func stableSortDescending(_ positions: inout [Int], by key: [Int]) {
    if positions.count < 2 { return }
    for i in 1..<positions.count {
        let p = positions[i]
        let k = key[p]
        var j = i - 1
        while j >= 0 && key[positions[j]] < k {
            positions[j + 1] = positions[j]
            j -= 1
        }
        positions[j + 1] = p
    }
}
