/// Fixed, seed-derived wall-clock times for the sample run's round ids and logs.
///
/// Why not the clock: the committed sample must regenerate byte for byte, so every time stamp
/// is computed from the seed with integer calendar arithmetic (UTC, no time zone, no Foundation
/// date formatting whose output could vary by locale or platform).
public struct RunTime: Sendable, Equatable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int

    public init(epochSeconds: Int) { self.epochSeconds = epochSeconds }

    public static func < (a: RunTime, b: RunTime) -> Bool { a.epochSeconds < b.epochSeconds }

    public func adding(seconds: Int) -> RunTime { RunTime(epochSeconds: epochSeconds + seconds) }

    /// Year, month, day, hour, minute, second (proleptic Gregorian, UTC).
    public var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secs = epochSeconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, secs / 3600, (secs % 3600) / 60, secs % 60)
    }

    /// `20260416_214416`, as in AutoTTS round ids.
    public var compact: String {
        let c = components
        return "\(c.year)\(p2(c.month))\(p2(c.day))_\(p2(c.hour))\(p2(c.minute))\(p2(c.second))"
    }

    /// `2026-04-16T21:44:16Z`.
    public var iso: String {
        let c = components
        return "\(c.year)-\(p2(c.month))-\(p2(c.day))T\(p2(c.hour)):\(p2(c.minute)):\(p2(c.second))Z"
    }

    private func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// Days since 1970-01-01 of a civil date (days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The start of the sample search for a seed: a day in spring 2026, late morning.
    public static func searchStart(seed: UInt64) -> RunTime {
        let base = days(year: 2026, month: 3, day: 2)
        let day = base + Int(seed % 120)
        let second = (9 * 3600) + Int((seed &* 7919) % 7200)
        return RunTime(epochSeconds: day * 86_400 + second)
    }
}
