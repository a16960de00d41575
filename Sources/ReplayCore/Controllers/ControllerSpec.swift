/// Parses controller SPECs as typed on the command line and in the launch form:
///
///     sc:max_samples=64
///     asc:max_samples=1,4,8,16,32,64,threshold=0.95   (an item without `=` extends the list)
///     cmc:beta=0:1:0.1                                  (a grid start:stop:step, inclusive)
///
/// Each SPEC expands to one configuration per value (the cross product when several parameters
/// vary), in the order the values were given; unspecified parameters take the reference defaults.
public enum ControllerSpec {
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let spec: String
        public let message: String
        public var description: String { "controller '\(spec)': \(message)" }
        public init(spec: String, message: String) { self.spec = spec; self.message = message }
    }

    /// Several SPECs expanded in order, duplicates dropped (the first stays).
    public static func parseAll(_ specs: [String]) throws(ParseError) -> [ControllerConfiguration] {
        var out: [ControllerConfiguration] = []
        for spec in specs {
            for c in try parse(spec) where !out.contains(c) { out.append(c) }
        }
        return out
    }

    public static func parse(_ spec: String) throws(ParseError) -> [ControllerConfiguration] {
        func fail(_ m: String) -> ParseError { ParseError(spec: spec, message: m) }
        let trimmed = spec.trimmingSpaces
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).trimmingSpaces
        guard !name.isEmpty else { throw fail("no controller name (expected e.g. cmc:beta=0.5)") }
        guard let def = ControllerRegistry.definition(for: name) else {
            throw fail("unknown controller '\(name)' (known: \(ControllerRegistry.definitions.map(\.key).joined(separator: ", ")))")
        }
        var lists: [String: [ParameterValue]] = [:]
        var given: [String] = []
        for (pname, values) in try parameterLists(parts.count == 2 ? String(parts[1]) : "", spec: spec, parameter: { (pname: String, _: String) throws(ParseError) -> ParameterSpec in
            guard let param = def.parameters.first(where: { $0.name == pname }) else {
                throw fail("unknown parameter '\(pname)' for \(def.key) (parameters: \(def.parameters.map(\.name).joined(separator: ", ")))")
            }
            return param
        }) {
            lists[pname] = values
            given.append(pname)
        }
        // Cross product in the family's parameter order; the first given parameter varies slowest.
        var configs: [[ControllerConfiguration.Value]] = [[]]
        let ordered = given + def.parameters.map(\.name).filter { !given.contains($0) }
        for pname in ordered {
            let param = def.parameters.first { $0.name == pname }!
            let choices = lists[pname] ?? [param.defaultValue]
            configs = configs.flatMap { prefix in choices.map { prefix + [.init(name: pname, value: $0)] } }
        }
        return configs.map { chosen in
            ControllerConfiguration(definition: def, values: def.parameters.map { p in chosen.first { $0.name == p.name }! })
        }
    }

    /// The parameter part of a SPEC (`beta=0:1:0.1,n=1,4,8`): each named parameter with its
    /// values in the order given. `parameter` says what a name takes, given the name and its first
    /// value's text (or throws for an unknown name).
    public static func parameterLists(_ body: String, spec: String,
                                      parameter: (String, String) throws(ParseError) -> ParameterSpec) throws(ParseError) -> [(String, [ParameterValue])] {
        func fail(_ m: String) -> ParseError { ParseError(spec: spec, message: m) }
        var out: [(String, [ParameterValue])] = []
        guard !body.trimmingSpaces.isEmpty else { return out }
        var current: ParameterSpec? = nil
        for rawItem in body.split(separator: ",", omittingEmptySubsequences: false) {
            let item = rawItem.trimmingSpaces
            if item.isEmpty { throw fail("empty item in the parameter list") }
            var valueText = item
            if let eq = item.firstIndex(of: "=") {
                let pname = item[..<eq].trimmingSpaces
                valueText = item[item.index(after: eq)...].trimmingSpaces
                if pname.isEmpty { throw fail("'\(item)' has no parameter name (expected name=value)") }
                if out.contains(where: { $0.0 == pname }) { throw fail("parameter '\(pname)' given twice") }
                current = try parameter(pname, valueText)
                out.append((pname, []))
            }
            guard let param = current else { throw fail("'\(item)' has no parameter name (expected name=value)") }
            out[out.count - 1].1 += try values(valueText, for: param, spec: spec)
        }
        return out
    }

    /// Parses one value or grid for a parameter, checking type and range.
    public static func values(_ text: String, for param: ParameterSpec, spec: String) throws(ParseError) -> [ParameterValue] {
        func fail(_ m: String) -> ParseError { ParseError(spec: spec, message: m) }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        var result: [ParameterValue] = []
        if pieces.count == 1 {
            result = [try scalar(pieces[0], for: param, spec: spec)]
        } else if pieces.count == 3 {
            guard let start = Double(pieces[0]), let stop = Double(pieces[1]), let step = Double(pieces[2]),
                  start.isFinite, stop.isFinite, step.isFinite else {
                throw fail("\(param.name)=\(text): a grid is start:stop:step with three numbers")
            }
            guard step > 0 else { throw fail("\(param.name)=\(text): the grid step must be positive") }
            guard stop >= start else { throw fail("\(param.name)=\(text): the grid stop is below its start") }
            let count = Int(((stop - start) / step + 1e-9).rounded(.down)) + 1
            guard count <= 10_000 else { throw fail("\(param.name)=\(text): the grid has more than 10000 values") }
            let decimals = max(decimalPlaces(pieces[0]), decimalPlaces(pieces[2]))
            for i in 0..<count {
                let raw = start + Double(i) * step
                let v = PythonFormat.round(raw, digits: min(decimals, 8))
                if param.kind == .int {
                    guard v == v.rounded() else { throw fail("\(param.name) takes whole numbers; the grid \(text) gives \(PythonFormat.floatRepr(v))") }
                    result.append(.int(Int(v)))
                } else {
                    result.append(.float(v))
                }
            }
        } else {
            throw fail("\(param.name)=\(text): expected a number or a grid start:stop:step")
        }
        for v in result where !param.range.contains(v.asDouble) {
            throw fail("\(param.name)=\(v.pythonRepr) is outside [\(formatBound(param.range.lowerBound)), \(formatBound(param.range.upperBound))]")
        }
        return result
    }

    static func scalar(_ text: String, for param: ParameterSpec, spec: String) throws(ParseError) -> ParameterValue {
        switch param.kind {
        case .int:
            if let i = Int(text) { return .int(i) }
            if let d = Double(text), d.isFinite, d == d.rounded(), abs(d) < 1e15 { return .int(Int(d)) }
            throw ParseError(spec: spec, message: "\(param.name)=\(text): expected a whole number")
        case .float:
            guard let d = Double(text), d.isFinite else {
                throw ParseError(spec: spec, message: "\(param.name)=\(text): expected a number")
            }
            return .float(d)
        }
    }

    static func decimalPlaces(_ s: String) -> Int {
        guard let dot = s.firstIndex(of: ".") else { return 0 }
        return s[s.index(after: dot)...].prefix { $0.isNumber }.count
    }

    static func formatBound(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : PythonFormat.floatRepr(d)
    }

    /// Maps a reference `Description` (`asc | config={'max_samples': 64, 'threshold': 0.95}`)
    /// back to a configuration, when it names a built-in family; nil otherwise.
    public static func configuration(fromDescription description: String) -> ControllerConfiguration? {
        guard let bar = description.range(of: " | config=") else { return nil }
        let name = String(description[..<bar.lowerBound]).trimmingSpaces
        guard let def = ControllerRegistry.definition(for: name),
              let dict = PythonLiteral.parseDict(String(description[bar.upperBound...])) else { return nil }
        var values: [ControllerConfiguration.Value] = []
        for p in def.parameters {
            if let v = dict.first(where: { $0.key == p.name })?.value {
                switch v {
                case .int(let i): values.append(.init(name: p.name, value: p.kind == .int ? .int(i) : .float(Double(i))))
                case .float(let d): values.append(.init(name: p.name, value: p.kind == .int ? .int(Int(d)) : .float(d)))
                default: return nil
                }
            } else {
                values.append(.init(name: p.name, value: p.defaultValue))
            }
        }
        return ControllerConfiguration(definition: def, values: values)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
