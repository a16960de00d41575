import Foundation

/// Puts a built sample run on disk without ever clobbering a user's folder.
///
/// Why so careful: `ttsdash sample --out DIR` replaces DIR. It may do so only when DIR is absent,
/// empty, or a previous sample run (its README carries `SampleRunBuilder.readmeMarker`). The new
/// run is written into a hidden sibling folder and swapped in with renames, so a reader (or an
/// interrupted command) never sees half a run.
public enum SampleRunOutput {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let message: String
        public var description: String { message }
    }

    /// Checks that `out` may receive a sample run; call it before the (slower) build.
    public static func check(_ out: String) throws(Failure) {
        guard !out.isEmpty else { throw Failure(message: "--out is empty: give the folder to write the sample run to") }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: out, isDirectory: &isDir) {
            guard isDir.boolValue else { throw Failure(message: "\(out): exists and is not a folder") }
            let entries: [String]
            do { entries = try fm.contentsOfDirectory(atPath: out) } catch {
                throw Failure(message: "\(out): cannot read the folder")
            }
            if !entries.isEmpty && !isSampleRun(out) {
                throw Failure(message: "\(out): folder is not empty and is not a previous sample run; refusing to overwrite it (choose an empty or new folder)")
            }
        }
        let parent = parentFolder(of: out)
        do {
            try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw Failure(message: "\(out): cannot create the parent folder \(parent)")
        }
        guard access(parent, W_OK) == 0 else { throw Failure(message: "\(out): the parent folder \(parent) is not writable") }
        if fm.fileExists(atPath: out) && access(out, W_OK) != 0 {
            throw Failure(message: "\(out): the folder is not writable")
        }
    }

    /// True when `path` holds a sample run written by this command (its README's first line).
    public static func isSampleRun(_ path: String) -> Bool {
        guard let h = FileHandle(forReadingAtPath: (path as NSString).appendingPathComponent("README.md")) else { return false }
        defer { try? h.close() }
        let head = (try? h.read(upToCount: 512)) ?? Data()
        return String(decoding: head, as: UTF8.self).hasPrefix(SampleRunBuilder.readmeMarker)
    }

    /// Writes `files` to `out` (checked again first), replacing a previous sample run there.
    public static func write(_ files: SampleRunFiles, to out: String) throws(Failure) {
        try check(out)
        let fm = FileManager.default
        let staging = stagingPath(for: out)
        let old = siblingPath(for: out, tag: "old")
        try? fm.removeItem(atPath: staging)
        do {
            for f in files.files {
                let path = (staging as NSString).appendingPathComponent(f.path)
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard fm.createFile(atPath: path, contents: Data(f.bytes)) else {
                    throw Failure(message: "\(out): cannot write \(f.path)")
                }
            }
        } catch {
            try? fm.removeItem(atPath: staging)
            if let f = error as? Failure { throw f }
            throw Failure(message: "\(out): cannot write the sample run (\((error as NSError).localizedDescription))")
        }
        let existed = fm.fileExists(atPath: out)
        if existed {
            try? fm.removeItem(atPath: old)
            guard rename(out, old) == 0 else {
                try? fm.removeItem(atPath: staging)
                throw Failure(message: "\(out): cannot move the previous sample run aside (\(String(cString: strerror(errno))))")
            }
        }
        guard rename(staging, out) == 0 else {
            let reason = String(cString: strerror(errno))
            if existed { _ = rename(old, out) }
            try? fm.removeItem(atPath: staging)
            throw Failure(message: "\(out): cannot move the new sample run into place (\(reason))")
        }
        if existed { try? fm.removeItem(atPath: old) }
    }

    /// The hidden sibling folder a new run is written to before it is swapped in (removed on
    /// failure; an interrupted command's caller removes it too).
    public static func stagingPath(for out: String) -> String { siblingPath(for: out, tag: "new") }

    static func siblingPath(for out: String, tag: String) -> String {
        let name = ((out.count > 1 && out.hasSuffix("/") ? String(out.dropLast()) : out) as NSString).lastPathComponent
        return (parentFolder(of: out) as NSString).appendingPathComponent(".\(name).sample-\(tag)-\(getpid())")
    }

    static func parentFolder(of path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let parent = (trimmed as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }
}
