/// The Beta-majority confidence `1 - I_0.5(top1 + 1, top2 + 1)`, computed exactly.
///
/// For integer arguments it equals `P(X <= top1)` with `X ~ Binomial(top1 + top2 + 1, 1/2)`, a
/// dyadic rational. The reference's library routine is one ulp off for about a fifth of the pairs;
/// the exact value never changes a decision or a 4-decimal rounding (checked against the
/// reference traces), so exact it is. Values are tabulated once for all pairs with
/// `top1 + top2 < maxVotes` (every vote over at most 128 branches) and computed on demand beyond.
public enum BetaConfidence {
    public static let maxVotes = 130

    /// `confidence(top1, top2)`; 0 when `top1 == 0`.
    @inline(__always)
    public static func value(top1: Int, top2: Int) -> Double {
        if top1 <= 0 { return 0 }
        if top1 &+ top2 < maxVotes { return table[top1 &* maxVotes &+ top2] }
        return exact(top1: top1, top2: top2)
    }

    private static let table: [Double] = {
        var t = [Double](repeating: 0, count: maxVotes * maxVotes)
        for n in 1...maxVotes {
            // Row n of Pascal's triangle, cumulative, as big integers.
            // top1 + top2 + 1 == n; walk top1 upwards with a running cumulative sum.
            let row = BigRow(n: n)
            var running: [UInt64] = [0]
            for top1 in 0..<min(n, maxVotes) {
                running = BigRow.add(running, row.coefficients[top1])
                let top2 = n - 1 - top1
                if top1 == 0 { continue }
                t[top1 * maxVotes + top2] = BigRow.toDouble(running, dividedByPowerOfTwo: n)
            }
        }
        return t
    }()

    static func exact(top1: Int, top2: Int) -> Double {
        BigRow(n: top1 + top2 + 1).cdf(upTo: top1)
    }

    /// Cumulative binomial coefficients of one row, with exact conversion of `sum / 2^n` to Double.
    private struct BigRow {
        let n: Int
        var coefficients: [[UInt64]] = []  // little-endian limbs

        init(n: Int) {
            self.n = n
            var c: [UInt64] = [1]
            coefficients.append(c)
            if n > 0 {
                for k in 1...n {
                    // C(n, k) = C(n, k-1) * (n - k + 1) / k
                    c = BigRow.divide(BigRow.multiply(c, UInt64(n - k + 1)), UInt64(k))
                    coefficients.append(c)
                }
            }
        }

        func cdf(upTo k: Int) -> Double {
            var sum: [UInt64] = [0]
            for i in 0...min(k, n) { sum = BigRow.add(sum, coefficients[i]) }
            return BigRow.toDouble(sum, dividedByPowerOfTwo: n)
        }

        static func multiply(_ a: [UInt64], _ m: UInt64) -> [UInt64] {
            var out: [UInt64] = []
            var carry: UInt64 = 0
            for limb in a {
                let (hi, lo) = limb.multipliedFullWidth(by: m)
                let (s, o) = lo.addingReportingOverflow(carry)
                out.append(s)
                carry = hi &+ (o ? 1 : 0)
            }
            if carry != 0 { out.append(carry) }
            return out
        }

        static func divide(_ a: [UInt64], _ d: UInt64) -> [UInt64] {
            var out = [UInt64](repeating: 0, count: a.count)
            var remainder: UInt64 = 0
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                let (q, r) = d.dividingFullWidth((high: remainder, low: a[i]))
                out[i] = q
                remainder = r
            }
            while out.count > 1 && out.last == 0 { out.removeLast() }
            return out
        }

        static func add(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
            var out: [UInt64] = []
            var carry: UInt64 = 0
            for i in 0..<max(a.count, b.count) {
                let x = i < a.count ? a[i] : 0
                let y = i < b.count ? b[i] : 0
                let (s1, o1) = x.addingReportingOverflow(y)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                out.append(s2)
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
            if carry != 0 { out.append(carry) }
            return out
        }

        /// Correctly rounded `value / 2^p`: keep the top 64 bits, fold the rest into a sticky bit
        /// (64 > 53 + 2, so round-to-nearest-even of the truncated value is the right rounding).
        static func toDouble(_ value: [UInt64], dividedByPowerOfTwo p: Int) -> Double {
            var limbs = value
            while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
            let topIndex = limbs.count - 1
            if limbs.count == 1 && limbs[0] == 0 { return 0 }
            let lz = limbs[topIndex].leadingZeroBitCount
            let bitLength = topIndex * 64 + (64 - lz)
            // Extract the top 64 bits.
            let shift = bitLength - 64  // bits below the top 64
            var top: UInt64
            var sticky = false
            if shift <= 0 {
                top = limbs[0] << UInt64(-shift)
                return Double(top) * pow2(-p + shift)
            }
            let limbShift = shift / 64, bitShift = shift % 64
            top = limbs[limbShift] >> UInt64(bitShift)
            if bitShift > 0 && limbShift + 1 < limbs.count {
                top |= limbs[limbShift + 1] << UInt64(64 - bitShift)
            }
            if bitShift > 0 && (limbs[limbShift] & ((UInt64(1) << UInt64(bitShift)) - 1)) != 0 { sticky = true }
            for i in 0..<limbShift where limbs[i] != 0 { sticky = true }
            if sticky { top |= 1 }
            return Double(top) * pow2(shift - p)
        }

        static func pow2(_ e: Int) -> Double {
            Double(sign: .plus, exponent: e, significand: 1.0)
        }
    }
}
