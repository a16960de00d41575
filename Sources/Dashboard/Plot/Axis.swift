import Foundation

/// Tick choice for a log10 axis of token counts: 1-2-5 steps per decade (50k, 100k, 200k,
/// 500k, 1M) when they fit, thinner (1-3, then decades) when they do not, denser when
/// the range is narrow.
public enum LogAxis {
    public static func ticks(min lo: Double, max hi: Double, maxTicks: Int) -> [Double] {
        guard lo > 0, hi > lo, maxTicks >= 1 else { return lo > 0 ? [lo] : [] }
        let sets: [[Double]] = [[1, 2, 5], [1, 3], [1]]
        func ticks(_ mantissas: [Double], every: Int = 1) -> [Double] {
            var out: [Double] = []
            let d0 = Int(floor(log10(lo))), d1 = Int(ceil(log10(hi)))
            for d in d0...d1 where (d - d0) % every == 0 {
                for m in mantissas {
                    let v = m * pow(10, Double(d))
                    if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { out.append(v) }
                }
            }
            return out
        }
        let standard = ticks(sets[0])
        if standard.count < 3 {
            let dense = ticks([1, 1.5, 2, 3, 4, 5, 6, 7, 8])
            if dense.count <= maxTicks && dense.count > standard.count { return dense }
        }
        for m in sets {
            let t = ticks(m)
            if t.count <= maxTicks { return t }
        }
        var every = 2
        while true {
            let t = ticks([1], every: every)
            if t.count <= maxTicks || every > 12 { return t }
            every += 1
        }
    }
}

/// Tick choice for a linear axis: 1-2-5 steps giving at most `maxTicks` ticks.
public enum LinearAxis {
    public static func step(min lo: Double, max hi: Double, maxTicks: Int) -> Double {
        let span = max(hi - lo, 1e-9)
        let raw = span / Double(max(1, maxTicks))
        let mag = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 2.5, 5, 10] where m * mag >= raw { return m * mag }
        return 10 * mag
    }

    public static func ticks(min lo: Double, max hi: Double, maxTicks: Int) -> [Double] {
        let st = step(min: lo, max: hi, maxTicks: maxTicks)
        var v = ceil(lo / st - 1e-9) * st
        var out: [Double] = []
        while v <= hi + st * 1e-9 {
            out.append(abs(v) < st * 1e-9 ? 0 : v)
            v += st
        }
        return out
    }

    /// Range padded a little and widened to whole steps, so points never sit on the frame.
    public static func niceRange(min lo: Double, max hi: Double, maxTicks: Int) -> (Double, Double) {
        var a = lo, b = hi
        if b - a < 1e-9 { a -= 1; b += 1 }
        let pad = (b - a) * 0.06
        a -= pad; b += pad
        let st = step(min: a, max: b, maxTicks: maxTicks)
        return (floor(a / st) * st, ceil(b / st) * st)
    }
}
