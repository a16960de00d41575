import Foundation
import Testing
@testable import Dashboard
import Runs

/// The hint bar shows only keys that do something now (`KeyBinding.enabled`), and the Trace
/// view walks and lists configurations in β order with the traced ones marked.
@Suite struct HintAndOrderTests {
    static func hintLine(_ s: AppState) -> String {
        let lines = screen(s).components(separatedBy: "\n")
        return lines[lines.count - 1]
    }

    @Test("c compare only once a round is marked; Enter open and select only with rounds to open")
    func roundsHints() throws {
        let s = try TraceFeatureTests.sampleState(width: 80, height: 24)
        #expect(Self.hintLine(s) == " ↑↓ select  Enter open  → backbones  / filter  Space mark  q quit  ? help")
        let marked = apply(s, .compare(.toggleMark))
        #expect(Self.hintLine(marked).contains("c compare"))
        // A filter that matches nothing: nothing to select, open or mark.
        let none = apply(s, .beginFilter, .filterInput("z"), .filterInput("z"), .filterCommit)
        #expect(none.visibleRounds.isEmpty)
        let line = Self.hintLine(none)
        #expect(!line.contains("Enter open") && !line.contains("select") && !line.contains("Space mark"), "\(line)")
        #expect(line.contains("/ filter") && line.contains("? help"))
        // Help still lists every key, whatever the state.
        let help = KeyTable().helpSections().flatMap(\.rows).map(\.description)
        #expect(help.contains("Compare the marked rounds") && help.contains("Open the round: results, summary, source"))
    }

    @Test("→ backbones while there are backbone columns to the right; at 160 columns every backbone fits")
    func wideRoundsHints() throws {
        let s = try TraceFeatureTests.sampleState(width: 160, height: 45)
        #expect(!Self.hintLine(s).contains("backbones"))
        let narrow = try TraceFeatureTests.sampleState(width: 80, height: 24)
        #expect(Self.hintLine(apply(narrow, .move(.right))).contains("→ backbones"))
        #expect(!Self.hintLine(apply(narrow, .move(.right), .move(.right))).contains("→ backbones"))   // Synth-S, the last
    }

    @Test("c / C walk r0005's configurations in β order (the CSV has 1.0, 0.8, … 0.2, 0.9); the strip marks the traced one")
    func configurationsInBetaOrder() throws {
        var s = try TraceFeatureTests.sampleState()
        let row = try #require(s.visibleRounds.firstIndex { $0.name == "r0005" })
        s.rounds.selected = row
        let (opened, effects) = Reducer.reduce(s, .trace(.openSelectedRound))
        s = try TraceFeatureTests.settle(opened, effects)
        let set = try #require(s.snapshot?.run?.round(id: s.trace.target!.roundID)?.results(backbone: "Synth-L", benchmark: "synth-search"))
        // The file's own order is not β order…
        let fileOrder = set.rows.map { $0.configuration.number("beta")! }
        #expect(fileOrder != fileOrder.sorted())
        // …the walk is.
        func beta(_ s: AppState) -> Double? { RowConfiguration.parse(description: s.trace.target!.description)?.number("beta") }
        #expect(beta(s) == 0.5)
        var walked: [Double] = []
        var t = s
        for _ in 0..<11 {
            t = apply(t, .trace(.cycle(.configuration, forward: true)))
            walked.append(beta(t)!)
        }
        #expect(walked == [0.6, 0.7, 0.8, 0.9, 1.0, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5])
        #expect(beta(apply(s, .trace(.cycle(.configuration, forward: false)))) == 0.4)
        #expect(TraceFeature.configurations(s).compactMap { RowConfiguration.parse(description: $0)?.number("beta") }
                == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
        // The strip under the chooser: current in brackets, the traced one marked; style says which is current.
        let text = screen(s)
        #expect(text.contains(" β  0.0 0.1 0.2 0.3 0.4 [●0.5] 0.6 0.7 0.8 0.9 1.0    ● traced"))
        let frame = RootView.frame(s)
        let lineY = text.components(separatedBy: "\n").firstIndex { $0.contains("[●0.5]") }!
        let bx = Array(text.components(separatedBy: "\n")[lineY]).firstIndex(of: "[")!
        #expect(frame[bx, lineY].style == Style(.accent, bold: true))
        #expect(frame[bx - 2, lineY].style == .dim)      // 0.4: not traced
        // At 80 columns the strip is still whole (eleven values fit).
        var narrow = s
        narrow.width = 80; narrow.height = 24
        #expect(screen(narrow).contains("[●0.5]"))
    }

    @Test("no p prune hint on a timeline without prunes; w widen and s stop where they apply")
    func timelineHints() throws {
        let s = try StatusMessageTests.timelineAtEnd()
        let t = try #require(s.trace.timeline)
        #expect(!t.events.contains { $0.has(.prune) })
        let line = Self.hintLine(s)
        #expect(!line.contains("prune"), "\(line)")
        #expect(line.contains("s stop") && line.contains("i question"))
    }
}
