/// What a piece of text means; the theme decides how each role looks.
/// Views never name colours, only roles, so every theme and `NO_COLOR` work unchanged.
public enum Role: Hashable, Sendable, CaseIterable {
    case text, dim, accent, title, border, selection, status, statusKey
    case tabActive, tabInactive
    case correct, wrong, pruned, frontier, warning, baseline, cursor
    case series0, series1, series2, series3, series4, series5, series6, series7

    public static let seriesCount = 8

    /// The palette role for series `index` (wraps around).
    public static func series(_ index: Int) -> Role {
        let all: [Role] = [.series0, .series1, .series2, .series3, .series4, .series5, .series6, .series7]
        return all[((index % seriesCount) + seriesCount) % seriesCount]
    }

    /// The name used in theme files.
    public var key: String {
        switch self {
        case .text: "text"
        case .dim: "dim"
        case .accent: "accent"
        case .title: "title"
        case .border: "border"
        case .selection: "selection"
        case .status: "status"
        case .statusKey: "status_key"
        case .tabActive: "tab_active"
        case .tabInactive: "tab_inactive"
        case .correct: "correct"
        case .wrong: "wrong"
        case .pruned: "pruned"
        case .frontier: "frontier"
        case .warning: "warning"
        case .baseline: "baseline"
        case .cursor: "cursor"
        case .series0: "series0"
        case .series1: "series1"
        case .series2: "series2"
        case .series3: "series3"
        case .series4: "series4"
        case .series5: "series5"
        case .series6: "series6"
        case .series7: "series7"
        }
    }

    public var seriesIndex: Int? {
        switch self {
        case .series0: 0
        case .series1: 1
        case .series2: 2
        case .series3: 3
        case .series4: 4
        case .series5: 5
        case .series6: 6
        case .series7: 7
        default: nil
        }
    }
}

/// A role plus the emphasis a widget adds on top of what the theme gives the role.
public struct Style: Hashable, Sendable {
    public var role: Role
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(_ role: Role = .text, bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }

    public static let text = Style(.text)
    public static let dim = Style(.dim)
    public static let accent = Style(.accent)
    public static let title = Style(.title, bold: true)
    public static let border = Style(.border)
    public static let selection = Style(.selection)

    public func with(bold: Bool) -> Style { var s = self; s.bold = bold; return s }
    public func with(role: Role) -> Style { var s = self; s.role = role; return s }
}
