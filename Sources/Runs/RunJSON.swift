import Foundation
import ReplayCore

/// Machine-readable forms of the model (`--json` output). Keys are stable; missing numbers are
/// `null` ("not reported"), never 0.
public enum RunJSON {
    /// A number, an integer when it is one, `null` when missing or not finite.
    public static func num(_ v: Double?) -> JSONValue {
        guard let v, v.isFinite else { return .null }
        if v == v.rounded() && abs(v) < 1e15 { return .int(Int(v)) }
        return .double(v)
    }

    static func str(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    static func date(_ d: Date?) -> JSONValue {
        guard let d else { return .null }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return .string(f.string(from: d))
    }

    public static func diagnostic(_ d: Diagnostic) -> JSONValue {
        .object(JSONObject([
            "severity": .string(d.severity.rawValue), "path": .string(d.path),
            "line": d.line.map { .int($0) } ?? .null, "field": str(d.field), "reason": .string(d.reason),
        ]))
    }

    public static func layout(_ l: RunLayout) -> JSONValue {
        .object(JSONObject([
            "root": .string(l.root), "workspace": str(l.workspace), "code_base": str(l.codeBase), "history": str(l.history),
            "training_results": str(l.trainingResults), "workflow_logs": str(l.workflowLogs),
            "search_history": str(l.searchHistory), "held_out_results": str(l.heldOutResults),
            "environment": str(l.environment), "test_environment": str(l.testEnvironment),
            "result_folders": .array(l.resultFolders.map { .string($0) }),
        ]))
    }

    public static func row(_ r: ResultRow) -> JSONValue {
        .object(JSONObject([
            "line": .int(r.line), "method": .string(r.method), "family": .string(r.configuration.family),
            "configuration": .string(r.configuration.shortLabel), "description": .string(r.description),
            "parameters": .object(JSONObject(pairs: r.configuration.parameters.map { ($0.name, literal($0.value)) })),
            "acc": num(r.acc), "cost": num(r.cost),
        ]))
    }

    static func literal(_ v: PythonLiteral) -> JSONValue {
        switch v {
        case .int(let i): return .int(i)
        case .float(let d): return d.isFinite ? .double(d) : .string(d.description)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return .null
        case .list(let items): return .array(items.map(literal))
        case .dict(let pairs): return .object(JSONObject(pairs: pairs.map { ($0.key, literal($0.value)) }))
        }
    }

    /// A round; `rows: true` includes every result row, otherwise only the best per result set.
    public static func round(_ r: Round, rows: Bool = false) -> JSONValue {
        var results: [JSONValue] = []
        for s in r.results {
            var o = JSONObject([
                "backbone": .string(s.backbone), "benchmark": .string(s.benchmark), "csv": str(s.csvPath),
                "rows": .int(s.rows.count),
                "best": s.best.map(row) ?? .null,
                "trace": s.trace.map { .object(JSONObject(["path": .string($0.path), "status": .string($0.status.rawValue),
                                                           "size": $0.size.map { .int(Int($0)) } ?? .null])) } ?? .null,
            ])
            if rows { o["all_rows"] = .array(s.rows.map(row)) }
            results.append(.object(o))
        }
        return .object(JSONObject([
            "id": .string(r.id), "name": .string(r.shortName), "kind": .string(r.kind.rawValue),
            "index": r.index.map { .int($0) } ?? .null, "phase": .string(r.phase.rawValue),
            "eval_returncode": r.evalReturnCode.map { .int($0) } ?? .null,
            "directory": .string(r.directory),
            "started_at": date(r.startedAt), "proposed_at": date(r.proposedAt), "last_changed_at": date(r.lastChangedAt),
            "method_py": str(r.controllerSourcePath),
            "proposal_summary": str(r.proposalSummary),
            "results": .array(results),
        ]))
    }

    public static func run(_ run: Run, rows: Bool = false) -> JSONValue {
        .object(JSONObject([
            "path": .string(run.path),
            "layout": layout(run.layout),
            "rounds": .array(run.rounds.map { round($0, rows: rows) }),
            "diagnostics": .array(run.diagnostics.map(diagnostic)),
        ]))
    }

    /// Indented JSON text (two spaces), keys in model order.
    public static func pretty(_ v: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch v {
        case .array(let a):
            if a.isEmpty { return "[]" }
            if a.allSatisfy({ if case .object = $0 { return false }; if case .array = $0 { return false }; return true }) {
                return "[" + a.map { JSONWriter.string($0) }.joined(separator: ", ") + "]"
            }
            return "[\n" + a.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let o):
            if o.isEmpty { return "{}" }
            return "{\n" + o.pairs.map { inner + JSONWriter.string(.string($0.key)) + ": " + pretty($0.value, indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return JSONWriter.string(v)
        }
    }
}
