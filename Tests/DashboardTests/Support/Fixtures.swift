import Foundation
@testable import Dashboard

/// A fixed clock so times in snapshots never move.
let fixedNow = Date(timeIntervalSince1970: 1_764_400_000)

/// The app state after the demo run loaded, at a given size.
func loadedState(width: Int, height: Int) -> AppState {
    var s = AppState(width: width, height: height, now: fixedNow)
    s = Reducer.reduce(s, .loaded(DemoData.snapshot(runPath: "/runs/demo", now: fixedNow))).0
    return s
}

/// Applies actions in order, ignoring effects.
func apply(_ state: AppState, _ actions: Action...) -> AppState {
    actions.reduce(state) { Reducer.reduce($0, $1).0 }
}

func screen(_ state: AppState) -> String { RootView.frame(state).renderText() }
