import Foundation

/// Times a run's own records carry (`proposal_result.json`, `launch.json`): ISO 8601, with or
/// without fractional seconds.
enum RecordedTime {
    static func iso(_ text: String?) -> Date? {
        guard let text else { return nil }
        let f = ISO8601DateFormatter()
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)
    }
}
