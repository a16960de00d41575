import Foundation
import Testing
import TestSupport

/// Runs the `ttsdash` binary (release if built, else debug; `TTSDASH_BINARY` overrides).
enum Binary {
    static let packageRoot = PackagePaths.root

    /// `TTSDASH_BINARY`, else the newer of the release and debug builds (a stale build of
    /// either would test old code).
    static let path: String? = {
        if let p = ProcessInfo.processInfo.environment["TTSDASH_BINARY"] { return p }
        let candidates = [".build/release/ttsdash", ".build/debug/ttsdash"].map { packageRoot + "/" + $0 }
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
        func modified(_ p: String) -> Date {
            (try? FileManager.default.attributesOfItem(atPath: p)[.modificationDate] as? Date) ?? .distantPast
        }
        return candidates.max { modified($0) < modified($1) }
    }()

    static var available: Bool { path != nil }
    static let missing: Comment = "no ttsdash binary (run `swift build` first): CLI tests skipped"

    struct Result { let status: Int32; let stdout: String; let stderr: String }

    static func run(_ arguments: [String], cwd: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path!)
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static let sharedStores = packageRoot + "/../shared/autotts/efficient_reasoning_controller/workspace/code_base/environment"
    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: sharedStores) }
    static let sharedMissing: Comment = "../shared/autotts is absent: real-data CLI tests skipped"
}

/// A temporary folder removed at the end of a test.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "ttsdash-cli-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    /// Every file below the folder, relative paths, sorted.
    func files() -> [String] {
        (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: path + "/" + $0, isDirectory: &d) && !d.boolValue }
            .sorted()
    }
}
