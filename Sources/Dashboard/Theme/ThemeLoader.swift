import Foundation
import TOMLKit

/// A theme file that could not be used, with the file and what is wrong in words.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var problem: String
    public var description: String { "\(file): \(problem)" }
}

/// The outcome of `--theme`: always a usable theme, plus a message when the wanted one failed.
public struct ThemeChoice: Sendable {
    public var theme: Theme
    public var warning: String?
}

/// Finds and parses theme files. Lookup for a name: the user's theme folder, the `themes/`
/// folder of the package the executable belongs to, then the compiled-in themes.
public enum ThemeLoader {
    /// Parses theme TOML. Roles the file omits are taken from `base` (the default theme).
    public static func parse(_ source: String, file: String, base: Theme? = nil) throws -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: source)
        } catch let e as TOMLParseError {
            throw ThemeError(file: file, problem: "not valid TOML at line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)")
        } catch {
            throw ThemeError(file: file, problem: "not valid TOML: \(error)")
        }
        for key in table.keys where key != "name" && key != "roles" {
            throw ThemeError(file: file, problem: "unknown top-level key '\(key)' (expected 'name' and [roles])")
        }
        let name = table["name"]?.string ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var looks = base?.looks ?? [:]
        guard let roles = table["roles"]?.table else {
            throw ThemeError(file: file, problem: "missing [roles] table")
        }
        let known = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0.key, $0) })
        for key in roles.keys {
            guard let role = known[key] else {
                throw ThemeError(file: file, problem: "unknown role '\(key)' (known roles: \(Role.allCases.map(\.key).joined(separator: ", ")))")
            }
            guard let spec = roles[key]?.table else {
                throw ThemeError(file: file, problem: "role '\(key)' must be an inline table like { fg = 252, bold = true }")
            }
            looks[role] = try parseLook(spec, role: key, file: file)
        }
        return Theme(name: name, origin: file, looks: looks)
    }

    private static func parseLook(_ t: TOMLTable, role: String, file: String) throws -> RoleLook {
        var look = RoleLook()
        for key in t.keys {
            let v = t[key]!
            switch key {
            case "fg": look.fg = try color256(v, "\(role).fg", file)
            case "bg": look.bg = try color256(v, "\(role).bg", file)
            case "fg8": look.fg8 = try color8(v, "\(role).fg8", file)
            case "bg8": look.bg8 = try color8(v, "\(role).bg8", file)
            case "bold", "underline", "reverse", "dim":
                guard let b = v.bool else { throw ThemeError(file: file, problem: "\(role).\(key) must be true or false") }
                switch key {
                case "bold": look.bold = b
                case "underline": look.underline = b
                case "reverse": look.reverse = b
                default: look.dim = b
                }
            default:
                throw ThemeError(file: file, problem: "role '\(role)' has unknown key '\(key)' (use fg, bg, fg8, bg8, bold, underline, reverse, dim)")
            }
        }
        return look
    }

    /// 0-255, "#rrggbb", a basic colour name, or "default" (nil).
    private static func color256(_ v: TOMLValueConvertible, _ what: String, _ file: String) throws -> Int? {
        if let i = v.int {
            guard (0...255).contains(i) else { throw ThemeError(file: file, problem: "\(what) = \(i) is out of range (0-255)") }
            return i
        }
        guard let s = v.string?.lowercased() else {
            throw ThemeError(file: file, problem: "\(what) must be a number 0-255, \"#rrggbb\" or a colour name")
        }
        if s == "default" { return nil }
        if let n = ThemeColor.names8[s] { return n }
        if s.hasPrefix("#"), s.count == 7, let rgb = Int(s.dropFirst(), radix: 16) {
            return ThemeColor.nearest256(r: (rgb >> 16) & 255, g: (rgb >> 8) & 255, b: rgb & 255)
        }
        throw ThemeError(file: file, problem: "\(what) = \"\(s)\" is not a colour (0-255, \"#rrggbb\", black, red, green, yellow, blue, magenta, cyan, white, default)")
    }

    private static func color8(_ v: TOMLValueConvertible, _ what: String, _ file: String) throws -> Int? {
        if let i = v.int {
            guard (0...7).contains(i) else { throw ThemeError(file: file, problem: "\(what) = \(i) is out of range (0-7)") }
            return i
        }
        guard let s = v.string?.lowercased() else { throw ThemeError(file: file, problem: "\(what) must be a colour name or 0-7") }
        if s == "default" { return nil }
        guard let n = ThemeColor.names8[s] else {
            throw ThemeError(file: file, problem: "\(what) = \"\(s)\" is not one of black, red, green, yellow, blue, magenta, cyan, white, default")
        }
        return n
    }

    /// The compiled-in default theme.
    public static var defaultTheme: Theme {
        builtin(BuiltinThemes.defaultName)!
    }

    /// A compiled-in theme by name.
    public static func builtin(_ name: String) -> Theme? {
        guard let src = BuiltinThemes.source(named: name) else { return nil }
        let base = name == BuiltinThemes.defaultName ? nil : builtin(BuiltinThemes.defaultName)
        // Built-ins are tested to parse; a failure here is a programming error.
        guard var t = try? parse(src, file: "built-in \(name)", base: base) else { return nil }
        t.origin = "built-in"
        return t
    }

    /// Folders searched for `NAME.toml`, most specific first.
    public static func searchFolders(environment: [String: String], executablePath: String?) -> [String] {
        var dirs: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            dirs.append(xdg + "/ttsdash/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            dirs.append(home + "/.config/ttsdash/themes")
        }
        if let exe = executablePath, let pkg = packageThemesFolder(executablePath: exe) { dirs.append(pkg) }
        return dirs
    }

    /// Walks up from the executable (e.g. `.build/release/ttsdash`) to a folder holding `themes/`.
    public static func packageThemesFolder(executablePath: String) -> String? {
        var url = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<8 {
            let candidate = url.appendingPathComponent("themes").path
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), isDir.boolValue { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return nil
    }

    /// Resolves `--theme NAME|PATH`. Never fails: problems become a warning and the default theme.
    public static func choose(_ request: String?, environment: [String: String], executablePath: String?) -> ThemeChoice {
        let fallback = defaultTheme
        let wanted = request ?? BuiltinThemes.defaultName
        let looksLikePath = wanted.contains("/") || wanted.hasSuffix(".toml")
        var candidates: [String] = []
        if looksLikePath {
            candidates = [wanted]
        } else {
            candidates = searchFolders(environment: environment, executablePath: executablePath).map { "\($0)/\(wanted).toml" }
        }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                return ThemeChoice(theme: try parse(text, file: path, base: fallback), warning: nil)
            } catch let e as ThemeError {
                return ThemeChoice(theme: fallback, warning: "theme \(e.description); using the default theme")
            } catch {
                return ThemeChoice(theme: fallback, warning: "theme \(path): cannot read (\(error.localizedDescription)); using the default theme")
            }
        }
        if !looksLikePath, let t = builtin(wanted) { return ThemeChoice(theme: t, warning: nil) }
        let looked = looksLikePath ? wanted : (candidates + ["built-in"]).joined(separator: ", ")
        let known = BuiltinThemes.names.joined(separator: ", ")
        return ThemeChoice(theme: fallback, warning: "theme '\(wanted)' not found (looked in: \(looked); built-in: \(known)); using the default theme")
    }
}
