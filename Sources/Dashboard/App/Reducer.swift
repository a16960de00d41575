import Foundation

/// The pure state transition: `reduce(state, action) -> (state, effects)`. No I/O here;
/// loading and quitting are requested as effects and performed by the runner. Routing only:
/// app-wide actions (help, tabs, messages, loads) are handled here, everything else goes to
/// the feature with focus (generic navigation) or to the feature that owns the action.
public enum Reducer {
    public static func reduce(_ state: AppState, _ action: Action) -> (AppState, [Effect]) {
        var s = state
        var effects: [Effect] = []
        let focus = s.features.focus(s)
        switch action {
        case .quit:
            s.quitting = true
            effects.append(.quit)
        case .refresh:
            s.loading = true
            effects.append(.load)
        case .toggleHelp:
            s.showHelp.toggle()
            s.helpScroll = 0
        case .resize(let w, let h):
            s.width = max(0, w)
            s.height = max(0, h)
        case .tick(let date):
            s.now = date
            if let since = s.messageSince, date.timeIntervalSince(since) >= AppState.messageLifetime {
                s.message = nil
            }
        case .showMessage(let m):
            s.message = m
        case .dismissMessage:
            s.message = nil
        case .selectTab(let t):
            effects.append(.navigate(.show(t)))
        case .nextTab, .previousTab:
            effects.append(.navigate(.show(s.features.nextTab(after: s.tab, by: action == .nextTab ? 1 : -1))))
        case .move(let d):
            if s.showHelp {
                let last = HelpOverlay.maxScroll(screenHeight: s.height, screenWidth: s.width, table: KeyTable.forFeatures(s.features))
                if let v = ListCursor.moved(min(s.helpScroll, last), d, count: last + 1) { s.helpScroll = v }
            } else {
                focus?.move(&s, d)
            }
        case .drillIn:
            effects += focus?.drillIn(&s) ?? []
        case .back:
            if s.showHelp {
                s.showHelp = false
            } else if focus?.back(&s) == true {
                // The feature closed a pane or cleared its own filter.
            } else if activeFilter(s).isActive {
                updateFilter(&s) { $0 = FilterState() }
            }
        case .beginFilter:
            updateFilter(&s) { f in f.previous = f.text; f.editing = true }
        case .filterInput(let c):
            updateFilter(&s) { $0.text.append(c) }
            focus?.filterChanged(&s)
        case .filterDeleteBackward:
            updateFilter(&s) { f in if !f.text.isEmpty { f.text.removeLast() } }
            focus?.filterChanged(&s)
        case .filterCommit:
            updateFilter(&s) { $0.editing = false }
            focus?.filterCommitted(&s)
        case .filterCancel:
            updateFilter(&s) { f in f.text = f.previous; f.editing = false }
            focus?.filterChanged(&s)
        case .nextMatch, .previousMatch:
            focus?.nextMatch(&s, forward: action == .nextMatch)
        case .feature(let value):
            effects += s.features.reduce(&s, value)
        case .loadStarted:
            s.loading = true
        case .loaded(let snap):
            let previous = s.snapshot
            s.snapshot = snap
            s.loading = false
            s.loadError = nil
            effects += s.features.loaded(&s, previous: previous)
        case .loadFailed(let e):
            s.loading = false
            s.loadError = e
        }
        effects = navigate(&s, effects)
        // Any message that appeared (or changed) is timed from now; a cleared one has no time.
        if s.message == nil {
            s.messageSince = nil
        } else if s.message != state.message {
            s.messageSince = s.now
        }
        return (s, effects)
    }

    /// Carries out the navigation intents among the effects (and any they lead to), so the
    /// runner gets only work to do.
    static func navigate(_ s: inout AppState, _ effects: [Effect]) -> [Effect] {
        var pending = effects
        var out: [Effect] = []
        var steps = 0
        while !pending.isEmpty, steps < 32 {
            let e = pending.removeFirst()
            steps += 1
            if case .navigate(let intent) = e { pending += s.features.receive(&s, intent) } else { out.append(e) }
        }
        return out
    }

    // MARK: Filters

    /// Where the filter that `/` edits in the current context lives, if there is one.
    static func filterPath(_ s: AppState) -> WritableKeyPath<AppState, FilterState>? {
        s.features.focus(s)?.filterPath(s)
    }

    /// The filter that `/` edits in the current context.
    static func activeFilter(_ s: AppState) -> FilterState {
        filterPath(s).map { s[keyPath: $0] } ?? FilterState()
    }

    static func updateFilter(_ s: inout AppState, _ change: (inout FilterState) -> Void) {
        if let path = filterPath(s) { change(&s[keyPath: path]) }
    }
}
