import Foundation
import ReplayCore

/// Reads a results CSV as pandas writes it (`Method,Acc,Cost,Std_Acc,Description,config,…`).
///
/// Records are cut at newlines outside quotes (so every record knows its 1-based line), then
/// each record is split into fields on its own (RFC 4180 quoting, as pandas writes it): a
/// malformed record is reported with its line and skipped, and the rest of the file still loads.
/// (A CSV package would parse the whole text at once and lose both the line numbers and the
/// record-by-record recovery, so the few lines of quoting are written here.) Columns are found by name; unknown columns are
/// kept as attributes. A missing or non-numeric `Acc`/`Cost` is nil ("not reported") and a
/// non-numeric one is also reported.
public enum ResultsCSV {
    /// The columns a header must have to be recognised as one.
    static let requiredColumns = ["Acc", "Cost"]
    /// The reference's column order, assumed (with a warning) when the header is missing.
    static let referenceColumns = ["Method", "Acc", "Cost", "Std_Acc", "Description", "config"]

    public struct Parsed: Sendable {
        public var rows: [ResultRow]
        public var diagnostics: [Diagnostic]
    }

    /// Reads and parses `path`.
    public static func read(path: String) -> Parsed {
        switch FileSystem.readText(path, limit: 256 << 20) {
        case .failure(let p): return Parsed(rows: [], diagnostics: [Diagnostic(.error, path: path, reason: "cannot read: \(p.reason)")])
        case .success(let text): return parse(text, path: path)
        }
    }

    /// One physical record: its text (no line terminator) and the line it starts on.
    struct Record {
        var text: String
        var line: Int
        var terminated: Bool
    }

    /// Cuts text into records at newlines outside double quotes. An unterminated quote is
    /// reported and that record is cut at its first line end instead.
    static func records(_ text: String, path: String, log: inout DiagnosticLog) -> [Record] {
        let bytes = Array(text.utf8)
        var out: [Record] = []
        var i = 0, line = 1
        while i < bytes.count {
            let start = i, startLine = line
            var inQuotes = false
            var end = -1
            var j = i, l = line
            while j < bytes.count {
                let c = bytes[j]
                if c == UInt8(ascii: "\"") { inQuotes.toggle() }
                else if c == UInt8(ascii: "\n") {
                    if !inQuotes { end = j; break }
                    l += 1
                }
                j += 1
            }
            if end < 0 && inQuotes {
                // Unterminated quote: cut at the first newline and go on.
                log.error(path, line: startLine, "unterminated quoted field; record skipped")
                if let nl = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) { i = nl + 1; line = startLine + 1 } else { i = bytes.count }
                continue
            }
            let terminated = end >= 0
            if !terminated { end = bytes.count }
            var slice = bytes[start..<end]
            if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
            out.append(Record(text: String(decoding: slice, as: UTF8.self), line: startLine, terminated: terminated))
            i = end + 1
            line = l + 1
        }
        return out
    }

    struct FieldError: Error, CustomStringConvertible {
        var description: String
    }

    /// Splits one record into fields: commas outside quotes separate, a quoted field may hold
    /// commas, newlines and doubled quotes (`""`); text after a closing quote is an error.
    static func fields(_ record: Record) throws(FieldError) -> [String] {
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var scalars = record.text.unicodeScalars[...]
        var atFieldStart = true
        while let c = scalars.popFirst() {
            if atFieldStart && c == "\"" {
                atFieldStart = false
                var closed = false
                while let q = scalars.popFirst() {
                    if q == "\"" {
                        if scalars.first == "\"" { scalars.removeFirst(); field.append(q) } else { closed = true; break }
                    } else {
                        field.append(q)
                    }
                }
                guard closed else { throw FieldError(description: "unterminated quoted field \(fields.count + 1)") }
                if let next = scalars.first, next != "," {
                    throw FieldError(description: "field \(fields.count + 1): text after its closing quote")
                }
                continue
            }
            atFieldStart = false
            if c == "," {
                fields.append(String(field))
                field = String.UnicodeScalarView()
                atFieldStart = true
            } else {
                field.append(c)
            }
        }
        fields.append(String(field))
        return fields
    }

    public static func parse(_ text: String, path: String) -> Parsed {
        var log = DiagnosticLog()
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = Self.records(text, path: path, log: &log).filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first = records.first else {
            log.error(path, "empty file: no header and no rows")
            return Parsed(rows: [], diagnostics: log.items)
        }
        var header: [String]
        var body = records.dropFirst()
        do {
            header = try fields(first).map { $0.trimmingCharacters(in: .whitespaces) }
        } catch {
            log.error(path, line: first.line, "unreadable header (\(error)); file skipped")
            return Parsed(rows: [], diagnostics: log.items)
        }
        if !requiredColumns.allSatisfy(header.contains) {
            if header.count >= 3, Double(header[1]) != nil || header[1].isEmpty {
                log.warning(path, line: first.line, "no header (first line is data): assuming the reference's columns \(referenceColumns.joined(separator: ","))")
                header = referenceColumns
                body = records[...]
            } else {
                log.error(path, line: first.line, "header has no \(requiredColumns.filter { !header.contains($0) }.joined(separator: " and ")) column; file skipped")
                return Parsed(rows: [], diagnostics: log.items)
            }
        }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        let method = column("Method"), acc = column("Acc"), cost = column("Cost"), std = column("Std_Acc")
        let desc = column("Description"), config = column("config")
        let known = Set([method, acc, cost, std, desc].compactMap { $0 })
        var rows: [ResultRow] = []
        for rec in body {
            let f: [String]
            do { f = try fields(rec) } catch {
                log.error(path, line: rec.line, "unreadable row (\(error)); skipped")
                continue
            }
            if !rec.terminated && f.count < header.count {
                log.note(path, line: rec.line, "incomplete last line (still being written?); skipped")
                continue
            }
            func get(_ i: Int?) -> String { i.flatMap { $0 < f.count ? f[$0] : nil } ?? "" }
            func number(_ i: Int?, _ name: String) -> Double? {
                let s = get(i).trimmingCharacters(in: .whitespaces)
                if s.isEmpty || s.lowercased() == "nan" { return nil }
                if let d = Double(s), d.isFinite { return d }
                log.warning(path, line: rec.line, field: name, "'\(s.prefix(40))' is not a number; shown as not reported")
                return nil
            }
            let description = get(desc)
            let methodName = get(method)
            var configuration = RowConfiguration.parse(description: description)
            if configuration == nil {
                let dict = PythonLiteral.parseDict(get(config)) ?? []
                let name = description.isEmpty ? methodName : description
                configuration = RowConfiguration(name: name, parameters: dict.map { .init(name: $0.key, value: $0.value) }, builtIn: nil)
                if !description.isEmpty || desc != nil {
                    log.warning(path, line: rec.line, field: "Description", "not of the form '<name> | config={...}'; configuration taken from the config column")
                }
            }
            var attributes: [ResultRow.Attribute] = []
            for (i, name) in header.enumerated() where !known.contains(i) && i < f.count {
                attributes.append(.init(name: name, value: f[i]))
            }
            if f.count > header.count {
                for i in header.count..<f.count where !f[i].isEmpty { attributes.append(.init(name: "column \(i + 1)", value: f[i])) }
            }
            rows.append(ResultRow(line: rec.line, method: methodName, acc: number(acc, "Acc"), cost: number(cost, "Cost"),
                                  stdAcc: number(std, "Std_Acc"), description: description,
                                  configuration: configuration!, attributes: attributes))
        }
        return Parsed(rows: rows, diagnostics: log.items)
    }
}
