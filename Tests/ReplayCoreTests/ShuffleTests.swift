import Foundation
import Testing
@testable import ReplayCore

@Suite("Python-compatible Mersenne Twister")
struct ShuffleTests {
    @Test("first outputs of random.Random(0)")
    func firstOutputs() {
        var rng = MersenneTwister(seed: 0)
        // Published MT19937 reference with init_by_array([0]); also in shuffle_vectors.json.
        #expect((0..<5).map { _ in rng.next32() } == [3626764237, 1654615998, 3255389356, 3823568514, 1806341205])
    }

    @Test("seeds above 32 bits are split into words")
    func largeSeed() {
        var a = MersenneTwister(seed: 1 << 32)
        var b = MersenneTwister(seed: 0)
        #expect(a.next32() != b.next32())
    }

    @Test("permutations in shuffle_vectors.json", .enabled(if: SharedData.available, SharedData.skipMessage))
    func permutations() throws {
        let data = try #require(FileManager.default.contents(atPath: SharedData.autotts + "/shuffle_vectors.json"))
        let json = try JSONParser.parse(Array(data))
        let shuffles = try #require(json["shuffles"]?.objectValue)
        #expect(shuffles.count >= 5)
        for (seed, list) in zip(shuffles.keys, shuffles.values) {
            let expected = try #require(list.arrayValue).compactMap(\.intValue)
            #expect(MersenneTwister.permutation(seed: UInt64(seed)!, count: expected.count) == expected, "seed \(seed)")
        }
        let draws = try #require(json["getrandbits32_seed0"]?.arrayValue).compactMap(\.intValue)
        var rng = MersenneTwister(seed: 0)
        #expect(draws.map { _ in Int(rng.getrandbits(32)) } == draws)
    }
}
