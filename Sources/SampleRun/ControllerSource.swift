import ReplayCore

/// The `method.py` of each sample round: a self-contained Python controller, as an AutoTTS round
/// ships one (standard library and `scipy.stats.beta` only; its own base class, helpers and trace),
/// that is a line-for-line port of the replay core's built-in controller the round was evaluated
/// with, headed by a docstring that says it is synthetic.
///
/// Why runnable: the controller host replays a round's own `method.py` (`ttsdash eval --method`);
/// replaying the sample's gives exactly the Acc and Cost in its results CSVs (a test checks every
/// row), so the sample exercises the host end to end without the published data.
public enum ControllerSource {
    public enum Family: String, Sendable, CaseIterable, Decodable { case majority, esc, asc, parallelProbe, cmc }

    public static func methodPy(family: Family, roundID: String, title: String, seed: UInt64,
                                configurations: [ControllerConfiguration], outcomeNote: String?,
                                methodPath: String = "code_base/method.py") -> String {
        let key = configurations.first?.key ?? ""
        var doc = """
        \"\"\"
        SYNTHETIC SAMPLE ROUND \(roundID): \(title).

        Written by `ttsdash sample` (seed \(seed)), not by a coding agent. It stands in for an agent's
        proposal: \(family.className) below is a Python port of the replay core's built-in `\(key)`
        controller, which computed this round's results on the synthetic stores with these
        configurations:

        """
        for c in configurations { doc += "    \(c.descriptionString)\n" }
        if let spec = hostedSpec(family: family, configurations: configurations) {
            doc += """

            Replayed by the controller host, it gives exactly those results' Acc and Cost (one
            command, in the sample run's folder):
                ttsdash eval --method \(methodPath)
                    --stores code_base/environment --benchmark synth-search
                    --controller '\(spec)' --out DIR

            """
        }
        if let outcomeNote { doc += "\n\(outcomeNote)\n" }
        doc += "\"\"\"\n\n"
        let sweep = "\n\n\n# The configurations this round was evaluated with.\nSWEEP = [\n"
            + configurations.map { "    \($0.configRepr),\n" }.joined() + "]\n"
        return doc + prelude + "\n\n\n" + body(family) + sweep
    }

    /// `Class:name=v1,v2,...` covering exactly `configurations` (their cross product), with only
    /// the parameters that are not at their defaults; nil when the configurations are no product.
    static func hostedSpec(family: Family, configurations: [ControllerConfiguration]) -> String? {
        guard let first = configurations.first else { return nil }
        let def = ControllerRegistry.definition(for: first.key)
        var parts: [String] = [], product = 1
        for (i, v) in first.values.enumerated() {
            var seen: [ParameterValue] = []
            for c in configurations where i < c.values.count && !seen.contains(c.values[i].value) { seen.append(c.values[i].value) }
            let isDefault = seen.count == 1 && def?.parameters.first(where: { $0.name == v.name })?.defaultValue == seen[0]
            if isDefault { continue }
            product *= seen.count
            parts.append("\(v.name)=" + seen.map(\.pythonRepr).joined(separator: ","))
        }
        guard product == configurations.count else { return nil }
        return family.className + (parts.isEmpty ? "" : ":" + parts.joined(separator: ","))
    }

    /// What every generated file shares: imports, vote helpers, safe question calls, base class
    /// (`Python/prelude.py`).
    static var prelude: String { pythonSource(PackageResources.prelude_py) }

    /// The controller class of a family (`Python/<family>.py`).
    static func body(_ family: Family) -> String {
        switch family {
        case .majority: pythonSource(PackageResources.majority_py)
        case .esc: pythonSource(PackageResources.esc_py)
        case .asc: pythonSource(PackageResources.asc_py)
        case .parallelProbe: pythonSource(PackageResources.parallel_probe_py)
        case .cmc: pythonSource(PackageResources.cmc_py)
        }
    }

    /// A compiled-in Python file without its final newline (the generator adds the spacing).
    private static func pythonSource(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

extension ControllerSource.Family {
    /// The Python class a round of this family defines (the results CSV's Method column).
    public var className: String {
        switch self {
        case .majority: return "MajorityVoteMethod"
        case .esc: return "ESCMethod"
        case .asc: return "ASCMethod"
        case .parallelProbe: return "Parallel_Probe"
        case .cmc: return "OptimalController"
        }
    }
}
