import Foundation

public struct RoundsUIState: Sendable, Equatable {
    /// Index into the filtered rows.
    public var selected = 0
    /// First backbone column group shown (the table scrolls sideways with h/l).
    public var backboneOffset = 0
    public var detailOpen = false
    public var detailScroll = 0
    public var filter = FilterState()
    /// Search inside the detail pane (n/N jump between matches).
    public var search = FilterState()
    public init() {}
}

extension FeatureID { public static let rounds: FeatureID = "rounds" }

extension KeyContext { public static let rounds = KeyContext("Rounds"); public static let roundDetail = KeyContext("Round detail") }

/// Derived data the reducer and the views share, so both agree on what is shown.
extension AppState {
    /// Rounds rows that pass the filter, with their index in the full list.
    public var visibleRounds: [RoundRow] {
        guard let rows = snapshot?.rounds.rows else { return [] }
        let f = rounds.filter.text.lowercased()
        if f.isEmpty { return rows }
        return rows.filter { row in
            row.name.lowercased().contains(f) || row.id.lowercased().contains(f) || row.phase.label.contains(f)
                || (row.detail.summary?.lowercased().contains(f) ?? false)
        }
    }

    public var selectedRound: RoundRow? {
        let rows = visibleRounds
        return rows.indices.contains(rounds.selected) ? rows[rounds.selected] : nil
    }

    /// Text lines of the round detail pane (results, summary, source), before sanitising.
    public var detailLines: [String] {
        guard let row = selectedRound else { return [] }
        return RoundDetailText.lines(for: row, backbones: snapshot?.rounds.backbones ?? [], width: RoundDetailText.textWidth(screen: width))
    }
}
