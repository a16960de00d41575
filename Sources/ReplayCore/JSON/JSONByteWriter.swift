/// Writes JSON straight into a byte buffer, in `json.dumps` form (`", "` and `": "` separators,
/// `\uXXXX` escapes, Python float repr), without building a `JSONValue` tree: what trace rows are
/// written with. The bytes are exactly `JSONWriter`'s for the same value (tests check it).
///
/// Separators are implied: a value written after another in the same array, or a key after a
/// previous field, gets `", "` first. `key` writes `"name": `; the next value needs no separator.
public struct JSONByteWriter {
    public var bytes: [UInt8]
    /// A value was just completed at this nesting level: the next element or key needs `", "`.
    @usableFromInline var needsSeparator = false

    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer, keeping its memory.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        needsSeparator = false
    }

    @inline(__always) @usableFromInline
    mutating func separator() {
        if needsSeparator { bytes.append(0x2C); bytes.append(0x20) }
    }

    /// Bytes written as they are (already JSON: a literal without quotes or backslashes).
    @inline(__always)
    public mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always)
    public mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    // MARK: containers

    @inline(__always)
    public mutating func beginObject() { separator(); bytes.append(0x7B); needsSeparator = false }
    @inline(__always)
    public mutating func endObject() { bytes.append(0x7D); needsSeparator = true }
    @inline(__always)
    public mutating func beginArray() { separator(); bytes.append(0x5B); needsSeparator = false }
    @inline(__always)
    public mutating func endArray() { bytes.append(0x5D); needsSeparator = true }

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
        bytes.append(0x22)
        raw(name)
        bytes.append(0x22); bytes.append(0x3A); bytes.append(0x20)
        needsSeparator = false
    }

    /// `"name": ` for any key text (escaped).
    public mutating func key(_ name: String) {
        separator()
        JSONWriter.writeString(name, into: &bytes)
        bytes.append(0x3A); bytes.append(0x20)
        needsSeparator = false
    }

    // MARK: values

    @inline(__always)
    public mutating func int(_ v: Int) { separator(); JSONWriter.writeInt(v, into: &bytes); needsSeparator = true }
    @inline(__always)
    public mutating func double(_ v: Double) { separator(); JSONWriter.writeDouble(v, into: &bytes); needsSeparator = true }
    @inline(__always)
    public mutating func bool(_ v: Bool) { separator(); raw(v ? "true" : "false"); needsSeparator = true }
    @inline(__always)
    public mutating func null() { separator(); raw("null"); needsSeparator = true }
    @inline(__always)
    public mutating func string(_ v: String) { separator(); JSONWriter.writeString(v, into: &bytes); needsSeparator = true }
    /// A string, or `null` for nil.
    @inline(__always)
    public mutating func string(_ v: String?) { if let v { string(v) } else { null() } }
    /// A literal string (plain ASCII without quotes, backslashes or control characters).
    @inline(__always)
    public mutating func literal(_ v: StaticString) { separator(); bytes.append(0x22); raw(v); bytes.append(0x22); needsSeparator = true }
    /// Any JSON value (the slow path: for values that already exist as a tree).
    public mutating func value(_ v: JSONValue) { separator(); JSONWriter.write(v, into: &bytes); needsSeparator = true }

    // MARK: fields (key + value)

    @inline(__always) public mutating func field(_ k: StaticString, _ v: Int) { key(k); int(v) }
    @inline(__always) public mutating func field(_ k: StaticString, _ v: Double) { key(k); double(v) }
    @inline(__always) public mutating func field(_ k: StaticString, _ v: Bool) { key(k); bool(v) }
    @inline(__always) public mutating func field(_ k: StaticString, _ v: String?) { key(k); string(v) }
    @inline(__always) public mutating func field(_ k: StaticString, literal v: StaticString) { key(k); literal(v) }
    @inline(__always) public mutating func nullField(_ k: StaticString) { key(k); null() }
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
