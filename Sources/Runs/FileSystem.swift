import Foundation
import ReplayCore

/// The few read-only file-system calls the runs layer makes, with errors turned into reasons a
/// person can act on. Nothing here ever writes.
enum FileSystem {
    enum Kind: Sendable, Equatable { case file, directory, other }

    /// What `stat` says about a path (following symlinks).
    struct Info: Sendable, Equatable {
        var kind: Kind
        var size: UInt64
        /// Modification time in nanoseconds since 1970.
        var mtimeNanoseconds: Int64
        var inode: UInt64
        var device: UInt64

        var modified: Date { Date(timeIntervalSince1970: Double(mtimeNanoseconds) / 1e9) }
    }

    /// `stat` following symlinks; on failure, a reason (`symlink loop`, `permission denied`, …).
    static func info(_ path: String) -> Result<Info, FileProblem> {
        var s = stat()
        if stat(path, &s) != 0 { return .failure(FileProblem(path: path, errno: errno)) }
        let kind: Kind
        switch s.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        let ns = Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec)
        return .success(Info(kind: kind, size: UInt64(s.st_size), mtimeNanoseconds: ns,
                             inode: UInt64(s.st_ino), device: UInt64(s.st_dev)))
    }

    static func exists(_ path: String) -> Bool {
        var s = stat()
        return stat(path, &s) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        if case .success(let i) = info(path) { return i.kind == .directory }
        return false
    }

    static func isFile(_ path: String) -> Bool {
        if case .success(let i) = info(path) { return i.kind == .file }
        return false
    }

    /// True when `path` is itself a symbolic link.
    static func isSymlink(_ path: String) -> Bool {
        var s = stat()
        return lstat(path, &s) == 0 && (s.st_mode & S_IFMT) == S_IFLNK
    }

    /// The names in a folder, hidden entries (`.x`) included, naturally sorted.
    static func list(_ path: String) -> Result<[String], FileProblem> {
        guard let dir = opendir(path) else { return .failure(FileProblem(path: path, errno: errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return .success(names.sorted(by: naturalOrder))
    }

    /// Reads a whole (small) file; refuses files larger than `limit` bytes.
    static func read(_ path: String, limit: Int = 64 << 20) -> Result<[UInt8], FileProblem> {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(FileProblem(path: path, errno: errno)) }
        defer { close(fd) }
        var s = stat()
        guard fstat(fd, &s) == 0 else { return .failure(FileProblem(path: path, errno: errno)) }
        if (s.st_mode & S_IFMT) == S_IFDIR { return .failure(FileProblem(path: path, reason: "is a folder, expected a file")) }
        if Int(s.st_size) > limit {
            return .failure(FileProblem(path: path, reason: "is \(s.st_size) bytes, more than the \(limit)-byte limit for this kind of file"))
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(s.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(FileProblem(path: path, errno: errno))
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { return .failure(FileProblem(path: path, reason: "grew past the \(limit)-byte limit while being read")) }
        }
        return .success(out)
    }

    /// Reads a UTF-8 text file (invalid bytes become U+FFFD).
    static func readText(_ path: String, limit: Int = 64 << 20) -> Result<String, FileProblem> {
        read(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The canonical absolute path (symlinks resolved), or nil when it cannot be resolved.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// True when the folder `path` is a symlink that resolves to itself or to one of its own
    /// ancestors: walking into it would never end.
    static func isSymlinkLoop(_ path: String) -> Bool {
        guard isSymlink(path) else { return false }
        guard let target = realPath(path) else { return true }
        let parent = realPath((path as NSString).deletingLastPathComponent) ?? ""
        return parent == target || parent.hasPrefix(target.hasSuffix("/") ? target : target + "/")
    }

    static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    static func naturalOrder(_ a: String, _ b: String) -> Bool { naturalLess(a, b) || (!naturalLess(b, a) && a < b) }
}

/// Why a path could not be read.
struct FileProblem: Error, Sendable {
    var path: String
    var reason: String
    var code: Int32 = 0

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, errno code: Int32) {
        self.path = path
        self.code = code
        switch code {
        case ELOOP: reason = "symlink loop (too many levels of symbolic links)"
        case EACCES: reason = "permission denied"
        case ENOENT: reason = "does not exist"
        case ENOTDIR: reason = "a path component is not a folder"
        default: reason = String(cString: strerror(code))
        }
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
