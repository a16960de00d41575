import Testing
@testable import Dashboard

@Suite struct KeyTableTests {
    let table = KeyTable()

    @Test func globalKeys() {
        let s = loadedState(width: 80, height: 24)
        #expect(table.action(for: .char("q"), in: s) == .quit)
        #expect(table.action(for: .ctrl("c"), in: s) == .quit)
        #expect(table.action(for: .char("3"), in: s) == .selectTab(.trace))
        #expect(table.action(for: .tab, in: s) == .nextTab)
        #expect(table.action(for: .backTab, in: s) == .previousTab)
        #expect(table.action(for: .char("]"), in: s) == .nextTab)
        #expect(table.action(for: .char("?"), in: s) == .toggleHelp)
        #expect(table.action(for: .char("r"), in: s) == .refresh)
    }

    @Test func arrowsAndVimKeysAgree() {
        let s = loadedState(width: 80, height: 24)
        #expect(table.action(for: .up, in: s) == .move(.up))
        #expect(table.action(for: .char("k"), in: s) == .move(.up))
        #expect(table.action(for: .char("j"), in: s) == .move(.down))
        #expect(table.action(for: .enter, in: s) == .drillIn)
        let f = apply(s, .selectTab(.frontier))
        #expect(table.action(for: .char("h"), in: f) == .move(.left))
        #expect(table.action(for: .right, in: f) == .move(.right))
        #expect(table.action(for: .char(" "), in: f) == .frontier(.toggleSeries))
        #expect(table.action(for: .char("p"), in: f) == .frontier(.pinBaseline))
        #expect(table.action(for: .char("m"), in: f) == .frontier(.toggleSmallMultiples))
    }

    @Test func filterModeTakesText() {
        let s = apply(loadedState(width: 80, height: 24), .beginFilter)
        #expect(table.action(for: .char("q"), in: s) == .filterInput("q"))
        #expect(table.action(for: .escape, in: s) == .filterCancel)
        #expect(table.action(for: .enter, in: s) == .filterCommit)
        #expect(table.action(for: .backspace, in: s) == .filterDeleteBackward)
        #expect(table.action(for: .ctrl("c"), in: s) == .quit)
    }

    @Test func helpIsGeneratedFromTheTable() {
        let help = HelpOverlay.lines(table).map(\.text)
        for b in table.bindings {
            #expect(help.contains { $0.contains(b.description) } || help.contains { line in b.keys.allSatisfy { line.contains($0.label) } },
                    "binding \(b.description) missing from help")
        }
        #expect(help.contains("Frontier"))
        #expect(help.contains { $0.contains("Quit and restore the terminal") })
    }

    @Test("help at 80 columns wraps descriptions: every word of every key's description is on screen")
    func helpWrapsInsteadOfCutting() {
        let width = HelpOverlay.textWidth(screen: 80)
        let help = HelpOverlay.lines(table, width: width).map(\.text)
        #expect(help.allSatisfy { CharWidth.of($0) <= width }, "a help line is wider than the overlay")
        let words = help.joined(separator: " ").split(separator: " ").map(String.init)
        for b in table.bindings {
            let description = b.description.split(separator: " ").map(String.init)
            // The description's words, in order, somewhere in the help.
            let found = words.indices.contains { i in i + description.count <= words.count && Array(words[i..<(i + description.count)]) == description }
            #expect(found, "'\(b.description)' is cut in the help at 80 columns")
        }
    }

    @Test func hintsFollowContext() {
        let s = loadedState(width: 80, height: 24)
        #expect(table.hints(for: s).map(\.label).contains("open"))
        let f = apply(s, .selectTab(.frontier))
        #expect(table.hints(for: f).map(\.label).contains("pin"))
        #expect(screen(f).contains("pin"))
    }

    @Test func everyTableActionIsHandledByTheReducer() {
        // Each bound action must change state or ask for an effect somewhere sensible.
        let s = apply(loadedState(width: 120, height: 40), .selectTab(.frontier), .frontier(.toggleSeries), .move(.top))
        for b in table.bindings where b.context == .frontier {
            let (n, e) = Reducer.reduce(s, b.action)
            #expect(n != s || !e.isEmpty, "\(b.description) did nothing")
        }
    }

    /// A view may give a global key another meaning only by leaving `.global` out of its
    /// contexts (the launch form's text fields); otherwise `e`, `q`, `r` and the digits must
    /// do the same thing in every view, or a user's habits break from one view to the next.
    @Test func viewKeysNeverShadowGlobalOnes() {
        let global = table.bindings.filter { $0.context == .global }
        let exclusive: Set<KeyContext> = [.global, .filter, .help, .launchForm, .searchForm]
        var clashes: [String] = []
        for b in table.bindings where !exclusive.contains(b.context) {
            for key in b.keys {
                guard let g = global.first(where: { $0.keys.contains(key) }) else { continue }
                let same: Bool
                if case .move = g.action, case .move = b.action { same = true } else { same = g.action == b.action }
                if !same { clashes.append("\(b.context.rawValue): \(key.label) is \"\(b.description)\", globally \"\(g.description)\"") }
            }
        }
        #expect(clashes.isEmpty, "\(clashes.joined(separator: "; "))")
    }
}
