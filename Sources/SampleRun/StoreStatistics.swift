import ReplayCore

/// The figures used to compare synthetic stores with the real ones: how often an intermediate
/// answer changes from one probe to the next by depth, how long traces are, how often a probe
/// reads "ERR", and how accurate one branch and the majority of 64 are.
///
/// Why these: they are what a controller's behaviour depends on (when to stop probing, how many
/// branches to open, what a vote is worth), so a sample run whose stores match them shows
/// controllers behaving as they do on real data.
public struct StoreStatistics: Sendable {
    /// Depth buckets of 10 probes: 0-9, 10-19, ..., 70-79.
    public static let bucketCount = 8
    public static let bucketWidth = 10

    /// Per bucket: probe-to-probe changes and transitions counted (transition into probe `i`
    /// belongs to bucket `i / 10`).
    public var changes = [Int](repeating: 0, count: bucketCount)
    public var transitions = [Int](repeating: 0, count: bucketCount)
    public var errProbes = [Int](repeating: 0, count: bucketCount)
    public var probesByBucket = [Int](repeating: 0, count: bucketCount)
    /// Sorted branch lengths in tokens.
    public var lengths: [Int] = []
    public var probeCounts: [Int] = []
    /// Branches whose `tokens` is below `probes * probe_freq`, and at least one interval above.
    public var shorterThanProbes = 0
    public var longerThanProbes = 0
    public var questions = 0
    public var majority64Correct = 0
    public var singleAccuracySum = 0.0
    public var distinctFinals: [Int] = []
    public var lastProbeIsFinal = 0

    public init(_ store: ReplayStore) {
        for q in store.questions {
            questions += 1
            var counts: [AnswerID: Int] = [:]
            var order: [AnswerID] = []
            var right = 0
            for b in 0..<q.branchCount {
                let start = Int(q.probeOffsets[b]), end = Int(q.probeOffsets[b + 1])
                let n = end - start
                probeCounts.append(n)
                lengths.append(Int(q.tokens[b]))
                let t = Int(q.tokens[b])
                if t < n * q.probeFreq { shorterThanProbes += 1 } else if t >= (n + 1) * q.probeFreq { longerThanProbes += 1 }
                for i in 0..<n {
                    let k = min(Self.bucketCount - 1, i / Self.bucketWidth)
                    probesByBucket[k] += 1
                    if q.answers[Int(q.probes[start + i])] == "ERR" { errProbes[k] += 1 }
                    if i > 0 {
                        transitions[k] += 1
                        if q.probes[start + i] != q.probes[start + i - 1] { changes[k] += 1 }
                    }
                }
                if n > 0 && q.probes[end - 1] == q.finals[b] { lastProbeIsFinal += 1 }
                if q.finals[b] == q.goldID { right += 1 }
                if b < 64 {
                    let f = q.finals[b]
                    if counts[f] == nil { order.append(f) }
                    counts[f, default: 0] += 1
                }
            }
            // Majority of the first 64 branches in file order; ties go to the first seen.
            var best: AnswerID? = nil, bestCount = 0
            for a in order where counts[a]! > bestCount { best = a; bestCount = counts[a]! }
            if best == q.goldID { majority64Correct += 1 }
            singleAccuracySum += Double(right) / Double(max(1, q.branchCount))
            distinctFinals.append(Set(q.finals).count)
        }
        lengths.sort()
        distinctFinals.sort()
    }

    public var branches: Int { lengths.count }

    /// Change rate per bucket; nil where fewer than `minimum` transitions were seen.
    public func changeRate(bucket k: Int, minimum: Int = 200) -> Double? {
        transitions[k] >= minimum ? Double(changes[k]) / Double(transitions[k]) : nil
    }

    public func errRate(bucket k: Int, minimum: Int = 200) -> Double? {
        probesByBucket[k] >= minimum ? Double(errProbes[k]) / Double(probesByBucket[k]) : nil
    }

    /// Length at quantile `p` (nearest rank below).
    public func lengthQuantile(_ p: Double) -> Int {
        lengths.isEmpty ? 0 : lengths[Int(p * Double(lengths.count - 1))]
    }

    public var majority64Accuracy: Double { questions == 0 ? 0 : Double(majority64Correct) / Double(questions) }
    public var singleAccuracy: Double { questions == 0 ? 0 : singleAccuracySum / Double(questions) }
    public var meanProbes: Double { probeCounts.isEmpty ? 0 : Double(probeCounts.reduce(0, +)) / Double(probeCounts.count) }
    public var shorterFraction: Double { Double(shorterThanProbes) / Double(max(1, branches)) }
    public var longerFraction: Double { Double(longerThanProbes) / Double(max(1, branches)) }
    public var cappedFraction: Double { Double(probeCounts.filter { $0 == 80 }.count) / Double(max(1, branches)) }
    public var medianDistinctFinals: Int { distinctFinals.isEmpty ? 0 : distinctFinals[distinctFinals.count / 2] }

    /// One line for reports: `change 0.41/0.33/... len p10/p50/p90 ... maj64 ... single ...`.
    public var summary: String {
        func f(_ x: Double?) -> String {
            guard let x else { return "-" }
            let v = Int(x * 1000 + 0.5)
            return "\(v / 1000).\(String(v % 1000).leftPad(3))"
        }
        let change = (0..<Self.bucketCount).map { f(changeRate(bucket: $0)) }.joined(separator: "/")
        let err = (0..<Self.bucketCount).map { f(errRate(bucket: $0)) }.joined(separator: "/")
        return "change \(change)  ERR \(err)  len p10/p50/p90/max \(lengthQuantile(0.1))/\(lengthQuantile(0.5))/\(lengthQuantile(0.9))/\(lengths.last ?? 0)"
            + "  probes \(f(meanProbes / 1000))k  short/long \(f(shorterFraction))/\(f(longerFraction))"
            + "  maj64 \(f(majority64Accuracy))  single \(f(singleAccuracy))  distinct \(medianDistinctFinals)"
    }
}

extension String {
    func leftPad(_ width: Int, with c: Character = "0") -> String {
        count >= width ? self : String(repeating: c, count: width - count) + self
    }
}
