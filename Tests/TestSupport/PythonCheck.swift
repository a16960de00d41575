import Foundation

/// Whether python3 with numpy and scipy is here (the controller host needs them; the README's
/// set-up installs them). Under CI a missing one is a failure, not a skip: the install step would
/// be broken, so tests that need it run and fail.
public enum PythonCheck {
    public static let available: Bool = {
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import numpy, scipy.stats"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    public static let skipMessage = "python3 with numpy and scipy is not installed (scripts/ensure-deps installs it): method.py tests skipped"
}
