import Foundation
import Testing
@testable import Dashboard

/// The Compare keys dispatch where they should: marking in the Rounds view, sections in Compare.
@Suite struct CompareKeyTests {
    @Test func keysByContext() throws {
        let table = KeyTable()
        var s = try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: 120, height: 40)
        #expect(table.action(for: .char(" "), in: s) == .compare(.toggleMark))
        #expect(table.action(for: .char("p"), in: s) == .compare(.pinRound))
        #expect(table.action(for: .char("c"), in: s) == .compare(.open))
        s.tab = .compare
        #expect(KeyTable.contexts(for: s) == [.compare, .global])
        #expect(table.action(for: .char("c"), in: s) == .compare(.showSection(.code)))
        #expect(table.action(for: .char("x"), in: s) == .compare(.showSection(.flips)))
        #expect(table.action(for: .enter, in: s) == .drillIn)
        s.compare.section = .code
        #expect(KeyTable.contexts(for: s) == [.compareDiff, .compare, .global])
        #expect(table.action(for: .char("n"), in: s) == .nextMatch)
        #expect(table.action(for: .char("q"), in: s) == .quit)
        // No key is bound twice in one context.
        for ctx in KeyTable().contextOrder {
            var seen = Set<Key>()
            for b in table.bindings where b.context == ctx {
                for k in b.keys where !(b.action == .move(.down) || b.action == .move(.right)) {
                    #expect(!seen.contains(k), "\(k) twice in \(ctx)")
                    seen.insert(k)
                }
            }
        }
    }

    @Test("the β of the trajectory steps by 0.1 and stays in range")
    func trajectoryBeta() {
        var s = AppState()
        s = apply(s, .compare(.trajectoryBetaUp), .compare(.trajectoryBetaUp))
        #expect(s.compare.trajectoryBeta == 1.2)
        for _ in 0..<20 { s = apply(s, .compare(.trajectoryBetaDown)) }
        #expect(s.compare.trajectoryBeta == 0)
    }
}

@Suite struct CompareSidesTests {
    @Test("default sides, the seeds split into families, and pinning the next side")
    func sides() throws {
        var s = try RealRunScreenTests.state(RunSnapshotTests.samplePath, width: 120, height: 40)
        s.compare = CompareUIState()
        // Nothing marked: the last two rounds with results (r0006 is still evaluating but reports some).
        let d = try #require(CompareModel.make(s))
        #expect(d.isDefault && d.sides.map(\.label) == ["r0005", "r0006"])
        s = try CompareScreenTests.compared(RunSnapshotTests.samplePath, ["seed", "r0004"], width: 120, height: 40, then: [.compare(.toggleSplitFamilies)])
        let m = try #require(CompareModel.make(s))
        #expect(m.sides.count == 5 && m.sides.last?.label == "r0004")
        #expect(m.sides.filter { $0.roundName == "seed" }.allSatisfy { $0.family != nil })
        let sc = try #require(m.sides.firstIndex { $0.label == "seed/sc" })
        // Pin the next side until seed/sc is the baseline.
        var t = s
        while let mm = CompareModel.make(t), mm.baseline != sc { t = CompareScreenTests.run(t, [.compare(.pinNextSide)]) }
        let c = try #require(CompareModel.make(t)).comparison()
        #expect(c.sides[c.baseline].label == "seed/sc" && c.points[c.baseline].count == 6)
        #expect(screen(t).contains("seed/sc ⚑ baseline"))
    }
}
