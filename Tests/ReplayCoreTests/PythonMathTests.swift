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
