/// The sample run as an ordered list of files (relative path, bytes), built in memory first so
/// that it can be compared, sized and written in one go.
public struct SampleRunFiles: Sendable {
    public private(set) var files: [(path: String, bytes: [UInt8])] = []

    public init() {}

    public mutating func add(_ path: String, _ bytes: [UInt8]) {
        precondition(!files.contains { $0.path == path }, "duplicate sample file \(path)")
        files.append((path, bytes))
    }

    public mutating func add(_ path: String, text: String) { add(path, Array(text.utf8)) }

    public var totalBytes: Int { files.reduce(0) { $0 + $1.bytes.count } }

    public func bytes(at path: String) -> [UInt8]? { files.first { $0.path == path }?.bytes }
}
