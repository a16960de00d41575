import Foundation

/// Number and time formatting shared by views. A missing value is "–" (never 0).
public enum Format {
    public static let missing = "–"

    /// Accuracy in percent: "83.6" (the dashboard's one decimal), "83.62" with `decimals: 2`.
    public static func acc(_ v: Double?, decimals: Int = 1) -> String {
        guard let v, v.isFinite else { return missing }
        return String(format: "%.\(decimals)f", v)
    }

    /// Token counts: "950", "48.7k", "201k", "1.05M".
    public static func tokens(_ v: Double?) -> String {
        guard let v, v.isFinite else { return missing }
        let a = abs(v)
        if a < 1000 { return String(format: "%.0f", v) }
        if a < 100_000 { return String(format: "%.1fk", v / 1000) }
        if a < 1_000_000 { return String(format: "%.0fk", v / 1000) }
        return String(format: "%.2fM", v / 1_000_000)
    }

    /// A tick label on a token axis: "50k", "100k", "1M", "2.5M", "500".
    public static func tick(_ v: Double) -> String {
        func trim(_ x: Double) -> String {
            let r = (x * 10).rounded() / 10
            return r == r.rounded() ? String(format: "%.0f", r) : String(format: "%.1f", r)
        }
        if v >= 1_000_000 { return trim(v / 1_000_000) + "M" }
        if v >= 1000 { return trim(v / 1000) + "k" }
        return trim(v)
    }

    /// "42s", "5m 03s", "2h 10m".
    public static func duration(_ seconds: Double?) -> String {
        guard let s = seconds, s.isFinite, s >= 0 else { return missing }
        let t = Int(s)
        if t < 60 { return "\(t)s" }
        if t < 3600 { return String(format: "%dm %02ds", t / 60, t % 60) }
        return String(format: "%dh %02dm", t / 3600, (t % 3600) / 60)
    }

    /// "just now", "12s ago", "4m ago", "3h ago", "2d ago".
    public static func ago(_ date: Date?, now: Date) -> String {
        guard let date else { return "never" }
        let s = max(0, now.timeIntervalSince(date))
        if s < 2 { return "just now" }
        if s < 60 { return "\(Int(s))s ago" }
        if s < 3600 { return "\(Int(s / 60))m ago" }
        if s < 86400 { return "\(Int(s / 3600))h ago" }
        return "\(Int(s / 86400))d ago"
    }

    /// A question as people count it: trace rows index questions from 0, the UI numbers them
    /// from 1 everywhere (list, header, question box, flips).
    public static func question(_ index: Int) -> String { String(index + 1) }

    /// "yyyy-MM-dd HH:mm" in UTC (the same on every machine; ISO order, with the year: "12-02"
    /// could be either order and any year), or "–".
    public static func clock(_ date: Date?) -> String {
        guard let date else { return missing }
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// "HH:mm:ss" in UTC.
    public static func time(_ date: Date) -> String {
        let c = utc.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// Made once: views format times on every frame, and a `DateFormatter` per call costs
    /// far more than the arithmetic (a `Calendar` value is also safe to share across threads).
    private static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()
}
