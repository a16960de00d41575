import Foundation
import Testing
@testable import Dashboard

/// A reload (the run changed on disk) keeps every cursor on the same thing: the selected
/// round by id, the Frontier's backbone, series and point, scroll positions and open panes.
@Suite struct LiveReloadTests {
    static func reload(_ s: AppState, _ change: (inout DashboardSnapshot) -> Void) -> AppState {
        var snap = s.snapshot!
        change(&snap)
        return apply(s, .loaded(snap))
    }

    @Test func selectedRoundSurvivesARoundInsertedBeforeIt() {
        var s = apply(loadedState(width: 120, height: 40), .move(.down), .move(.down), .move(.down))
        let id = s.selectedRound!.id
        let index = s.rounds.selected
        s = Self.reload(s) { snap in
            snap.rounds.rows.insert(RoundRow(id: "r-new", name: "new round", phase: .proposing), at: 1)
        }
        #expect(s.selectedRound?.id == id)
        #expect(s.rounds.selected == index + 1)
    }

    @Test func openDetailAndItsScrollSurviveAReload() {
        var s = apply(loadedState(width: 120, height: 40), .move(.down), .move(.down), .drillIn, .move(.down), .move(.down))
        let id = s.selectedRound!.id
        #expect(s.rounds.detailOpen && s.rounds.detailScroll == 2)
        s = Self.reload(s) { snap in
            snap.rounds.rows.insert(RoundRow(id: "r-new", name: "new round", phase: .proposing), at: 0)
        }
        #expect(s.rounds.detailOpen && s.rounds.detailScroll == 2 && s.selectedRound?.id == id)
    }

    @Test func aFilteredSelectionStaysPut() {
        var s = apply(loadedState(width: 120, height: 40), .beginFilter, .filterInput("r"), .filterCommit, .move(.bottom))
        let id = s.selectedRound!.id
        s = Self.reload(s) { snap in
            snap.rounds.rows.insert(RoundRow(id: "r-first", name: "round first", phase: .proposing), at: 0)
        }
        #expect(s.selectedRound?.id == id)
    }

    @Test func aVanishedRoundLeavesTheCursorInRange() {
        var s = apply(loadedState(width: 120, height: 40), .move(.bottom))
        s = Self.reload(s) { snap in snap.rounds.rows.removeLast(2) }
        #expect(s.rounds.selected == s.visibleRounds.count - 1)
    }

    @Test func frontierCursorStaysOnTheSamePointAsTheFrontierGrows() {
        var s = apply(loadedState(width: 120, height: 40), .selectTab(.frontier), .frontier(.nextBackbone), .move(.down), .move(.right))
        let backbone = s.currentBackbone
        let before = s.cursorTarget!
        let label = before.series.label
        s = Self.reload(s) { snap in
            // A new backbone sorts first, a new round's series arrives, and the focused series
            // gains a cheaper point (so the cursor's point moves to a later index).
            snap.frontier.backbones.insert("Qwen3-0.1B", at: 0)
            for i in snap.frontier.panels.indices {
                snap.frontier.panels[i].series.append(PlotSeries(label: "r9999", family: "discovered",
                                                                 points: [PlotPoint(cost: 60_000, acc: 50, config: "beta=0.5", onFrontier: false)]))
                if let j = snap.frontier.panels[i].series.firstIndex(where: { $0.label == label }) {
                    snap.frontier.panels[i].series[j].insert(PlotPoint(cost: 1, acc: 1, config: "tiny", onFrontier: false))
                }
            }
        }
        #expect(s.currentBackbone == backbone)
        let after = s.cursorTarget!
        #expect(after.series.label == label)
        #expect(after.point == before.point)
        #expect(after.index == before.index + 1)
        #expect(s.currentPanel!.series.contains { $0.label == "r9999" }, "the new series is there to see")
    }

    @Test func hiddenSeriesAndPinnedBaselineSurvive() {
        var s = apply(loadedState(width: 120, height: 40), .selectTab(.frontier), .move(.down), .frontier(.toggleSeries), .move(.down), .frontier(.pinBaseline))
        let hidden = s.frontier.hidden, pinned = s.frontier.pinned
        s = Self.reload(s) { _ in }
        #expect(s.frontier.hidden == hidden && s.frontier.pinned == pinned)
    }
}
