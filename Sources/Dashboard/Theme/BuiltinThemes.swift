/// The shipped themes, compiled in so the app has colours even when no `themes/` folder
/// is found. `themes/*.toml` in the repository hold the same text (a test checks this).
public enum BuiltinThemes {
    public static let defaultName = "dark"
    public static let names = ["dark", "light", "high-contrast", "mono"]

    public static func source(named name: String) -> String? {
        switch name {
        case "dark": dark
        case "light": light
        case "high-contrast": highContrast
        case "mono": mono
        default: nil
        }
    }

    public static let dark = """
    # ttsdash dark theme (the default).
    # Each role: fg/bg are 256-colour indexes (0-255) or "#rrggbb"; fg8/bg8 are the 8-colour
    # fallbacks (black red green yellow blue magenta cyan white), derived from fg/bg when absent;
    # bold, underline, reverse, dim are attributes. Roles left out come from this theme.
    name = "dark"

    [roles]
    text         = { fg = 252 }
    dim          = { fg = 245, fg8 = "white", dim = true }
    accent       = { fg = 75, fg8 = "cyan", bold = true }
    title        = { fg = 255, fg8 = "white", bold = true }
    border       = { fg = 240, fg8 = "blue" }
    selection    = { fg = 231, bg = 24, fg8 = "white", bg8 = "blue", bold = true }
    status       = { fg = 250, bg = 236, fg8 = "white", bg8 = "blue" }
    status_key   = { fg = 81, bg = 236, fg8 = "yellow", bg8 = "blue", bold = true }
    tab_active   = { fg = 16, bg = 75, fg8 = "black", bg8 = "cyan", bold = true }
    tab_inactive = { fg = 248, fg8 = "white" }
    correct      = { fg = 114, fg8 = "green" }
    wrong        = { fg = 203, fg8 = "red" }
    pruned       = { fg = 243, fg8 = "white", dim = true }
    frontier     = { fg = 220, fg8 = "yellow", bold = true }
    warning      = { fg = 214, fg8 = "yellow", bold = true }
    baseline     = { fg = 250, fg8 = "white", underline = true }
    cursor       = { fg = 16, bg = 220, fg8 = "black", bg8 = "yellow", bold = true }
    series0      = { fg = 75, fg8 = "cyan" }
    series1      = { fg = 203, fg8 = "red" }
    series2      = { fg = 114, fg8 = "green" }
    series3      = { fg = 215, fg8 = "yellow" }
    series4      = { fg = 141, fg8 = "magenta" }
    series5      = { fg = 80, fg8 = "cyan" }
    series6      = { fg = 211, fg8 = "magenta" }
    series7      = { fg = 186, fg8 = "white" }

    """

    public static let light = """
    # ttsdash light theme, for light terminal backgrounds.
    name = "light"

    [roles]
    text         = { fg = 235, fg8 = "black" }
    dim          = { fg = 242, fg8 = "black" }
    accent       = { fg = 25, fg8 = "blue", bold = true }
    title        = { fg = 16, fg8 = "black", bold = true }
    border       = { fg = 250, fg8 = "blue" }
    selection    = { fg = 16, bg = 153, fg8 = "black", bg8 = "cyan", bold = true }
    status       = { fg = 236, bg = 254, fg8 = "black", bg8 = "white" }
    status_key   = { fg = 25, bg = 254, fg8 = "blue", bg8 = "white", bold = true }
    tab_active   = { fg = 231, bg = 25, fg8 = "white", bg8 = "blue", bold = true }
    tab_inactive = { fg = 240, fg8 = "black" }
    correct      = { fg = 28, fg8 = "green" }
    wrong        = { fg = 160, fg8 = "red" }
    pruned       = { fg = 246, fg8 = "black", dim = true }
    frontier     = { fg = 130, fg8 = "yellow", bold = true }
    warning      = { fg = 166, fg8 = "red", bold = true }
    baseline     = { fg = 240, fg8 = "black", underline = true }
    cursor       = { fg = 231, bg = 130, fg8 = "white", bg8 = "red", bold = true }
    series0      = { fg = 25, fg8 = "blue" }
    series1      = { fg = 160, fg8 = "red" }
    series2      = { fg = 28, fg8 = "green" }
    series3      = { fg = 166, fg8 = "yellow" }
    series4      = { fg = 91, fg8 = "magenta" }
    series5      = { fg = 30, fg8 = "cyan" }
    series6      = { fg = 162, fg8 = "magenta" }
    series7      = { fg = 94, fg8 = "black" }

    """

    public static let highContrast = """
    # ttsdash high-contrast theme: saturated colours, bold emphasis, strong selection.
    name = "high-contrast"

    [roles]
    text         = { fg = 231, fg8 = "white" }
    dim          = { fg = 250, fg8 = "white" }
    accent       = { fg = 51, fg8 = "cyan", bold = true }
    title        = { fg = 231, fg8 = "white", bold = true, underline = true }
    border       = { fg = 250, fg8 = "white" }
    selection    = { fg = 16, bg = 226, fg8 = "black", bg8 = "yellow", bold = true }
    status       = { fg = 16, bg = 250, fg8 = "black", bg8 = "white" }
    status_key   = { fg = 16, bg = 51, fg8 = "black", bg8 = "cyan", bold = true }
    tab_active   = { fg = 16, bg = 51, fg8 = "black", bg8 = "cyan", bold = true }
    tab_inactive = { fg = 250, fg8 = "white" }
    correct      = { fg = 46, fg8 = "green", bold = true }
    wrong        = { fg = 196, fg8 = "red", bold = true }
    pruned       = { fg = 250, fg8 = "white" }
    frontier     = { fg = 226, fg8 = "yellow", bold = true }
    warning      = { fg = 208, fg8 = "red", bold = true }
    baseline     = { fg = 231, fg8 = "white", bold = true, underline = true }
    cursor       = { fg = 16, bg = 201, fg8 = "black", bg8 = "magenta", bold = true }
    series0      = { fg = 51, fg8 = "cyan" }
    series1      = { fg = 196, fg8 = "red" }
    series2      = { fg = 46, fg8 = "green" }
    series3      = { fg = 226, fg8 = "yellow" }
    series4      = { fg = 201, fg8 = "magenta" }
    series5      = { fg = 208, fg8 = "red" }
    series6      = { fg = 231, fg8 = "white" }
    series7      = { fg = 39, fg8 = "blue" }

    """

    public static let mono = """
    # ttsdash monochrome theme: no colours at all, meaning carried by attributes and glyphs.
    # The same look is used whenever NO_COLOR is set.
    name = "mono"

    [roles]
    text         = { }
    dim          = { dim = true }
    accent       = { bold = true }
    title        = { bold = true }
    border       = { dim = true }
    selection    = { reverse = true, bold = true }
    status       = { reverse = true }
    status_key   = { reverse = true, bold = true }
    tab_active   = { reverse = true, bold = true }
    tab_inactive = { }
    correct      = { }
    wrong        = { bold = true }
    pruned       = { dim = true }
    frontier     = { bold = true }
    warning      = { bold = true, underline = true }
    baseline     = { underline = true }
    cursor       = { reverse = true, bold = true }
    series0      = { }
    series1      = { }
    series2      = { }
    series3      = { }
    series4      = { }
    series5      = { }
    series6      = { }
    series7      = { }

    """
}
