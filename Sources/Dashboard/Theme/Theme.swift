/// How many colours the terminal offers; chosen by the backend, `NO_COLOR` forces `.none`.
public enum ColorMode: String, Sendable, Equatable {
    case full256 = "256"
    case ansi8 = "8"
    case none = "none"
}

/// A role's look as written in a theme file: 256-colour values, optional 8-colour
/// overrides (derived from the 256 values when absent) and attributes.
public struct RoleLook: Sendable, Equatable {
    public var fg: Int?
    public var bg: Int?
    public var fg8: Int?
    public var bg8: Int?
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false

    public init(fg: Int? = nil, bg: Int? = nil, fg8: Int? = nil, bg8: Int? = nil,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.fg = fg; self.bg = bg; self.fg8 = fg8; self.bg8 = bg8
        self.bold = bold; self.underline = underline; self.reverse = reverse; self.dim = dim
    }
}

/// What the backend needs for one role: colour numbers (-1 = terminal default) and attributes.
public struct ResolvedLook: Hashable, Sendable {
    public var fg: Int
    public var bg: Int
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool
}

/// A colour theme: every role mapped to a look. Roles a file leaves out come from the default theme.
public struct Theme: Sendable, Equatable {
    public var name: String
    /// Where it came from: a file path or "built-in".
    public var origin: String
    public var looks: [Role: RoleLook]

    public init(name: String, origin: String, looks: [Role: RoleLook]) {
        self.name = name
        self.origin = origin
        self.looks = looks
    }

    public func look(_ role: Role) -> RoleLook { looks[role] ?? RoleLook() }

    /// The look of `style` in `mode`. Without colour, roles that relied on a background
    /// (selection, active tab, cursor) are drawn reversed so they stay visible.
    public func resolve(_ style: Style, mode: ColorMode) -> ResolvedLook {
        let l = look(style.role)
        var r = ResolvedLook(fg: -1, bg: -1, bold: l.bold || style.bold, underline: l.underline || style.underline,
                             reverse: l.reverse != style.reverse, dim: l.dim)
        switch mode {
        case .full256:
            r.fg = l.fg ?? -1
            r.bg = l.bg ?? -1
        case .ansi8:
            r.fg = l.fg8 ?? l.fg.map(ThemeColor.nearest8) ?? -1
            r.bg = l.bg8 ?? l.bg.map(ThemeColor.nearest8) ?? -1
            if r.fg == r.bg && r.fg != -1 { r.fg = r.bg == 0 ? 7 : 0 } // never invisible text
        case .none:
            if l.bg != nil || l.bg8 != nil { r.reverse = !style.reverse }
            if style.role == .cursor || style.role == .frontier { r.bold = true }
        }
        return r
    }
}

/// Colour names and conversions used by theme files.
public enum ThemeColor {
    public static let names8: [String: Int] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
    ]

    /// The 256-colour index nearest to an RGB colour (6x6x6 cube or grey ramp).
    public static func nearest256(r: Int, g: Int, b: Int) -> Int {
        func cubeIndex(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
        let levels = [0, 95, 135, 175, 215, 255]
        let ci = (cubeIndex(r), cubeIndex(g), cubeIndex(b))
        let cube = 16 + 36 * ci.0 + 6 * ci.1 + ci.2
        let cr = levels[ci.0], cg = levels[ci.1], cb = levels[ci.2]
        let avg = (r + g + b) / 3
        let grey = avg > 238 ? 23 : max(0, (avg - 3) / 10)
        let gv = 8 + 10 * grey
        func dist(_ a: (Int, Int, Int)) -> Int {
            (a.0 - r) * (a.0 - r) + (a.1 - g) * (a.1 - g) + (a.2 - b) * (a.2 - b)
        }
        return dist((gv, gv, gv)) < dist((cr, cg, cb)) ? 232 + grey : cube
    }

    /// RGB of a 256-colour index.
    public static func rgb(_ index: Int) -> (Int, Int, Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return basic[max(0, index)] }
        if index >= 232 { let v = 8 + 10 * (index - 232); return (v, v, v) }
        let i = index - 16
        let levels = [0, 95, 135, 175, 215, 255]
        return (levels[i / 36], levels[(i / 6) % 6], levels[i % 6])
    }

    /// The nearest of the 8 basic colours, by hue rather than distance so that
    /// e.g. a dark blue stays blue and not black.
    public static func nearest8(_ index: Int) -> Int {
        if index < 8 { return index }
        if index < 16 { return index - 8 }
        let (r, g, b) = rgb(index)
        let mx = max(r, g, b), mn = min(r, g, b)
        if mx - mn < 40 { return mx > 140 ? 7 : 0 }
        let t = (mx + mn) / 2
        let bits = (r >= t ? 1 : 0) | (g >= t ? 2 : 0) | (b >= t ? 4 : 0)
        return bits == 7 ? 7 : bits
    }
}
