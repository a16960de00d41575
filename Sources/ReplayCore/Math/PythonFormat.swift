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
        let significand = magnitude.significandBitPattern | (magnitude.isNormal ? (1 << 52) : 0)
        let e = magnitude.isNormal ? exponent : -1074
        if e >= 0 {
            return x  // an integer already (|x| >= 2^52): nothing after the decimal point
        }
        let shift = -e
        // The usual case (a trace's probabilities and scores): the scaled value fits 64 bits
        // once shifted, so the rounding is done in UInt64 (UInt128 arithmetic and conversion go
        // through generic code in the runtime, about 20 times slower).
        if shift < 64 {
            let (high, low) = significand.multipliedFullWidth(by: scale)
            let q = (high &<< UInt64(64 &- shift)) | (low &>> UInt64(shift))
            if high &>> UInt64(shift) == 0 && q != .max {
                let r = low & ((1 &<< UInt64(shift)) &- 1)
                let half: UInt64 = 1 &<< UInt64(shift &- 1)
                let rounded = r > half || (r == half && (q & 1) == 1) ? q &+ 1 : q
                let result = rounded <= 1 << 53 ? Double(rounded) / Double(scale) : nearest(decimal: "\(rounded)", digits: digits)
                return negative ? -result : result
            }
        }
        return roundWide(significand: significand, shift: shift, scale: scale, digits: digits, negative: negative)
    }

    /// `round`'s general case in 128 bits (any shift; the scaled value may pass 2^64).
    /// `scale` is 10^digits.
    static func roundWide(significand: UInt64, shift: Int, scale: UInt64, digits: Int, negative: Bool) -> Double {
        let scaled = UInt128(significand) * UInt128(scale)  // < 2^53 * 10^8 < 2^80
        let rounded: UInt128
        if shift >= 120 {
            rounded = 0
        } else {
            let q = scaled >> UInt128(shift)
            let r = scaled - (q << UInt128(shift))
            let half = UInt128(1) << UInt128(shift - 1)
            if r > half || (r == half && (q & 1) == 1) { rounded = q + 1 } else { rounded = q }
        }
        // Both operands exact, so one correctly rounded division; past 2^53 the integer itself
        // would be rounded first (twice rounded in all), so the decimal is read as text instead.
        let result = rounded <= 1 << 53 ? Double(rounded) / Double(scale) : nearest(decimal: "\(rounded)", digits: digits)
        return negative ? -result : result
    }

    /// The double nearest to `decimal` x 10^-digits (Swift's parser rounds correctly, as
    /// Python's `round` does through its own strtod).
    static func nearest(decimal: String, digits: Int) -> Double {
        Double(decimal + "e-\(digits)")!
    }
}
