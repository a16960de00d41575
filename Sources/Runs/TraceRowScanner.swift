import ReplayCore

/// Finds a trace row's key fields (`description`, `shuffle_seed`, `question_index`) without
/// parsing the row: walks the top-level object's keys, skipping values byte by byte (strings
/// with their escapes, nested objects and arrays by depth), and stops as soon as all three are
/// known. The reference writes them before the bulky `trace`, so a few hundred bytes are read.
struct TraceRowScanner {
    struct Key: Equatable {
        /// The description's raw bytes between the quotes (escapes not decoded).
        var descriptionStart: Int
        var descriptionEnd: Int
        var descriptionHasEscapes: Bool
        var seed: Int
        var question: Int
    }

    enum Failure: Error, Equatable {
        case notAnObject
        case malformed(at: Int)
        case missing(String)
        case notAnInteger(String)
    }

    /// Scans `p[0..<count]` (one line, without its newline).
    static func scan(_ p: UnsafePointer<UInt8>, count: Int) -> Result<Key, Failure> {
        var i = 0
        func skipSpaces() { while i < count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D { i += 1 } }
        skipSpaces()
        guard i < count, p[i] == UInt8(ascii: "{") else { return .failure(.notAnObject) }
        i += 1
        var dStart = -1, dEnd = -1, dEsc = false
        var seed: Int? = nil, question: Int? = nil
        while true {
            skipSpaces()
            guard i < count else { break }
            if p[i] == UInt8(ascii: "}") { break }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            guard p[i] == UInt8(ascii: "\"") else { return .failure(.malformed(at: i)) }
            let kStart = i + 1
            guard let kEnd = stringEnd(p, count, from: i) else { return .failure(.malformed(at: i)) }
            i = kEnd + 1
            skipSpaces()
            guard i < count, p[i] == UInt8(ascii: ":") else { return .failure(.malformed(at: i)) }
            i += 1
            skipSpaces()
            guard i < count else { return .failure(.malformed(at: i)) }
            let which = keyID(p, kStart, kEnd)
            switch which {
            case 1:
                guard p[i] == UInt8(ascii: "\"") else { return .failure(.missing("description")) }
                guard let e = stringEnd(p, count, from: i) else { return .failure(.malformed(at: i)) }
                dStart = i + 1; dEnd = e
                dEsc = false
                var k = dStart
                while k < dEnd { if p[k] == UInt8(ascii: "\\") { dEsc = true; break }; k += 1 }
                i = e + 1
            case 2, 3:
                guard let (v, next) = integer(p, count, from: i) else {
                    return .failure(.notAnInteger(which == 2 ? "shuffle_seed" : "question_index"))
                }
                if which == 2 { seed = v } else { question = v }
                i = next
            default:
                guard let next = skipValue(p, count, from: i) else { return .failure(.malformed(at: i)) }
                i = next
            }
            if dStart >= 0, let s = seed, let q = question {
                return .success(Key(descriptionStart: dStart, descriptionEnd: dEnd, descriptionHasEscapes: dEsc, seed: s, question: q))
            }
        }
        if dStart < 0 { return .failure(.missing("description")) }
        if seed == nil { return .failure(.missing("shuffle_seed")) }
        return .failure(.missing("question_index"))
    }

    /// 1 description, 2 shuffle_seed, 3 question_index, 0 anything else.
    @inline(__always)
    static func keyID(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        func eq(_ lit: StaticString) -> Bool {
            guard e - s == lit.utf8CodeUnitCount else { return false }
            let l = lit.utf8Start
            for k in 0..<(e - s) where p[s + k] != l[k] { return false }
            return true
        }
        switch e - s {
        case 11: return eq("description") ? 1 : 0
        case 12: return eq("shuffle_seed") ? 2 : 0
        case 14: return eq("question_index") ? 3 : 0
        default: return 0
        }
    }

    /// Index of the closing quote of the string opening at `from`.
    @inline(__always)
    static func stringEnd(_ p: UnsafePointer<UInt8>, _ count: Int, from: Int) -> Int? {
        var i = from + 1
        while i < count {
            let c = p[i]
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if c == UInt8(ascii: "\"") { return i }
            i += 1
        }
        return nil
    }

    /// An integer (also `3.0`), and the index after it.
    static func integer(_ p: UnsafePointer<UInt8>, _ count: Int, from: Int) -> (Int, Int)? {
        var i = from
        var negative = false
        if i < count, p[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        let digitsStart = i
        var v = 0
        while i < count, isDigit(p[i]) {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(p[i] - 48))
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        guard i > digitsStart else { return nil }
        if i < count, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, p[i] == UInt8(ascii: "0") { i += 1 }
            if i < count, isDigit(p[i]) { return nil }
        }
        if i < count, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") { return nil }
        return (negative ? -v : v, i)
    }

    /// Skips one JSON value starting at `from`; returns the index after it.
    static func skipValue(_ p: UnsafePointer<UInt8>, _ count: Int, from: Int) -> Int? {
        var i = from
        guard i < count else { return nil }
        let c = p[i]
        if c == UInt8(ascii: "\"") { return stringEnd(p, count, from: i).map { $0 + 1 } }
        if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
            var depth = 0
            while i < count {
                let b = p[i]
                if b == UInt8(ascii: "\"") {
                    guard let e = stringEnd(p, count, from: i) else { return nil }
                    i = e + 1
                    continue
                }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { return i + 1 }
                }
                i += 1
            }
            return nil
        }
        // number, true, false, null
        while i < count {
            let b = p[i]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 { break }
            i += 1
        }
        return i > from ? i : nil
    }
}

/// Byte-range views of JSON containers without building values: used to parse a large trace row
/// lazily (each step is parsed only when a view asks for it).
enum JSONScan {
    /// The members of the object starting at `from` (`{`): key text (escapes decoded only when
    /// present) and the value's byte range. nil when malformed.
    static func members(_ p: UnsafePointer<UInt8>, _ count: Int, from: Int) -> [(key: String, value: Range<Int>)]? {
        var i = from
        func skip() { while i < count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 } }
        skip()
        guard i < count, p[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var out: [(key: String, value: Range<Int>)] = []
        while true {
            skip()
            guard i < count else { return nil }
            if p[i] == UInt8(ascii: "}") { return out }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            guard p[i] == UInt8(ascii: "\""), let e = TraceRowScanner.stringEnd(p, count, from: i) else { return nil }
            guard let key = string(p, i, e + 1) else { return nil }
            i = e + 1
            skip()
            guard i < count, p[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skip()
            guard let end = TraceRowScanner.skipValue(p, count, from: i) else { return nil }
            out.append((key, i..<end))
            i = end
        }
    }

    /// The element ranges of the array starting at `from` (`[`). nil when malformed.
    static func elements(_ p: UnsafePointer<UInt8>, _ count: Int, from: Int) -> [Range<Int>]? {
        var i = from
        func skip() { while i < count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 } }
        skip()
        guard i < count, p[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        var out: [Range<Int>] = []
        while true {
            skip()
            guard i < count else { return nil }
            if p[i] == UInt8(ascii: "]") { return out }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            guard let end = TraceRowScanner.skipValue(p, count, from: i) else { return nil }
            out.append(i..<end)
            i = end
        }
    }

    /// The text of the JSON string in `p[start..<end]` (quotes included); nil if it is not one.
    static func string(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        guard end - start >= 2, p[start] == UInt8(ascii: "\""), p[end - 1] == UInt8(ascii: "\"") else { return nil }
        var escaped = false
        for k in (start + 1)..<(end - 1) where p[k] == UInt8(ascii: "\\") { escaped = true; break }
        if !escaped { return String(decoding: UnsafeBufferPointer(start: p + start + 1, count: end - start - 2), as: UTF8.self) }
        return (try? JSONParser.parse(UnsafeBufferPointer(start: p + start, count: end - start)))?.stringValue
    }
}
