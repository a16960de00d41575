/// Writes JSON straight into a byte buffer, in `json.dumps` form (`", "` and `": "` separators,
/// `\uXXXX` escapes, Python float repr), without building a `JSONValue` tree: what trace rows are
/// written with. The bytes are exactly `JSONWriter`'s for the same value (tests check it).
///
/// The buffer is raw memory owned by the writer (grown by doubling, kept by `removeAll`), so a
/// byte costs a capacity check and a store: no array uniqueness checks per append. A writer is a
/// value meant to be kept in one place and passed `inout` (copies share the memory).
///
/// Separators are implied: a value written after another in the same array, or a key after a
/// previous field, gets `", "` first. `key` writes `"name": `; the next value needs no separator.
public struct JSONByteWriter: @unchecked Sendable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    public private(set) var count = 0
    /// Frees the memory with the last copy of the writer.
    @usableFromInline var owner: Storage
    /// A value was just completed at this nesting level: the next element or key needs `", "`.
    @usableFromInline var needsSeparator = false

    @usableFromInline final class Storage {
        var pointer: UnsafeMutablePointer<UInt8>
        init(_ p: UnsafeMutablePointer<UInt8>) { pointer = p }
        deinit { pointer.deallocate() }
    }

    public init(capacity: Int = 256) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
        owner = Storage(base)
    }

    /// The bytes written so far (a copy).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    public var isEmpty: Bool { count == 0 }

    /// The next value starts a new document (no `", "` before it).
    @inline(__always)
    public mutating func removeSeparator() { needsSeparator = false }

    /// Empties the buffer, keeping its memory.
    public mutating func removeAll() {
        count = 0
        needsSeparator = false
    }

    @inline(__always) @usableFromInline
    mutating func ensure(_ n: Int) {
        if capacity &- count < n { grow(n) }
    }

    @inline(never) @usableFromInline
    mutating func grow(_ n: Int) {
        var c = capacity
        while c - count < n { c *= 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        p.update(from: base, count: count)
        base.deallocate()
        base = p
        capacity = c
        owner.pointer = p
    }

    @inline(__always) @usableFromInline
    mutating func byte(_ b: UInt8) {
        ensure(1)
        base[count] = b
        count &+= 1
    }

    @inline(__always) @usableFromInline
    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        ensure(n)
        if n <= 16 {
            var i = 0
            while i < n { base[count &+ i] = p[i]; i &+= 1 }
        } else {
            (base + count).update(from: p, count: n)
        }
        count &+= n
    }

    @inline(__always) @usableFromInline
    mutating func separator() {
        if needsSeparator { ensure(2); base[count] = 0x2C; base[count &+ 1] = 0x20; count &+= 2 }
    }

    /// Bytes written as they are (already JSON: a literal without quotes or backslashes).
    @inline(__always)
    public mutating func raw(_ s: StaticString) { append(s.utf8Start, s.utf8CodeUnitCount) }

    @inline(__always)
    public mutating func raw(_ b: [UInt8]) { b.withUnsafeBufferPointer { if let p = $0.baseAddress { append(p, $0.count) } } }

    @inline(__always)
    public mutating func raw(_ other: borrowing JSONByteWriter) { append(other.base, other.count) }

    // MARK: containers

    @inline(__always)
    public mutating func beginObject() { separator(); byte(0x7B); needsSeparator = false }
    @inline(__always)
    public mutating func endObject() { byte(0x7D); needsSeparator = true }
    @inline(__always)
    public mutating func beginArray() { separator(); byte(0x5B); needsSeparator = false }
    @inline(__always)
    public mutating func endArray() { byte(0x5D); needsSeparator = true }

    @inline(__always)
    public mutating func object(_ body: (inout JSONByteWriter) -> Void) {
        beginObject(); body(&self); endObject()
    }

    @inline(__always)
    public mutating func array(_ body: (inout JSONByteWriter) -> Void) {
        beginArray(); body(&self); endArray()
    }

    /// `"name": ` (a key of plain ASCII without quotes, backslashes or control characters).
    @inline(__always)
    public mutating func key(_ name: StaticString) {
        separator()
        let n = name.utf8CodeUnitCount
        ensure(n &+ 4)
        base[count] = 0x22
        count &+= 1
        append(name.utf8Start, n)
        base[count] = 0x22; base[count &+ 1] = 0x3A; base[count &+ 2] = 0x20
        count &+= 3
        needsSeparator = false
    }

    /// `"name": ` for any key text (escaped). Named apart from `key(_: StaticString)`: with two
    /// same-named overloads a literal picks `String`, the slow path.
    public mutating func key(text name: String) {
        separator()
        writeString(name)
        ensure(2); base[count] = 0x3A; base[count &+ 1] = 0x20; count &+= 2
        needsSeparator = false
    }

    // MARK: values

    @inline(__always)
    public mutating func int(_ v: Int) { separator(); writeInt(v); needsSeparator = true }
    @inline(__always)
    public mutating func double(_ v: Double) { separator(); writeDouble(v); needsSeparator = true }
    @inline(__always)
    public mutating func bool(_ v: Bool) { separator(); if v { raw("true") } else { raw("false") }; needsSeparator = true }
    @inline(__always)
    public mutating func null() { separator(); raw("null"); needsSeparator = true }
    @inline(__always)
    public mutating func string(_ v: String) { separator(); writeString(v); needsSeparator = true }
    /// A string, or `null` for nil.
    @inline(__always)
    public mutating func string(_ v: String?) { if let v { string(v) } else { null() } }
    /// A literal string (plain ASCII without quotes, backslashes or control characters).
    @inline(__always)
    public mutating func literal(_ v: StaticString) {
        separator()
        ensure(v.utf8CodeUnitCount &+ 2)
        base[count] = 0x22; count &+= 1
        raw(v)
        base[count] = 0x22; count &+= 1
        needsSeparator = true
    }
    /// Any JSON value (the slow path: for values that already exist as a tree).
    public mutating func value(_ v: JSONValue) {
        separator()
        var tmp: [UInt8] = []
        JSONWriter.write(v, into: &tmp)
        raw(tmp)
        needsSeparator = true
    }

    // MARK: fields (key + value)

    @inline(__always) public mutating func field(_ k: StaticString, _ v: Int) { key(k); int(v) }
    @inline(__always) public mutating func field(_ k: StaticString, _ v: Double) { key(k); double(v) }
    @inline(__always) public mutating func field(_ k: StaticString, _ v: Bool) { key(k); bool(v) }
    @inline(__always) public mutating func field(_ k: StaticString, _ v: String?) { key(k); string(v) }
    @inline(__always) public mutating func field(_ k: StaticString, literal v: StaticString) { key(k); literal(v) }
    @inline(__always) public mutating func nullField(_ k: StaticString) { key(k); null() }

    // MARK: primitives, as JSONWriter writes them

    /// `String(v)`.
    @inline(__always) @usableFromInline
    mutating func writeInt(_ v: Int) {
        if v >= 0 && v < 10 { byte(UInt8(truncatingIfNeeded: 0x30 &+ v)); return }
        writeIntSlow(v)
    }

    /// "00" through "99": two digits per division (a static string, so no lazy global to check).
    @usableFromInline static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    @usableFromInline
    mutating func writeIntSlow(_ v: Int) {
        var u = v.magnitude
        var digits = 2
        var limit: UInt = 100
        while u >= limit && digits < 19 { digits &+= 1; limit &*= 10 }
        if u >= limit { digits &+= 1 }  // 20 digits: past the last power of ten a UInt holds
        if u < 10 { digits = 1 }
        let sign = v < 0 ? 1 : 0
        ensure(digits &+ sign)
        if sign == 1 { base[count] = 0x2D }
        let pairs = Self.digitPairs.utf8Start
        var i = count &+ sign &+ digits
        while u >= 100 {
            let (q, r) = u.quotientAndRemainder(dividingBy: 100)
            i &-= 2
            base[i] = pairs[Int(r) &* 2]; base[i &+ 1] = pairs[Int(r) &* 2 &+ 1]
            u = q
        }
        if u >= 10 {
            i &-= 2
            base[i] = pairs[Int(u) &* 2]; base[i &+ 1] = pairs[Int(u) &* 2 &+ 1]
        } else {
            i &-= 1
            base[i] = UInt8(truncatingIfNeeded: 0x30 &+ u)
        }
        count &+= digits &+ sign
    }

    /// `PythonFormat.floatRepr(v, json: true)`, with the fast path of `JSONWriter.writeDouble`.
    @usableFromInline
    mutating func writeDouble(_ v: Double) {
        let a = v.magnitude
        if a >= 1e-4 && a < 1e11 {
            let k = (a * 10000).rounded()
            if k / 10000 == a {
                if v < 0 { byte(0x2D) }
                let (whole, frac) = UInt64(k).quotientAndRemainder(dividingBy: 10000)
                writeInt(Int(whole))
                byte(0x2E)
                if frac == 0 { byte(0x30); return }
                var f = frac, digits = 4
                while f % 10 == 0 { f /= 10; digits -= 1 }
                var div: UInt64 = 1
                for _ in 1..<digits { div *= 10 }
                while div > 0 {
                    byte(UInt8(truncatingIfNeeded: 0x30 &+ (f / div) % 10))
                    div /= 10
                }
                return
            }
        }
        let s = PythonFormat.floatRepr(v, json: true)
        var tmp = s
        tmp.withUTF8 { append($0.baseAddress!, $0.count) }
    }

    /// A JSON string: printable ASCII without quotes or backslashes is copied as it is, anything
    /// else goes through `JSONWriter`'s escaping.
    @usableFromInline
    mutating func writeString(_ s: String) {
        let done: Bool? = s.utf8.withContiguousStorageIfAvailable { u in
            for b in u where b < 0x20 || b >= 0x7F || b == 0x22 || b == 0x5C { return false }
            ensure(u.count &+ 2)
            base[count] = 0x22; count &+= 1
            if let p = u.baseAddress { append(p, u.count) }
            base[count] = 0x22; count &+= 1
            return true
        }
        if done == true { return }
        var tmp: [UInt8] = []
        JSONWriter.writeEscapedString(s, into: &tmp)
        raw(tmp)
    }
}

extension JSONWriter {
    /// `String(v)` as bytes, without making a string.
    @inline(__always)
    public static func writeInt(_ v: Int, into out: inout [UInt8]) {
        if v >= 0 && v < 10 { out.append(UInt8(truncatingIfNeeded: 0x30 &+ v)); return }
        writeIntSlow(v, into: &out)
    }

    @usableFromInline
    static func writeIntSlow(_ v: Int, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buf in
            var u = v.magnitude
            var i = 24
            repeat {
                i -= 1
                let (q, r) = u.quotientAndRemainder(dividingBy: 10)
                buf[i] = UInt8(truncatingIfNeeded: 0x30 &+ r)
                u = q
            } while u > 0
            if v < 0 { i -= 1; buf[i] = 0x2D }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<24]))
        }
    }

    /// `PythonFormat.floatRepr(v, json: true)` as bytes. Values with at most four decimals
    /// (every `round(x, 4)` and threshold in a trace) take a fast path: when the double nearest
    /// to `k / 10^4` is `v`, that decimal has at most 15 significant digits, so it is the unique
    /// shortest round-trip form, which is what `repr` prints (never in exponent form in this range).
    @inline(__always)
    public static func writeDouble(_ v: Double, into out: inout [UInt8]) {
        let a = v.magnitude
        if a >= 1e-4 && a < 1e11 {
            let k = (a * 10000).rounded()
            if k / 10000 == a {
                if v < 0 { out.append(0x2D) }
                let n = UInt64(k)
                let (whole, frac) = n.quotientAndRemainder(dividingBy: 10000)
                writeInt(Int(whole), into: &out)
                out.append(0x2E)
                if frac == 0 { out.append(0x30); return }
                var f = frac, digits = 4
                while f % 10 == 0 { f /= 10; digits -= 1 }
                // `digits` decimals of frac / 10^(4 - digits), zero-padded on the left.
                var div: UInt64 = 1
                for _ in 1..<digits { div *= 10 }
                while div > 0 {
                    out.append(UInt8(truncatingIfNeeded: 0x30 &+ (f / div) % 10))
                    div /= 10
                }
                return
            }
        }
        out.append(contentsOf: PythonFormat.floatRepr(v, json: true).utf8)
    }
}
