import Foundation

/// Paths every test target shares, found from this file's location (not the working
/// directory, which `swift test` does not promise).
public enum PackagePaths {
    /// The package's folder: the nearest one above this file that holds `Package.swift`.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }()

    /// The committed sample run (tests copy it before changing anything).
    public static var sampleRun: String { root + "/sample-runs/autotts-synthetic" }

    /// The real AutoTTS data beside the checkout; absent in a user's fresh clone.
    public static var sharedAutotts: String { (root as NSString).appendingPathComponent("../shared/autotts") }
}
