/// A decoded key press, independent of the terminal library.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter, lowercase (Ctrl-C is `.ctrl("c")`).
    case ctrl(Character)
    case up, down, left, right, home, end, pageUp, pageDown, insert, delete
    case enter, escape, tab, backTab, backspace
    case function(Int)
    case resize

    /// How help and the key hints spell the key.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-\(String(c).uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .insert: "Ins"
        case .delete: "Del"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .function(let n): "F\(n)"
        case .resize: "resize"
        }
    }
}
