import ControllerHost
import Foundation
import ReplayCore
import TestSupport
import Testing

/// What the host tests need: the published data, a working python3 with numpy and scipy, and
/// scratch folders.
enum HostSupport {
    static let autotts = PackagePaths.sharedAutotts + "/efficient_reasoning_controller"
    static let environment = autotts + "/workspace/code_base/environment"
    static let searchHistory = autotts + "/logs/search_history"
    static func method(_ round: String) -> String { "\(searchHistory)/\(round)/code_base/method.py" }

    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: environment) }
    static let sharedSkip: Comment = "../shared/autotts is absent: the published-round checks are skipped"

    static var pythonAvailable: Bool { PythonCheck.available }
    static let pythonSkip = Comment(rawValue: PythonCheck.skipMessage)

    static func store(_ backbone: String, _ benchmark: String = "aime24") throws -> ReplayStore {
        try ReplayStore.load(storesDirectory: environment, backbone: backbone, benchmark: benchmark)
    }

    static func hostedStore(_ backbone: String, _ benchmark: String = "aime24", directory: String = environment) throws -> HostedStore {
        let s = try ReplayStore.load(storesDirectory: directory, backbone: backbone, benchmark: benchmark)
        return HostedStore(backbone: backbone, benchmark: benchmark,
                           path: ReplayStore.path(storesDirectory: directory, backbone: backbone, benchmark: benchmark),
                           questionCount: s.questions.count)
    }

    static func temporaryFolder(_ name: String = #function) -> String {
        let dir = NSTemporaryDirectory() + "ttsdash-host-\(name.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Reads a results CSV into (Description -> (Acc, Cost)) with a quoted-field splitter.
    static func csvRows(_ path: String) -> [String: (acc: String, cost: String)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [String: (String, String)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = splitCSV(String(line))
            if f.count >= 5 { out[f[4]] = (f[1], f[2]) }
        }
        return out
    }

    static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { current.append("\""); i += 1 } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { fields.append(current); current = "" } else { current.append(c) }
            i += 1
        }
        fields.append(current)
        return fields
    }

    static let backbones = ["Qwen3-0.6B", "Qwen3-1.7B", "Qwen3-4B", "Qwen3-8B"]
}
