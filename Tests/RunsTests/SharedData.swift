import Foundation
import Testing
import TestSupport

/// Locates the real AutoTTS data in `../shared/autotts` beside the checkout. Tests that need it
/// are skipped (with this message) when it is absent, as in a user's fresh clone.
enum SharedData {
    static let autotts = (PackagePaths.sharedAutotts as NSString).standardizingPath
    static var available: Bool { FileManager.default.fileExists(atPath: controllerRoot + "/logs/search_history") }
    static let skipMessage: Comment = "../shared/autotts is absent: real-data tests skipped"

    static var controllerRoot: String { autotts + "/efficient_reasoning_controller" }
    static var workspace: String { controllerRoot + "/workspace" }
    static var seedAlgorithms: String { controllerRoot + "/workspace/code_base/history/seed_algorithms" }
    static var searchHistory: String { controllerRoot + "/logs/search_history" }
    static var referenceTraces: String { autotts + "/reference-traces" }
}
