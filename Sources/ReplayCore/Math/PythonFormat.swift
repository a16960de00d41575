/// Python's number formatting and rounding, reproduced exactly where the reference relies on it.
public enum PythonFormat {
    /// `repr(float)`: the shortest string that round-trips, in exponent form when the decimal
    /// exponent is below -4 or at least 16 (`1e-05`, `1e+16`), otherwise with at least one
    /// fractional digit (`5.0`). With `json`, non-finite values are written as `json.dumps` does.
    public static func floatRepr(_ x: Double, json: Bool = false) -> String {
        if x.isNaN { return json ? "NaN" : "nan" }
        if x.isInfinite { return x < 0 ? (json ? "-Infinity" : "-inf") : (json ? "Infinity" : "inf") }
        if x == 0 { return x.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description is also the shortest round-trip digits; only the layout differs.
        let (negative, digits, exponent) = shortestDigits(x)
        var s = negative ? "-" : ""
        // exponent: value = 0.d1d2d3... * 10^exponent  => scientific exponent = exponent - 1
        let sci = exponent - 1
        if sci < -4 || sci >= 16 {
            s += String(digits.first!)
            if digits.count > 1 {
                s += "." + digits.dropFirst()
            }
            s += "e" + (sci < 0 ? "-" : "+")
            let e = abs(sci)
            s += e < 10 ? "0\(e)" : "\(e)"
            return s
        }
        if exponent <= 0 {
            s += "0." + String(repeating: "0", count: -exponent) + digits
        } else if exponent >= digits.count {
            s += digits + String(repeating: "0", count: exponent - digits.count) + ".0"
        } else {
            let i = digits.index(digits.startIndex, offsetBy: exponent)
            s += digits[..<i] + "." + digits[i...]
        }
        return s
    }

    /// The shortest round-trip decimal digits of `x` (no leading or trailing zeros) and the
    /// exponent `e` with `|x| = 0.digits * 10^e`.
    static func shortestDigits(_ x: Double) -> (negative: Bool, digits: String, exponent: Int) {
        let text = abs(x).description  // e.g. "0.875", "1e-05", "5.0", "1.2345e+17"
        var mantissa = Substring(text)
        var exp10 = 0
        if let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<eIndex]
            exp10 = Int(text[text.index(after: eIndex)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(intPart) + String(fracPart)
        var exponent = intPart.count + exp10
        // Strip leading zeros (adjusting the exponent) and trailing zeros.
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (x.sign == .minus, digits, exponent)
    }

    /// Python's `round(x)` to an integer: halves go to the even neighbour.
    @inline(__always)
    public static func roundHalfEven(_ x: Double) -> Double {
        x.rounded(.toNearestOrEven)
    }

    /// Python's `round(x, ndigits)` for `ndigits` in 0...8: rounds the exact binary value of `x`
    /// to `ndigits` decimals (ties to even, which only happen when the binary value is exactly
    /// halfway), then returns the double nearest to that decimal.
    public static func round(_ x: Double, digits: Int) -> Double {
        precondition((0...8).contains(digits))
        if !x.isFinite || x == 0 { return x }
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let negative = x < 0
        let magnitude = abs(x)
        // magnitude = significand * 2^exponent exactly, with an integer significand.
        let exponent = Int(magnitude.exponent) - 52
        let significand = UInt128(magnitude.significandBitPattern | (magnitude.isNormal ? (1 << 52) : 0))
        let e = magnitude.isNormal ? exponent : -1074
        if e >= 0 {
            return x  // an integer already (|x| >= 2^52): nothing after the decimal point
        }
        let shift = -e
        let scaled = significand * UInt128(scale)  // < 2^53 * 10^8 < 2^80
        let rounded: UInt128
        if shift >= 120 {
            rounded = 0
        } else {
            let q = scaled >> UInt128(shift)
            let r = scaled - (q << UInt128(shift))
            let half = UInt128(1) << UInt128(shift - 1)
            if r > half || (r == half && (q & 1) == 1) { rounded = q + 1 } else { rounded = q }
        }
        let result = Double(rounded) / Double(scale)  // correctly rounded division
        return negative ? -result : result
    }
}
