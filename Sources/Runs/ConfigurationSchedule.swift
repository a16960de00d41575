/// The knob values a controller derived for each configuration, as its results CSV exports them
/// (AutoTTS rounds write e.g. `warm_up`, `conf_thresh`, `max_branch_use` per β after the fixed
/// columns). Object addresses, the `config` dict and the trace recorder are not knobs.
public struct ConfigurationSchedule: Sendable, Equatable {
    /// Knob names in first-seen column order.
    public var columns: [String]
    /// Per configuration label (`beta=0.5`), its knob values by name, sorted like the delta table.
    public var rows: [(configuration: String, values: [String: String])]

    public static func == (a: Self, b: Self) -> Bool {
        a.columns == b.columns && a.rows.map(\.configuration) == b.rows.map(\.configuration) && a.rows.map(\.values) == b.rows.map(\.values)
    }

    /// nil when the rows export no knob columns.
    public static func make(rows: [ResultRow]) -> ConfigurationSchedule? {
        var columns: [String] = []
        var out: [(configuration: String, values: [String: String])] = []
        let sorted = rows.enumerated().sorted { a, b in
            let ka = a.element.configuration.parameters.first?.value.asDouble ?? 0
            let kb = b.element.configuration.parameters.first?.value.asDouble ?? 0
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        for row in sorted {
            var values: [String: String] = [:]
            for a in row.attributes where isKnob(a) {
                if !columns.contains(a.name) { columns.append(a.name) }
                values[a.name] = tidy(a.value)
            }
            out.append((RoundComparison.configurationLabel(row.configuration), values))
        }
        return columns.isEmpty ? nil : ConfigurationSchedule(columns: columns, rows: out)
    }

    static func isKnob(_ a: ResultRow.Attribute) -> Bool {
        let skip: Set<String> = ["config", "trace_recorder", "Std_Acc"]
        return !skip.contains(a.name) && !a.value.contains(" object at 0x") && !a.value.hasPrefix("{")
    }

    /// `0.9099999999999999` -> `0.91`: float noise from the controller's arithmetic.
    static func tidy(_ v: String) -> String {
        guard v.contains("."), let d = Double(v) else { return v }
        var s = String(format: "%.6f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s += "0" }
        return s
    }

    public func values(for configuration: String) -> [String: String]? {
        rows.first { $0.configuration == configuration }?.values
    }
}
