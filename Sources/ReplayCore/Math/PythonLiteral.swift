/// Reads the Python literals the reference writes into CSVs: a `Description`'s dict repr
/// (`{'beta': 0.5, 'name': "it's", 'flag': True, 'x': None}`), numbers, strings and booleans.
public enum PythonLiteral: Equatable, Sendable {
    case int(Int)
    case float(Double)
    case string(String)
    case bool(Bool)
    case none
    case list([PythonLiteral])
    case dict([(key: String, value: PythonLiteral)])

    public static func == (a: PythonLiteral, b: PythonLiteral) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.none, .none): return true
        case (.list(let x), .list(let y)): return x == y
        case (.dict(let x), .dict(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A short display form (`0.5`, `'abc'` shown as `abc`, `True`).
    public var display: String {
        switch self {
        case .int(let i): return String(i)
        case .float(let d): return PythonFormat.floatRepr(d)
        case .string(let s): return s
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .list(let items): return "[" + items.map(\.display).joined(separator: ", ") + "]"
        case .dict(let pairs): return "{" + pairs.map { "\($0.key): \($0.value.display)" }.joined(separator: ", ") + "}"
        }
    }

    public var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public static func parseDict(_ text: String) -> [(key: String, value: PythonLiteral)]? {
        guard case .dict(let pairs)? = parse(text) else { return nil }
        return pairs
    }

    /// Parses one literal (the whole text, surrounding spaces allowed); nil if it is not one.
    public static func parse(_ text: String) -> PythonLiteral? {
        var p = Parser(chars: Array(text.unicodeScalars))
        p.skipSpaces()
        guard let v = p.value(depth: 0) else { return nil }
        p.skipSpaces()
        return p.i == p.chars.count ? v : nil
    }

    private struct Parser {
        let chars: [Unicode.Scalar]
        var i = 0

        mutating func skipSpaces() {
            while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\n" { i += 1 }
        }

        mutating func value(depth: Int) -> PythonLiteral? {
            guard depth < 64, i < chars.count else { return nil }
            let c = chars[i]
            if c == "'" || c == "\"" { return string().map { .string($0) } }
            if c == "{" { return dict(depth: depth) }
            if c == "[" || c == "(" { return list(depth: depth) }
            var j = i
            while j < chars.count, !(",:}])".unicodeScalars.contains(chars[j])), chars[j] != " " { j += 1 }
            let word = String(String.UnicodeScalarView(chars[i..<j]))
            i = j
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return PythonLiteral.none
            case "nan": return .float(.nan)
            case "inf": return .float(.infinity)
            case "-inf": return .float(-.infinity)
            default:
                if let n = Int(word) { return .int(n) }
                if let d = Double(word) { return .float(d) }
                return nil
            }
        }

        mutating func string() -> String? {
            let quote = chars[i]
            i += 1
            var out = String.UnicodeScalarView()
            while i < chars.count {
                let c = chars[i]
                if c == quote { i += 1; return String(out) }
                if c == "\\" && i + 1 < chars.count {
                    let e = chars[i + 1]
                    i += 2
                    switch e {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "\\", "'", "\"": out.append(e)
                    case "x", "u":
                        let len = e == "x" ? 2 : 4
                        guard i + len <= chars.count,
                              let v = UInt32(String(String.UnicodeScalarView(chars[i..<(i + len)])), radix: 16),
                              let s = Unicode.Scalar(v) else { return nil }
                        out.append(s)
                        i += len
                    default: out.append("\\"); out.append(e)
                    }
                    continue
                }
                out.append(c)
                i += 1
            }
            return nil
        }

        mutating func dict(depth: Int) -> PythonLiteral? {
            i += 1
            var pairs: [(key: String, value: PythonLiteral)] = []
            skipSpaces()
            if i < chars.count, chars[i] == "}" { i += 1; return .dict(pairs) }
            while i < chars.count {
                skipSpaces()
                guard let k = value(depth: depth + 1) else { return nil }
                skipSpaces()
                guard i < chars.count, chars[i] == ":" else { return nil }
                i += 1
                skipSpaces()
                guard let v = value(depth: depth + 1) else { return nil }
                let key: String
                if case .string(let s) = k { key = s } else { key = k.display }
                pairs.append((key, v))
                skipSpaces()
                guard i < chars.count else { return nil }
                if chars[i] == "," { i += 1; skipSpaces(); if i < chars.count, chars[i] == "}" { i += 1; return .dict(pairs) }; continue }
                if chars[i] == "}" { i += 1; return .dict(pairs) }
                return nil
            }
            return nil
        }

        mutating func list(depth: Int) -> PythonLiteral? {
            let close: Unicode.Scalar = chars[i] == "[" ? "]" : ")"
            i += 1
            var items: [PythonLiteral] = []
            skipSpaces()
            if i < chars.count, chars[i] == close { i += 1; return .list(items) }
            while i < chars.count {
                skipSpaces()
                guard let v = value(depth: depth + 1) else { return nil }
                items.append(v)
                skipSpaces()
                guard i < chars.count else { return nil }
                if chars[i] == "," { i += 1; skipSpaces(); if i < chars.count, chars[i] == close { i += 1; return .list(items) }; continue }
                if chars[i] == close { i += 1; return .list(items) }
                return nil
            }
            return nil
        }
    }
}
