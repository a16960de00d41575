import Testing
@testable import ReplayCore

@Suite("Python-exact number handling")
struct PythonMathTests {
    @Test("repr of floats", arguments: [
        (0.1, "0.1"), (5.0, "5.0"), (0.95, "0.95"), (1e-05, "1e-05"), (0.0001, "0.0001"), (1e16, "1e+16"),
        (1e15, "1000000000000000.0"), (123.456, "123.456"), (-2.5, "-2.5"), (0.30000000000000004, "0.30000000000000004"),
        (1.5e-10, "1.5e-10"), (2.0e20, "2e+20"),
    ])
    func repr(value: Double, expected: String) {
        #expect(PythonFormat.floatRepr(value) == expected)
    }

    @Test("round(x) sends halves to the even neighbour")
    func roundHalfEven() {
        #expect(PythonFormat.roundHalfEven(2.5) == 2)
        #expect(PythonFormat.roundHalfEven(7.5) == 8)
        #expect(PythonFormat.roundHalfEven(3.5) == 4)
        #expect(PythonFormat.roundHalfEven(-0.5) == 0)
    }

    static let roundCases: [(Double, Double)] = [
        (0.5, 0.5), (0.934, 0.934), (0.013, 0.013), (0.12345, 0.1235),
        (0.00005, 0.0001), (2.675, 2.675), (1.00005, 1.0001), (0.91405, 0.9141), (-0.00015, -0.0001), (0.9999999, 1.0),
    ]

    @Test("round(x, 4) of CMC schedule values")
    func scheduleRounding() {
        let s = ConfidenceMomentum.Schedule(beta: 0.7)
        #expect(s.emaAlpha == 0.42 && s.confThresh == 0.934 && s.deltaSlack == 0.019 && s.trendThresh == 0.019)
        #expect(s.abandonPatience == 9 && s.widenBurst == 3 && s.minComplete == 4)  // round(9.3), round(3.1), round(4.1)
        let half = ConfidenceMomentum.Schedule(beta: 0.5)
        #expect(half.abandonPatience == 8 && half.widenBurst == 2 && half.minComplete == 4)  // 7.5 -> 8, 2.5 -> 2, 3.5 -> 4
    }

    @Test("round(x, 4) rounds the exact binary value", arguments: roundCases)
    func round4(value: Double, expected: Double) {
        // 0.00005 and 1.00005 are below their halfway points in binary; 0.91405 above.
        #expect(PythonFormat.round(value, digits: 4) == expected, "round(\(value), 4)")
    }

    @Test("round(x, n) as Python 3 prints it, on both sides of the 64-bit path", arguments: [
        (2.5, 0, 2.0), (0.125, 2, 0.12), (0.375, 2, 0.38), (1e-09, 8, 0.0), (5e-09, 8, 1e-08), (1.5e-08, 8, 1e-08),
        (123456789012.5, 0, 123456789012.0), (98765432109.87654, 8, 98765432109.87654), (0.0004999, 3, 0.0),
        (3.0517578125e-05, 8, 3.052e-05), (1e-300, 4, 0.0), (4503599627370495.5, 0, 4503599627370496.0),
        // Past 2^53 once scaled (Python's results, from random.uniform with seed 3).
        (23872666246.479946, 8, 23872666246.479946), (521778142060962.44, 7, 521778142060962.44), (62609458380.3946, 1, 62609458380.4),
        (2422437560604293.5, 7, 2422437560604293.5), (26009466031.36796, 3, 26009466031.368), (54143291174.34098, 8, 54143291174.34098),
        (1905465199476469.8, 2, 1905465199476469.8), (23269008337.129494, 2, 23269008337.13), (39054678416.63257, 0, 39054678417.0),
    ])
    func roundDigits(value: Double, digits: Int, expected: Double) {
        #expect(PythonFormat.round(value, digits: digits) == expected, "round(\(value), \(digits))")
        #expect(PythonFormat.round(-value, digits: digits) == -expected, "round(-\(value), \(digits))")
    }

    @Test("round's 64-bit path agrees with the 128-bit one on random values, halves and every digit count")
    func roundPathsAgree() {
        var rng = SplitMix(seed: 7)
        var checked = 0
        var mismatches: [String] = []
        for i in 0..<400_000 {
            let digits = i % 9
            var x: Double
            switch i % 4 {
            case 0: x = Double(rng.next() >> 11) / Double(1 << 53)  // [0, 1)
            case 1: x = Double(rng.next() >> 11) / Double(1 << 53) * 1000
            case 2: x = Double(bitPattern: (rng.next() >> 2) | 0x3000_0000_0000_0000)  // wide exponents
            default:
                // Exactly halfway between two decimals of `digits` places when representable.
                var scale = 1.0
                for _ in 0..<digits { scale *= 10 }
                x = (Double(rng.next() % 100_000) + 0.5) / scale
            }
            guard x.isFinite, x != 0 else { continue }
            let e = Int(x.exponent) - 52
            guard x.isNormal, e < 0 else { continue }
            var scale: UInt64 = 1
            for _ in 0..<digits { scale *= 10 }
            let wide = PythonFormat.roundWide(significand: x.significandBitPattern | (1 << 52), shift: -e, scale: scale, digits: digits, negative: false)
            if PythonFormat.round(x, digits: digits) != wide { mismatches.append("round(\(x), \(digits))") }
            checked += 1
        }
        #expect(checked > 300_000)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("Beta confidence is P(X <= top1), X ~ Bin(top1 + top2 + 1, 1/2), exactly")
    func betaConfidence() {
        #expect(BetaConfidence.value(top1: 0, top2: 5) == 0)
        #expect(BetaConfidence.value(top1: 2, top2: 0) == 0.875)
        #expect(BetaConfidence.value(top1: 3, top2: 0) == 0.9375)
        #expect(BetaConfidence.value(top1: 7, top2: 7) == 0.5)  // the library routine says 0.5000000000000001
        #expect(BetaConfidence.value(top1: 1, top2: 1) == 0.5)
        #expect(BetaConfidence.value(top1: 3, top2: 1) == 26.0 / 32.0)
        // Beyond the table: still exact, and symmetric: P(X <= a) + P(X <= b) = 1 when a + b + 1 = n.
        #expect(BetaConfidence.value(top1: 300, top2: 300) == 0.5)
        for (a, b) in [(10, 3), (40, 22), (100, 90), (255, 1)] {
            let x = BetaConfidence.value(top1: a, top2: b), y = BetaConfidence.value(top1: b, top2: a)
            #expect(abs(x + y - 1) < 1e-15, "\(a), \(b)")
        }
    }

    @Test("Python literal dicts from Description columns")
    func pythonLiterals() throws {
        let d = try #require(PythonLiteral.parseDict("{'num_chains': 64, 'eps_inter': 5.0, 'flag': True, 'x': None, 'name': \"it's\", 'l': [1, 2]}"))
        #expect(d.map(\.key) == ["num_chains", "eps_inter", "flag", "x", "name", "l"])
        #expect(d[0].value == .int(64))
        #expect(d[1].value == .float(5.0))
        #expect(d[2].value == .bool(true))
        #expect(d[3].value == PythonLiteral.none)
        #expect(d[4].value == .string("it's"))
        #expect(d[5].value == .list([.int(1), .int(2)]))
        #expect(PythonLiteral.parseDict("{'a': 1") == nil)
        #expect(PythonLiteral.parseDict("not a dict") == nil)
    }
}
