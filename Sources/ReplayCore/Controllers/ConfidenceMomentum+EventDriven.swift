extension ConfidenceMomentum {
    /// The outer loop untraced, with per-branch work only where something can happen (see
    /// `CMCEventRun`); the EMA, gate and widening run every step exactly as in `run`.
    func solveEventDriven(_ env: inout ReplayEnvironment) -> AnswerID? {
        let s = schedule
        let capacity = max(s.nInit, s.maxBranchUse, 1)
        let answers = env.question.answers.count
        let horizon = Self.maxOuter
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity * CMCEventRun.perBranch + answers * 2 + horizon * 2) { raw in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: s.tEma + 1) { ema in
                var run = CMCEventRun(schedule: s, base: raw.baseAddress!, capacity: capacity, answers: answers, horizon: horizon,
                                      ema: ema.baseAddress!)
                return run.solve(&env)
            }
        }
    }
}

/// CMC's outer loop for untraced runs, event-driven. A live branch reads `rate` intervals per
/// step (`burst_aligned` while it agrees with the pool winner after warm-up, else 1), so its
/// depth is `d0 + rate * (step - s0)` between rate changes. Its answers matter only through
/// agreement with the judged winner (alignment, disagreement streaks) and its final answer, so
/// a branch is touched only at check events (per-step buckets) where that can change: its
/// finish, the end of its run of winner answers, the winner's next appearance among its probes
/// (the question's run table); and when its rate changes, the winner changes (all live
/// branches are re-read and rescheduled) or it is abandoned. Its `latest` is exact at those
/// points, and always exact as to whether it is the winner.
///
/// Disagreement counters become streaks (`disagree = step - start + 1`); a streak is a
/// candidate for abandoning once it reaches `abandon_patience`. Finishes within a step go to
/// the pool in the step loop's order (most probed first, then opening order). Reads are
/// charged in bulk at the end. A struct with mutating methods, not closures over locals: a
/// captured `var` would be boxed and pay runtime exclusivity checks.
struct CMCEventRun {
    static let perBranch = 14
    static let lookAhead = 16
    static let live: Int32 = 0, finished: Int32 = 1, abandoned: Int32 = 2

    let s: ConfidenceMomentum.Schedule
    let horizon: Int
    // Per branch, in opening order.
    let latest, probes, d0, s0, rate, streak, flags, evPrev, evNext, evStep, endDepth: UnsafeMutablePointer<Int32>
    // Lists of branches: live (opening order), changed answers since the last judging, finishing now, scratch.
    let liveList, changed, finishing, scratch: UnsafeMutablePointer<Int32>
    /// Per step: first branch with a check event then (doubly linked through evPrev/evNext).
    let bucket: UnsafeMutablePointer<Int32>
    /// Per step: live streaks that started then.
    let streakAt: UnsafeMutablePointer<Int32>
    var pool: CompletedPool
    var history: EMAWindow
    var count = 0, totalSpawned = 0, liveCount = 0, changedCount = 0, finishingCount = 0
    /// Streaks that have reached the patience (counted once their start step's bucket was added).
    var candidates = 0
    var addedThrough = -1
    /// The pool winner of the last judging (-1 before any): check events are relative to it.
    var judgedWinner: AnswerID = -1

    init(schedule: ConfidenceMomentum.Schedule, base: UnsafeMutablePointer<Int32>, capacity c: Int, answers: Int, horizon: Int,
         ema: UnsafeMutablePointer<Double>) {
        s = schedule
        self.horizon = horizon
        latest = base; probes = base + c; d0 = base + 2 * c; s0 = base + 3 * c; rate = base + 4 * c; streak = base + 5 * c
        flags = base + 6 * c; evPrev = base + 7 * c; evNext = base + 8 * c; evStep = base + 9 * c; endDepth = base + 10 * c
        liveList = base + 11 * c; changed = base + 12 * c; finishing = base + 13 * c
        let rest = base + Self.perBranch * c
        let poolCounts = rest, poolDistinct = rest + answers
        bucket = rest + 2 * answers
        streakAt = bucket + horizon
        scratch = finishing  // used only while no branch is finishing (abandoning comes before probing)
        poolCounts.initialize(repeating: 0, count: answers)
        bucket.initialize(repeating: -1, count: horizon)
        streakAt.initialize(repeating: 0, count: horizon)
        pool = CompletedPool(counts: poolCounts, distinct: poolDistinct)
        history = EMAWindow(storage: ema, length: schedule.tEma)
    }

    // MARK: check events

    @inline(__always)
    mutating func unschedule(_ i: Int) {
        let t = Int(evStep[i])
        if t < 0 { return }
        let p = evPrev[i], n = evNext[i]
        if p >= 0 { evNext[Int(p)] = n } else { bucket[t] = n }
        if n >= 0 { evPrev[Int(n)] = p }
        evStep[i] = -1
    }

    /// Schedules branch i's next check from its last read `read`: the first step whose last read
    /// reaches the next read that can matter. Before any judging only the finish matters; then
    /// only agreement with the judged winner (and the finish): a branch holding the winner is
    /// checked where its run ends, any other where the winner next appears among its probes.
    @inline(__always)
    mutating func scheduleNext(_ i: Int, fromRead read: Int, _ env: borrowing ReplayEnvironment) {
        let c = Int(probes[i])
        var next = c
        if judgedWinner >= 0 {
            next = env.peekProbe(at: i, read: read).next
            if latest[i] != judgedWinner {
                // Runs usually stop long before a branch ends: look a few reads ahead only and
                // check again there (a check that finds no flip just reschedules).
                let horizonRead = read &+ Self.lookAhead
                while next < c && next <= horizonRead {
                    let p = env.peekProbe(at: i, read: next)
                    if p.answer == judgedWinner { break }
                    next = p.next
                }
            }
        }
        let need = next &+ 1 &- Int(d0[i])
        let steps: Int
        switch rate[i] {  // burst_aligned is 1 to 3: no division in the common cases
        case 1: steps = need
        case 2: steps = (need &+ 1) >> 1
        case 3: steps = (need &+ 2) / 3
        default: steps = (need &+ Int(rate[i]) &- 1) / Int(rate[i])
        }
        let t = Int(s0[i]) &- 1 &+ steps
        if t >= horizon { evStep[i] = -1; return }
        let h = bucket[t]
        evStep[i] = Int32(truncatingIfNeeded: t); evPrev[i] = -1; evNext[i] = h
        if h >= 0 { evPrev[Int(h)] = Int32(truncatingIfNeeded: i) }
        bucket[t] = Int32(truncatingIfNeeded: i)
    }

    /// Depth of a live branch at the start of `step`.
    @inline(__always)
    func depth(_ i: Int, atStartOf step: Int) -> Int { Int(d0[i]) &+ Int(rate[i]) &* (step &- Int(s0[i])) }

    // MARK: streaks

    @inline(__always)
    mutating func endStreak(_ i: Int) {
        let t = Int(streak[i])
        if t < 0 { return }
        streakAt[t] &-= 1
        if t + s.abandonPatience - 1 <= addedThrough { candidates -= 1 }
        streak[i] = -1
    }

    /// The step loop's disagreement update and alignment for one live branch at `step`, against
    /// `judgedWinner`; `reschedule`: its check event must be recomputed even if its rate stays.
    @inline(__always)
    mutating func judge(_ i: Int, _ step: Int, reschedule: Bool, _ env: borrowing ReplayEnvironment) {
        let agree = latest[i] == judgedWinner
        if agree {
            endStreak(i)
        } else if streak[i] < 0 {
            streak[i] = Int32(truncatingIfNeeded: step)
            streakAt[step] &+= 1
        }
        let k = Int32(truncatingIfNeeded: agree ? s.burstAligned : 1)
        if k != rate[i] {
            let d = depth(i, atStartOf: step)
            d0[i] = Int32(truncatingIfNeeded: d); s0[i] = Int32(truncatingIfNeeded: step); rate[i] = k
            unschedule(i)
            scheduleNext(i, fromRead: d - 1, env)
        } else if reschedule {
            unschedule(i)
            scheduleNext(i, fromRead: depth(i, atStartOf: step) - 1, env)
        }
    }

    mutating func rebuildLive() {
        var kept = 0
        for k in 0..<liveCount where flags[Int(liveList[k])] == Self.live { liveList[kept] = liveList[k]; kept += 1 }
        liveCount = kept
    }

    /// Abandons the longest streaks past the patience (ties: opening order), keeping two alive.
    mutating func abandon(_ step: Int) {
        var found = 0
        let last = step - s.abandonPatience + 1
        for k in 0..<liveCount {
            let i = Int(liveList[k])
            let t = streak[i]
            if t >= 0 && Int(t) <= last {
                // Insertion by start step (earliest first), stable.
                var j = found
                while j > 0 && streak[Int(scratch[j - 1])] > t { scratch[j] = scratch[j - 1]; j -= 1 }
                scratch[j] = Int32(truncatingIfNeeded: i)
                found += 1
            }
        }
        for j in 0..<min(liveCount - 2, found) {
            let i = Int(scratch[j])
            flags[i] = Self.abandoned
            endDepth[i] = Int32(truncatingIfNeeded: depth(i, atStartOf: step))
            unschedule(i)
            endStreak(i)
        }
        rebuildLive()
    }

    // MARK: the loop

    mutating func spawn(_ env: inout ReplayEnvironment, firstStep: Int) -> Bool {
        guard let o = env.open() else { return false }
        totalSpawned += 1
        let i = count
        count += 1
        probes[i] = Int32(truncatingIfNeeded: env.probeCount(at: o.index))
        latest[i] = o.answer
        streak[i] = -1; evStep[i] = -1
        d0[i] = 1; s0[i] = Int32(truncatingIfNeeded: firstStep); rate[i] = 1
        if o.finished {
            flags[i] = Self.finished
            pool.append(o.answer)
        } else {
            flags[i] = Self.live
            liveList[liveCount] = Int32(truncatingIfNeeded: i); liveCount += 1
            changed[changedCount] = Int32(truncatingIfNeeded: i); changedCount += 1
            scheduleNext(i, fromRead: 0, env)
        }
        return true
    }

    /// Charges every opened branch what the step loop would have read by the end of `endStep`.
    mutating func charge(_ env: inout ReplayEnvironment, endStep: Int) {
        for i in 0..<count {
            let depth: Int
            switch flags[i] {
            case Self.finished: depth = Int(probes[i]) + 1
            case Self.abandoned: depth = Int(endDepth[i])
            default: depth = Int(d0[i]) + Int(rate[i]) * (endStep - Int(s0[i]) + 1)
            }
            env.continueMany(i, depth - 1)
        }
    }

    mutating func solve(_ env: inout ReplayEnvironment) -> AnswerID? {
        for _ in 0..<s.nInit where !spawn(&env, firstStep: 0) { break }
        if count == 0 { return nil }

        var emaConf = 0.0
        var outerStep = 0
        while outerStep < ConfidenceMomentum.maxOuter {
            var (poolWinner, poolConf) = pool.stats()
            let warmEnough = outerStep >= s.warmUp
            emaConf = (1.0 - s.emaAlpha) * emaConf + s.emaAlpha * poolConf
            history.append(emaConf)

            if warmEnough, let w = poolWinner {
                if w != judgedWinner {
                    // Latest answers are exact only where agreement could flip: refresh them all.
                    judgedWinner = w
                    for k in 0..<liveCount {
                        let i = Int(liveList[k])
                        latest[i] = env.peekProbe(at: i, read: depth(i, atStartOf: outerStep) - 1).answer
                        judge(i, outerStep, reschedule: true, env)
                    }
                } else {
                    for k in 0..<changedCount where flags[Int(changed[k])] == Self.live {
                        judge(Int(changed[k]), outerStep, reschedule: false, env)
                    }
                }
                let t = outerStep - s.abandonPatience + 1
                if t >= 0 { candidates += Int(streakAt[t]) }
                addedThrough = outerStep
                if candidates > 0 && liveCount > 2 { abandon(outerStep) }
            }
            changedCount = 0

            // Check events: branches whose agreement may flip or that finish at this step.
            var b = bucket[outerStep]
            bucket[outerStep] = -1
            finishingCount = 0
            while b >= 0 {
                let i = Int(b)
                b = evNext[i]
                evStep[i] = -1
                let d = depth(i, atStartOf: outerStep + 1)
                if d > Int(probes[i]) {
                    finishing[finishingCount] = Int32(truncatingIfNeeded: i); finishingCount += 1
                } else {
                    let a = env.peekProbe(at: i, read: d - 1).answer
                    if (a == judgedWinner) != (latest[i] == judgedWinner) {
                        changed[changedCount] = Int32(truncatingIfNeeded: i); changedCount += 1
                    }
                    latest[i] = a
                    scheduleNext(i, fromRead: d - 1, env)
                }
            }
            if finishingCount > 0 {
                // The step loop probes most-probed first (depth before this step), ties in opening order.
                for j in 1..<max(1, finishingCount) {
                    let x = finishing[j], dx = depth(Int(x), atStartOf: outerStep)
                    var k = j
                    while k > 0 {
                        let y = finishing[k - 1], dy = depth(Int(y), atStartOf: outerStep)
                        if dy > dx || (dy == dx && y < x) { break }
                        finishing[k] = y; k -= 1
                    }
                    finishing[k] = x
                }
                for j in 0..<finishingCount {
                    let i = Int(finishing[j])
                    let a = env.peekAnswer(at: i, read: Int(probes[i]))
                    latest[i] = a
                    flags[i] = Self.finished
                    endStreak(i)
                    pool.append(a)
                }
                rebuildLive()
            }

            (poolWinner, poolConf) = pool.stats()
            let nComplete = pool.count
            emaConf = (1.0 - s.emaAlpha) * emaConf + s.emaAlpha * poolConf
            history.replaceLast(emaConf)
            let emaDelta = history.delta

            let gateEligible = warmEnough && nComplete >= s.minComplete
            if gateEligible && emaConf >= s.confThresh && emaDelta >= -s.deltaSlack {
                charge(&env, endStep: outerStep)
                return poolWinner
            }
            if liveCount == 0 { break }

            let canWiden = totalSpawned < s.maxBranchUse && totalSpawned < ConfidenceMomentum.maxBranch
            let trendWeak = emaDelta <= s.trendThresh
            if canWiden && trendWeak && outerStep >= max(1, s.warmUp / 2) && emaConf < s.confThresh {
                for _ in 0..<s.widenBurst {
                    if totalSpawned >= s.maxBranchUse || totalSpawned >= ConfidenceMomentum.maxBranch { break }
                    if !spawn(&env, firstStep: outerStep + 1) { break }
                }
            }
            outerStep += 1
        }
        let endStep = min(outerStep, ConfidenceMomentum.maxOuter - 1)
        charge(&env, endStep: endStep)

        let (finalWinner, _) = pool.stats()
        if let finalWinner { return finalWinner }
        var latestLive: [AnswerID] = []
        for i in 0..<count where flags[i] != Self.abandoned {
            // A live branch's latest answer is exact only at its checks: read it at its depth.
            latestLive.append(flags[i] == Self.live ? env.peekAnswer(at: i, read: Int(d0[i]) + Int(rate[i]) * (endStep - Int(s0[i]) + 1) - 1) : latest[i])
        }
        return env.tally.majority(latestLive)
    }
}
