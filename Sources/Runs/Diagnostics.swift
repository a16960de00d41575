/// A problem found while reading a run: where it is and why it matters.
///
/// Reading never stops at the first problem: every unreadable file, bad row or suspicious path
/// becomes one `Diagnostic` and the rest of the run still loads. Strings inside (paths, reasons
/// that quote file contents) are untrusted data: the UI must sanitise them before display.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// Something expected is absent but that is normal for this layout (e.g. the published
        /// rounds list trace files they do not ship).
        case note
        /// Data was skipped or guessed; the run still loads.
        case warning
        /// A file or row could not be read at all.
        case error

        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// The file or folder concerned (as found, not resolved).
    public var path: String
    /// 1-based line in `path`, when the problem is on one line.
    public var line: Int?
    /// The column or JSON field concerned (`Acc`, `shuffle_seed`), when there is one.
    public var field: String?
    public var reason: String

    public init(_ severity: Severity, path: String, line: Int? = nil, field: String? = nil, reason: String) {
        self.severity = severity
        self.path = path
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `path:line: [field] reason`, like a compiler message.
    public var description: String {
        var s = path
        if let line { s += ":\(line)" }
        s += ": "
        if let field { s += "\(field): " }
        return s + reason
    }
}

/// Collects diagnostics while reading; a small helper so loaders read naturally.
struct DiagnosticLog {
    var items: [Diagnostic] = []

    mutating func error(_ path: String, line: Int? = nil, field: String? = nil, _ reason: String) {
        items.append(Diagnostic(.error, path: path, line: line, field: field, reason: reason))
    }

    mutating func warning(_ path: String, line: Int? = nil, field: String? = nil, _ reason: String) {
        items.append(Diagnostic(.warning, path: path, line: line, field: field, reason: reason))
    }

    mutating func note(_ path: String, line: Int? = nil, field: String? = nil, _ reason: String) {
        items.append(Diagnostic(.note, path: path, line: line, field: field, reason: reason))
    }
}
