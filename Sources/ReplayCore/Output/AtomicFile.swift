import Foundation

/// Writes files so that a reader never sees half of one: write a hidden temporary file beside
/// the target, flush it, then rename it over the target (rename is atomic within a folder).
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// The hidden temporary name used while `path` is being written.
    public static func temporaryPath(for path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return (dir as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
    }

    public static func write(_ bytes: [UInt8], to path: String) throws {
        let tmp = temporaryPath(for: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        var ok = true
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { ok = false; return }
                offset += n
            }
        }
        let reason = ok ? "" : String(cString: strerror(errno))
        fsync(fd)
        close(fd)
        guard ok else { unlink(tmp); throw WriteError(path: path, reason: reason) }
        try commit(tmp, to: path)
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Renames a finished temporary file over the target.
    public static func commit(_ tmp: String, to path: String) throws {
        if rename(tmp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw WriteError(path: path, reason: reason)
        }
    }

    /// Creates a folder (and parents); a clear error when it cannot be made or written.
    public static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: path, reason: "cannot create the folder (\((error as NSError).localizedDescription))")
        }
        guard access(path, W_OK) == 0 else { throw WriteError(path: path, reason: "the folder is not writable") }
    }
}
