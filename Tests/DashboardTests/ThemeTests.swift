import Foundation
import Testing
@testable import Dashboard
import TestSupport

@Suite struct ThemeTests {
    @Test func builtinsParseAndMatchFiles() throws {
        let themesDir = URL(fileURLWithPath: PackagePaths.root).appendingPathComponent("themes")
        for name in BuiltinThemes.names {
            guard let t = ThemeLoader.builtin(name) else { Issue.record("built-in \(name) does not parse"); continue }
            #expect(t.name == name)
            #expect(Role.allCases.allSatisfy { t.looks[$0] != nil })
            let file = try String(contentsOf: themesDir.appendingPathComponent("\(name).toml"), encoding: .utf8)
            #expect(file == BuiltinThemes.source(named: name), "themes/\(name).toml differs from the compiled-in copy")
        }
    }

    @Test func goodFileOverridesDefaults() throws {
        let t = try ThemeLoader.parse("name = \"mine\"\n[roles]\naccent = { fg = \"#ff0000\", bold = true }\n", file: "mine.toml", base: ThemeLoader.defaultTheme)
        #expect(t.name == "mine")
        #expect(t.look(.accent).fg == 196 && t.look(.accent).bold)
        #expect(t.look(.text) == ThemeLoader.defaultTheme.look(.text))
    }

    @Test(arguments: [
        ("[roles\ntext = 1", "not valid TOML at line"),
        ("[roles]\nsparkle = { fg = 1 }", "unknown role 'sparkle'"),
        ("[roles]\ntext = { fg = 300 }", "text.fg = 300 is out of range"),
        ("[roles]\ntext = { fg8 = \"purple\" }", "text.fg8 = \"purple\""),
        ("[roles]\ntext = { colour = 1 }", "unknown key 'colour'"),
        ("[roles]\ntext = 5", "must be an inline table"),
        ("name = \"x\"", "missing [roles]"),
    ])
    func badFilesSayWhatIsWrong(source: String, message: String) {
        #expect {
            _ = try ThemeLoader.parse(source, file: "bad.toml")
        } throws: { error in
            let d = "\(error)"
            return d.hasPrefix("bad.toml: ") && d.contains(message)
        }
    }

    @Test func badThemeFileFallsBackWithMessage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ttsdash-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ttsdash/themes"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ttsdash/themes/broken.toml").path
        try "[roles]\ntext = { fg = \"nope\" }\n".write(toFile: path, atomically: true, encoding: .utf8)
        let c = ThemeLoader.choose("broken", environment: ["XDG_CONFIG_HOME": dir.path], executablePath: nil)
        #expect(c.theme.name == "dark")
        #expect(c.warning?.contains(path) == true)
        #expect(c.warning?.contains("text.fg") == true)
        // A user theme by name is found in $XDG_CONFIG_HOME/ttsdash/themes.
        try "name = \"ok\"\n[roles]\ntext = { fg = 1 }\n".write(toFile: dir.appendingPathComponent("ttsdash/themes/ok.toml").path, atomically: true, encoding: .utf8)
        let ok = ThemeLoader.choose("ok", environment: ["XDG_CONFIG_HOME": dir.path], executablePath: nil)
        #expect(ok.warning == nil && ok.theme.name == "ok")
    }

    @Test func unknownNameFallsBack() {
        let c = ThemeLoader.choose("solarized-neon", environment: [:], executablePath: nil)
        #expect(c.theme.name == "dark")
        #expect(c.warning?.contains("'solarized-neon' not found") == true)
        #expect(ThemeLoader.choose("mono", environment: [:], executablePath: nil).theme.name == "mono")
    }

    @Test func themesFolderFoundFromExecutable() {
        let exe = PackagePaths.root + "/.build/release/ttsdash"
        #expect(ThemeLoader.packageThemesFolder(executablePath: exe)?.hasSuffix("/themes") == true)
    }

    @Test func noColorKeepsMeaningWithAttributes() {
        let t = ThemeLoader.defaultTheme
        let sel = t.resolve(.selection, mode: .none)
        #expect(sel.fg == -1 && sel.bg == -1 && sel.reverse)
        let plain = t.resolve(.text, mode: .none)
        #expect(plain.fg == -1 && !plain.reverse)
        #expect(t.resolve(Style(.cursor), mode: .none).reverse)
    }

    @Test func eightColourFallbacks() {
        let t = ThemeLoader.defaultTheme
        #expect(t.resolve(.selection, mode: .ansi8).bg == 4)
        #expect(t.resolve(Style(.series1), mode: .ansi8).fg == 1)
        #expect((0...7).contains(ThemeColor.nearest8(75)))
        #expect(ThemeColor.nearest8(196) == 1)
        #expect(ThemeColor.nearest256(r: 255, g: 0, b: 0) == 196)
    }
}
