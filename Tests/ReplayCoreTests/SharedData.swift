import Foundation
import Testing
import ReplayCore
import TestSupport

/// Locates the real AutoTTS data in `../shared/autotts` beside the checkout. Tests that need it
/// are skipped (with this message) when it is absent, as in a user's fresh clone.
enum SharedData {
    static let autotts = PackagePaths.sharedAutotts
    static var available: Bool { FileManager.default.fileExists(atPath: environment) }
    static let skipMessage: Comment = "../shared/autotts is absent: real-data tests skipped"

    static var controllerRoot: String { autotts + "/efficient_reasoning_controller" }
    static var environment: String { controllerRoot + "/workspace/code_base/environment" }
    static var seedAlgorithms: String { controllerRoot + "/workspace/code_base/history/seed_algorithms" }
    static var searchHistory: String { controllerRoot + "/logs/search_history" }
    static var referenceTraces: String { autotts + "/reference-traces" }

    nonisolated(unsafe) private static var cache: [String: ReplayStore] = [:]
    private static let lock = NSLock()

    static func store(_ backbone: String, _ benchmark: String) throws -> ReplayStore {
        lock.lock(); defer { lock.unlock() }
        if let s = cache["\(backbone)/\(benchmark)"] { return s }
        let s = try ReplayStore.load(storesDirectory: environment, backbone: backbone, benchmark: benchmark)
        cache["\(backbone)/\(benchmark)"] = s
        return s
    }

    static func lines(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
}
