import Foundation
import Testing

/// Text snapshots under `__Snapshots__/NAME.txt`. `SNAPSHOT_RECORD=1` (re)writes them;
/// otherwise a missing or different snapshot fails with a line diff.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__")
    let file = dir.appendingPathComponent("\(name).txt")
    let recording = ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1"
    if recording {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? (text + "\n").write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing snapshot \(file.path); run with SNAPSHOT_RECORD=1 to record it", sourceLocation: sourceLocation)
        return
    }
    let want = expected.hasSuffix("\n") ? String(expected.dropLast()) : expected
    if want != text {
        let a = want.components(separatedBy: "\n"), b = text.components(separatedBy: "\n")
        var diff: [String] = []
        for i in 0..<max(a.count, b.count) where (i < a.count ? a[i] : nil) != (i < b.count ? b[i] : nil) {
            diff.append("line \(i + 1):\n  - \(i < a.count ? a[i] : "<none>")\n  + \(i < b.count ? b[i] : "<none>")")
            if diff.count >= 8 { break }
        }
        let details = diff.joined(separator: "\n")
        Issue.record("snapshot \(name) differs (SNAPSHOT_RECORD=1 re-records):\n\(details)", sourceLocation: sourceLocation)
    }
}
