import Foundation
import ReplayCore

/// One configuration of a `method.py` controller: the class (by class name or its `NAME`) and
/// the config dict it is built with, `Class(config={...})`, as the reference evaluator does.
public struct HostedConfiguration: Sendable, Hashable {
    public var className: String
    /// The config dict in the order the SPEC gave its parameters.
    public var parameters: [ControllerConfiguration.Value]

    public init(className: String, parameters: [ControllerConfiguration.Value]) {
        self.className = className
        self.parameters = parameters
    }

    /// The config dict as JSON for the worker (`0.0` stays a float, `64` an int).
    public var configJSON: JSONValue {
        .object(JSONObject(pairs: parameters.map { ($0.name, $0.value.json) }))
    }

    /// As typed: `OptimalController:beta=0.5`.
    public var label: String {
        parameters.isEmpty ? className : className + ":" + parameters.map { "\($0.name)=\($0.value.pythonRepr)" }.joined(separator: ",")
    }

    /// The dict's Python repr, `{'beta': 0.5}` (what the reference's `Description` shows).
    public var configRepr: String {
        "{" + parameters.map { "'\($0.name)': \($0.value.pythonRepr)" }.joined(separator: ", ") + "}"
    }

    /// Parses SPECs for a `method.py`: `OptimalController:beta=0:1:0.1`, `ASCMethod:max_samples=1,4,8`.
    /// Any parameter name is accepted (the class decides what it reads); a value written with a
    /// point or exponent is a float, otherwise an int, and a grid with a decimal step gives floats,
    /// as a user typing the dict in Python would get. Duplicates are dropped, order kept.
    public static func parseAll(_ specs: [String]) throws(ControllerSpec.ParseError) -> [HostedConfiguration] {
        var out: [HostedConfiguration] = []
        for spec in specs {
            for c in try parse(spec) where !out.contains(c) { out.append(c) }
        }
        return out
    }

    public static func parse(_ spec: String) throws(ControllerSpec.ParseError) -> [HostedConfiguration] {
        let parts = spec.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            throw ControllerSpec.ParseError(spec: spec, message: "no class name (expected e.g. OptimalController:beta=0.5)")
        }
        guard name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }), !(name.first?.isNumber ?? true) else {
            throw ControllerSpec.ParseError(spec: spec, message: "'\(name)' is not a Python class name or NAME")
        }
        let lists = try ControllerSpec.parameterLists(parts.count == 2 ? String(parts[1]) : "", spec: spec) { (pname: String, first: String) throws(ControllerSpec.ParseError) -> ParameterSpec in
            guard pname.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else {
                throw ControllerSpec.ParseError(spec: spec, message: "'\(pname)' is not a parameter name")
            }
            let isFloat = first.contains(".") || first.lowercased().contains("e")
            return ParameterSpec(pname, isFloat ? .float : .int, default: .int(0), range: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        }
        var configs: [[ControllerConfiguration.Value]] = [[]]
        for (pname, values) in lists {
            configs = configs.flatMap { prefix in values.map { prefix + [.init(name: pname, value: $0)] } }
        }
        return configs.map { HostedConfiguration(className: name, parameters: $0) }
    }
}
