/// Python's `random.Random`: MT19937 seeded with `init_by_array`, bit for bit.
///
/// The replay order of a question's branches is `random.Random(seed).shuffle(range(128))` in the
/// reference, so every accuracy and cost number depends on reproducing this generator exactly.
public struct MersenneTwister: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// Seeds as `random.Random(seed)` does for a non-negative integer.
    public init(seed: UInt64) {
        // Python splits the seed into 32-bit words, least significant first; 0 gives [0].
        var key: [UInt32] = []
        var s = seed
        repeat {
            key.append(UInt32(truncatingIfNeeded: s))
            s >>= 32
        } while s != 0
        initByArray(key)
    }

    private mutating func initGenrand(_ s: UInt32) {
        state[0] = s
        for i in 1..<624 {
            let prev = state[i - 1]
            state[i] = 1_812_433_253 &* (prev ^ (prev >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    private mutating func initByArray(_ key: [UInt32]) {
        initGenrand(19_650_218)
        var i = 1, j = 0
        var k = max(624, key.count)
        while k > 0 {
            let prev = state[i - 1]
            state[i] = (state[i] ^ ((prev ^ (prev >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            if j >= key.count { j = 0 }
            k -= 1
        }
        k = 623
        while k > 0 {
            let prev = state[i - 1]
            state[i] = (state[i] ^ ((prev ^ (prev >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            k -= 1
        }
        state[0] = 0x8000_0000
        index = 624
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
            var v = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { v ^= 0x9908_B0DF }
            state[i] = v
        }
        index = 0
    }

    /// One 32-bit output (`genrand_uint32`).
    public mutating func next32() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// `getrandbits(k)` for `1 <= k <= 32`.
    public mutating func getrandbits(_ k: Int) -> UInt32 {
        precondition(k >= 1 && k <= 32)
        return next32() >> UInt32(32 - k)
    }

    /// `_randbelow(n)`: rejection sampling on `n.bit_length()` bits.
    public mutating func randbelow(_ n: Int) -> Int {
        precondition(n > 0 && n <= Int(UInt32.max))
        let k = Int.bitWidth - n.leadingZeroBitCount
        var r = Int(getrandbits(k))
        while r >= n { r = Int(getrandbits(k)) }
        return r
    }

    /// `random.shuffle(list)` in place.
    public mutating func shuffle<T>(_ list: inout [T]) {
        var i = list.count - 1
        while i >= 1 {
            let j = randbelow(i + 1)
            list.swapAt(i, j)
            i -= 1
        }
    }

    /// The branch order for one shuffle seed: `random.Random(seed).shuffle(list(range(count)))`.
    public static func permutation(seed: UInt64, count: Int) -> [Int] {
        var rng = MersenneTwister(seed: seed)
        var list = Array(0..<count)
        rng.shuffle(&list)
        return list
    }
}
