/// A strict, fast JSON parser over UTF-8 bytes.
///
/// Written here rather than using Foundation's because replay stores and trace rows are parsed on
/// hot paths (loading 12 stores, fetching trace rows while stepping), because errors must name a
/// line and column, and because object key order must survive. Accepts Python's `NaN`,
/// `Infinity` and `-Infinity`, which Python's json module writes.
public struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    private static let maxDepth = 512

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let offset: Int
        public let line: Int
        public let column: Int
        public let message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Parses a whole document (leading and trailing white space allowed).
    public static func parse(_ data: some Collection<UInt8>) throws(ParseError) -> JSONValue {
        let array = Array(data)
        return try array.withUnsafeBufferPointer { (buf) throws(ParseError) -> JSONValue in
            var parser = JSONParser(bytes: buf)
            return try parser.parseDocument()
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func parseDocument() throws(ParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if pos < bytes.count { throw error("unexpected data after the JSON value") }
        return value
    }

    private func error(_ message: String, at offset: Int? = nil) -> ParseError {
        let at = min(offset ?? pos, bytes.count)
        var line = 1, lineStart = 0
        var i = 0
        while i < at {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
            i += 1
        }
        return ParseError(offset: at, line: line, column: at - lineStart + 1, message: message)
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while pos < bytes.count {
            let c = bytes[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { return }
        }
    }

    private mutating func parseValue() throws(ParseError) -> JSONValue {
        guard pos < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "N"): try expectWord("NaN"); return .double(.nan)
        case UInt8(ascii: "I"): try expectWord("Infinity"); return .double(.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(printable(bytes[pos]))', expected a value")
        }
    }

    private func printable(_ c: UInt8) -> String {
        (0x20..<0x7F).contains(c) ? String(UnicodeScalar(c)) : "\\x" + String(c, radix: 16, uppercase: true)
    }

    private mutating func expectWord(_ word: StaticString) throws(ParseError) {
        let start = pos
        let n = word.utf8CodeUnitCount
        guard pos + n <= bytes.count else { throw error("unexpected end of input", at: start) }
        let w = word.utf8Start
        for i in 0..<n where bytes[pos + i] != w[i] {
            throw error("invalid literal, expected '\(word)'", at: start)
        }
        pos += n
    }

    private mutating func enter() throws(ParseError) {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func parseArray() throws(ParseError) -> JSONValue {
        var items: [JSONValue] = []
        try parseMembers(closing: "]", inside: "an array") { (p: inout JSONParser) throws(ParseError) in items.append(try p.parseValue()) }
        return .array(items)
    }

    private mutating func parseObject() throws(ParseError) -> JSONValue {
        var object = JSONObject()
        try parseMembers(closing: "}", inside: "an object") { (p: inout JSONParser) throws(ParseError) in
            guard p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: "\"") else {
                throw p.error("expected a string key in an object")
            }
            let key = try p.parseString()
            p.skipWhitespace()
            guard p.pos < p.bytes.count, p.bytes[p.pos] == UInt8(ascii: ":") else { throw p.error("expected ':' after an object key") }
            p.pos += 1
            p.skipWhitespace()
            object.appendUnchecked(key, try p.parseValue())
        }
        return .object(object)
    }

    /// The comma-separated members of an array or object, from its opening bracket through
    /// `closing`; `member` reads one member (whitespace around it is skipped here).
    @inline(__always)
    private mutating func parseMembers(closing: Unicode.Scalar, inside what: StaticString,
                                       _ member: (inout JSONParser) throws(ParseError) -> Void) throws(ParseError) {
        try enter()
        defer { depth -= 1 }
        let close = UInt8(ascii: closing)
        pos += 1
        skipWhitespace()
        if pos < bytes.count && bytes[pos] == close { pos += 1; return }
        while true {
            skipWhitespace()
            try member(&self)
            skipWhitespace()
            guard pos < bytes.count else { throw error("unexpected end of input inside \(what)") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == close { pos += 1; return }
            throw error("expected ',' or '\(closing)' in \(what), found '\(printable(bytes[pos]))'")
        }
    }

    private mutating func parseNumber() throws(ParseError) -> JSONValue {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") {
            pos += 1
            if pos < bytes.count && bytes[pos] == UInt8(ascii: "I") {
                try expectWord("Infinity")
                return .double(-.infinity)
            }
        }
        var isInteger = true
        let digitsStart = pos
        while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { pos += 1 }
        if pos == digitsStart { throw error("invalid number", at: start) }
        if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            let fracStart = pos
            while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { pos += 1 }
            if pos == fracStart { throw error("invalid number: no digits after '.'", at: start) }
        }
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            let expStart = pos
            while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { pos += 1 }
            if pos == expStart { throw error("invalid number: no digits in the exponent", at: start) }
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<pos])
        if isInteger && pos - start <= 18 {
            var value = 0
            var negative = false
            for c in slice {
                if c == UInt8(ascii: "-") { negative = true } else { value = value &* 10 &+ Int(c &- 0x30) }
            }
            return .int(negative ? -value : value)
        }
        let text = String(decoding: slice, as: UTF8.self)
        if isInteger, let i = Int(text) { return .int(i) }
        guard let d = Double(text) else { throw error("invalid number '\(text)'", at: start) }
        return .double(d)
    }

    private mutating func parseString() throws(ParseError) -> String {
        let start = pos
        pos += 1
        // Fast path: no escapes.
        let contentStart = pos
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("control character in a string") }
            pos += 1
        }
        guard pos < bytes.count else { throw error("unterminated string", at: start) }
        var out: [UInt8] = Array(bytes[contentStart..<pos])
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw error("control character in a string") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                pos += 1
                continue
            }
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A surrogate pair; a lone surrogate becomes U+FFFD, as a lenient reader would.
                    if pos + 6 <= bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try parseHex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            appendScalar(0xFFFD, to: &out)
                            scalar = low
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    scalar = 0xFFFD
                }
                appendScalar(scalar, to: &out)
            default:
                throw error("invalid escape '\\\(printable(e))' in a string", at: pos - 2)
            }
        }
        throw error("unterminated string", at: start)
    }

    private mutating func parseHex4() throws(ParseError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("invalid hex digit in a \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    private func appendScalar(_ value: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
}
