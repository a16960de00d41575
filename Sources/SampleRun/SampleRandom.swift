import ReplayCore

/// The generator's only source of randomness: Python's MT19937 (`ReplayCore.MersenneTwister`)
/// with draws built from integer outputs and IEEE basic arithmetic only.
///
/// Why: the sample run is committed and must regenerate byte for byte on any machine. Basic
/// floating-point operations are correctly rounded everywhere, but `log`, `exp` or `cos` from the
/// platform's libm are not guaranteed to be; so nothing here calls them (see `DetMath`).
struct SampleRandom {
    private var mt: MersenneTwister

    init(seed: UInt64) { mt = MersenneTwister(seed: seed) }

    /// A child stream for one named part of the output (a store, a question, a round), so that
    /// changing how one part draws never shifts the numbers of another.
    static func stream(_ seed: UInt64, _ parts: [UInt64]) -> SampleRandom {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for p in parts {
            h ^= p
            h = h &* 0x0000_0100_0000_01B3
            h ^= h >> 29
        }
        return SampleRandom(seed: h >> 1)
    }

    /// Python's `random()`: 53 random bits in [0, 1).
    mutating func uniform() -> Double {
        let a = UInt64(mt.next32() >> 5), b = UInt64(mt.next32() >> 6)
        return Double(a * 67_108_864 + b) / 9_007_199_254_740_992.0
    }

    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * uniform() }

    /// An integer in `0..<n`.
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : mt.randbelow(n) }

    /// An integer in `lo...hi`.
    mutating func int(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// An approximately standard normal draw (Irwin-Hall: sum of 12 uniforms minus 6), which
    /// needs no transcendental function and is bounded to ±6, which suits lengths and skills.
    mutating func normal() -> Double {
        var s = 0.0
        for _ in 0..<12 { s += uniform() }
        return s - 6
    }

    /// Index drawn with the given non-negative weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = uniform() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// `n` lowercase hex digits (round ids' 8-hex suffix).
    mutating func hex(_ n: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<n).map { _ in digits[below(16)] })
    }
}

/// Transcendental functions from basic arithmetic only, so results are identical on every
/// platform (see `SampleRandom`).
enum DetMath {
    static let ln2 = 0.693_147_180_559_945_3

    /// e^x by range reduction to |r| <= ln2/2 and a fixed 22-term Taylor series.
    static func exp(_ x: Double) -> Double {
        if x > 700 { return .infinity }
        if x < -700 { return 0 }
        let k = (x / ln2 + (x >= 0 ? 0.5 : -0.5)).rounded(.towardZero)
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        for i in 1...22 {
            term = term * r / Double(i)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1.0)
    }

    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}
