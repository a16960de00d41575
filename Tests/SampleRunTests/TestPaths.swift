import Foundation
import Testing
import TestSupport

/// Where the tests find the committed sample run and the real AutoTTS stores, located from this
/// file (not the working directory), and temporary folders that clean up after themselves.
enum TestPaths {
    static let packageRoot = PackagePaths.root

    static var committedSample: String { packageRoot + "/sample-runs/autotts-synthetic" }

    static var realEnvironment: String {
        (packageRoot as NSString).appendingPathComponent("../shared/autotts/efficient_reasoning_controller/workspace/code_base/environment")
    }
    static var realAvailable: Bool { FileManager.default.fileExists(atPath: realEnvironment) }
    static let realSkipMessage: Comment = "../shared/autotts is absent: the real-vs-synthetic statistics test is skipped"

    /// A fresh empty folder under the system temporary directory.
    static func temporaryFolder(_ tag: String) -> String {
        let path = NSTemporaryDirectory() + "ttsdash-sample-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// Every regular file under `root` (hidden ones included), as sorted relative paths.
    static func files(under root: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir), !isDir.boolValue { out.append(rel) }
        }
        return out.sorted()
    }
}
