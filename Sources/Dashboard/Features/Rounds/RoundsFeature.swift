import Foundation

/// The Rounds tab: every round of the run with its phase, times and best results per
/// backbone; a filter; a detail pane (results, summary, source) with search.
public enum RoundsFeature: Feature {
    public static let id: FeatureID = .rounds
    public static let tabTitle: String? = "Rounds"

    public static let bindings: [KeyBinding] = [
        .init(.rounds, [.up, .char("k"), .down, .char("j")], .move(.down), "Select a round", hint: "select",
              enabled: { $0.visibleRounds.count > 1 }),
        .init(.rounds, [.enter, .char("l")], .drillIn, "Open the round: results, summary, source", hint: "open",
              enabled: { $0.selectedRound != nil }),
        .init(.rounds, [.left, .char("h")], .move(.left), "Scroll backbone columns left"),
        .init(.rounds, [.right], .move(.right), "Scroll backbone columns right", hint: "backbones",
              enabled: { s in s.rounds.backboneOffset + RoundsView.groupsThatFit(width: s.width) < (s.snapshot?.rounds.backbones.count ?? 0) }),
        .init(.rounds, [.char("/")], .beginFilter, "Filter rounds", hint: "filter",
              enabled: { !($0.snapshot?.rounds.rows.isEmpty ?? true) }),
        .init(.rounds, [.char("n")], .nextMatch, "Next matching round"),
        .init(.rounds, [.char("N")], .previousMatch, "Previous matching round"),
        // Round detail
        .init(.roundDetail, [.down, .char("j")], .move(.down), "Scroll down", hint: "scroll"),
        .init(.roundDetail, [.up, .char("k")], .move(.up), "Scroll up"),
        .init(.roundDetail, [.char("/")], .beginFilter, "Search the text", hint: "search"),
        .init(.roundDetail, [.char("n")], .nextMatch, "Next match", hint: "next"),
        .init(.roundDetail, [.char("N")], .previousMatch, "Previous match"),
        .init(.roundDetail, [.escape, .backspace, .char("h"), .left], .back, "Back to the rounds list", hint: "back"),
    ]

    public static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        RoundsView.render(state, rect, into: &buf)
    }

    public static func keyContexts(_ s: AppState) -> [KeyContext] {
        s.rounds.detailOpen ? [.roundDetail, .global] : [.rounds, .global]
    }

    public static func move(_ s: inout AppState, _ d: Direction) {
        if s.rounds.detailOpen {
            if let v = ListCursor.moved(s.rounds.detailScroll, d, count: s.detailLines.count, page: max(1, s.height - 6)) {
                s.rounds.detailScroll = v
            }
            return
        }
        switch d {
        case .left: s.rounds.backboneOffset = max(0, s.rounds.backboneOffset - 1)
        case .right:
            let b = s.snapshot?.rounds.backbones.count ?? 0
            s.rounds.backboneOffset = min(max(0, b - 1), s.rounds.backboneOffset + 1)
        default:
            if let sel = ListCursor.moved(s.rounds.selected, d, count: s.visibleRounds.count) { s.rounds.selected = sel }
        }
    }

    public static func drillIn(_ s: inout AppState) -> [Effect] {
        if !s.rounds.detailOpen, s.selectedRound != nil {
            s.rounds.detailOpen = true
            s.rounds.detailScroll = 0
        }
        return []
    }

    public static func back(_ s: inout AppState) -> Bool {
        guard s.rounds.detailOpen else { return false }
        s.rounds.detailOpen = false
        s.rounds.search = FilterState()
        return true
    }

    public static func filterPath(_ s: AppState) -> WritableKeyPath<AppState, FilterState>? {
        s.rounds.detailOpen ? \.rounds.search : \.rounds.filter
    }

    public static func filterPrompt(_ s: AppState) -> String { s.rounds.detailOpen ? "search" : "filter rounds" }

    public static func filterChanged(_ s: inout AppState) {
        if s.rounds.detailOpen {
            jumpToMatch(&s, forward: true, includeCurrent: true)
        } else {
            s.rounds.selected = min(s.rounds.selected, max(0, s.visibleRounds.count - 1))
        }
    }

    public static func filterCommitted(_ s: inout AppState) {
        if s.rounds.detailOpen { jumpToMatch(&s, forward: true, includeCurrent: true) }
    }

    /// n/N: the next match of the search in the detail pane, or the next filtered round.
    public static func nextMatch(_ s: inout AppState, forward: Bool) {
        if s.rounds.detailOpen {
            jumpToMatch(&s, forward: forward, includeCurrent: false)
        } else {
            let n = s.visibleRounds.count
            if n > 0 { s.rounds.selected = (s.rounds.selected + (forward ? 1 : n - 1)) % n }
        }
    }

    static func jumpToMatch(_ s: inout AppState, forward: Bool, includeCurrent: Bool) {
        let needle = s.rounds.search.text.lowercased()
        guard !needle.isEmpty else { return }
        let lines = s.detailLines
        guard !lines.isEmpty else { return }
        let start = s.rounds.detailScroll
        for step in (includeCurrent ? 0 : 1)...lines.count {
            let i = ((start + (forward ? step : -step)) % lines.count + lines.count) % lines.count
            if lines[i].lowercased().contains(needle) {
                s.rounds.detailScroll = i
                return
            }
        }
    }

    /// After a reload the same round stays selected (by id, even when rounds are inserted
    /// before it), the backbone columns by name, scroll positions clamped to what exists.
    public static func loaded(_ s: inout AppState, previous: DashboardSnapshot?) -> [Effect] {
        var before = s
        before.snapshot = previous
        if previous != nil {
            if let id = before.selectedRound?.id, let i = s.visibleRounds.firstIndex(where: { $0.id == id }) {
                s.rounds.selected = i
            }
            if before.selectedRound?.id != s.selectedRound?.id { s.rounds.detailScroll = 0 }
            s.rounds.backboneOffset = ListCursor.sameIndex(of: before.snapshot?.rounds.backbones, at: s.rounds.backboneOffset,
                                                           in: s.snapshot?.rounds.backbones ?? [])
        }
        s.rounds.selected = min(s.rounds.selected, max(0, s.visibleRounds.count - 1))
        s.rounds.detailScroll = min(s.rounds.detailScroll, max(0, s.detailLines.count - 1))
        s.rounds.backboneOffset = min(s.rounds.backboneOffset, max(0, (s.snapshot?.rounds.backbones.count ?? 0) - 1))
        return []
    }

    /// Another view asks to open a round: select it (clearing a filter that hides it) and
    /// open its detail.
    public static func receive(_ s: inout AppState, _ intent: NavigationIntent) -> [Effect] {
        guard case .openRound(let id) = intent else { return [] }
        if !s.visibleRounds.contains(where: { $0.id == id }) { s.rounds.filter = FilterState() }
        guard let i = s.visibleRounds.firstIndex(where: { $0.id == id }) else { return [] }
        s.rounds.selected = i
        s.rounds.detailOpen = true
        s.rounds.detailScroll = 0
        return [.navigate(.show(.rounds))]
    }
}
