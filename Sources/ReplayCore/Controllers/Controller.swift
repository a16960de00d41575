/// A test-time-scaling controller: decides, for one question, when to open a branch, which to
/// continue, and when to stop and answer, by calling the environment.
///
/// Adding a controller is one file: a type conforming to `Controller` with a static
/// `definition`, listed in `ControllerRegistry.definitions`.
public protocol Controller: Sendable {
    /// The parameter values this instance was built with.
    var configuration: ControllerConfiguration { get }
    /// Runs the controller on the environment's current question; returns the answer, or nil.
    /// Trace events go to `trace` (which ignores them cheaply when tracing is off).
    func solve(_ env: inout ReplayEnvironment, trace: inout TraceRecorder) -> AnswerID?
    /// Extra columns for the results CSV after `config` (attributes the reference writes, e.g.
    /// CMC's schedule), as (name, Python-formatted value).
    var attributeColumns: [(String, String)] { get }
}

extension Controller {
    public var attributeColumns: [(String, String)] {
        configuration.values.map { ($0.name, $0.value.pythonRepr) }
    }
}

/// What a controller family is: its names, parameters and how to build one.
public struct ControllerDefinition: Sendable {
    /// Short name used in SPECs (`cmc`), and other accepted spellings.
    public let key: String
    public let aliases: [String]
    /// The reference's `Method` column (`OptimalController`).
    public let methodName: String
    /// The reference's name inside `Description` (`optimal_controller`).
    public let descriptionName: String
    /// A one-line summary for help screens.
    public let summary: String
    public let parameters: [ParameterSpec]
    public let make: @Sendable (ControllerConfiguration) -> any Controller

    public init(key: String, aliases: [String] = [], methodName: String, descriptionName: String, summary: String,
                parameters: [ParameterSpec], make: @escaping @Sendable (ControllerConfiguration) -> any Controller) {
        self.key = key
        self.aliases = aliases
        self.methodName = methodName
        self.descriptionName = descriptionName
        self.summary = summary
        self.parameters = parameters
        self.make = make
    }

    /// The configuration with every parameter at its reference default.
    public var defaultConfiguration: ControllerConfiguration {
        ControllerConfiguration(definition: self, values: parameters.map { .init(name: $0.name, value: $0.defaultValue) })
    }
}

/// One parameter of a controller family.
public struct ParameterSpec: Sendable {
    public enum Kind: Sendable { case int, float }
    public let name: String
    public let kind: Kind
    public let defaultValue: ParameterValue
    public let range: ClosedRange<Double>
    /// Recorded in the description but not used by the controller (Parallel-Probe's K, eps).
    public let recordedOnly: Bool

    public init(_ name: String, _ kind: Kind, default defaultValue: ParameterValue, range: ClosedRange<Double>, recordedOnly: Bool = false) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.range = range
        self.recordedOnly = recordedOnly
    }
}

/// A parameter value, typed as the reference types it (so `5.0` stays a float, `64` an int).
public enum ParameterValue: Sendable, Equatable, Hashable {
    case int(Int)
    case float(Double)

    public var asDouble: Double {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        }
    }

    public var asInt: Int {
        switch self {
        case .int(let i): return i
        case .float(let d): return Int(d)
        }
    }

    /// Python's `repr` of the value (`64`, `0.95`, `5.0`).
    public var pythonRepr: String {
        switch self {
        case .int(let i): return String(i)
        case .float(let d): return PythonFormat.floatRepr(d)
        }
    }

    public var json: JSONValue {
        switch self {
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        }
    }
}

/// A controller family with concrete parameter values, in the family's parameter order.
public struct ControllerConfiguration: Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var name: String
        public var value: ParameterValue
        public init(name: String, value: ParameterValue) { self.name = name; self.value = value }
    }

    public let key: String
    public let methodName: String
    public let descriptionName: String
    public var values: [Value]

    public init(definition: ControllerDefinition, values: [Value]) {
        self.key = definition.key
        self.methodName = definition.methodName
        self.descriptionName = definition.descriptionName
        self.values = values
    }

    public subscript(name: String) -> ParameterValue? {
        values.first { $0.name == name }?.value
    }

    public func int(_ name: String) -> Int { self[name]?.asInt ?? 0 }
    public func double(_ name: String) -> Double { self[name]?.asDouble ?? 0 }

    /// The parameters as a Python dict repr: `{'max_samples': 64, 'threshold': 0.95}`.
    public var configRepr: String {
        "{" + values.map { "'\($0.name)': \($0.value.pythonRepr)" }.joined(separator: ", ") + "}"
    }

    /// The reference's `Description` column: `asc | config={'max_samples': 64, 'threshold': 0.95}`.
    public var descriptionString: String { "\(descriptionName) | config=\(configRepr)" }

    /// The SPEC a user would type for this configuration: `asc:max_samples=64,threshold=0.95`.
    public var spec: String {
        key + ":" + values.map { "\($0.name)=\($0.value.pythonRepr)" }.joined(separator: ",")
    }

    /// A short label for tables and legends: only the parameters that differ from the defaults.
    public var shortLabel: String {
        guard let def = ControllerRegistry.definition(for: key) else { return spec }
        let changed = values.filter { v in def.parameters.first { $0.name == v.name }?.defaultValue != v.value }
        if changed.isEmpty { return key }
        return key + " " + changed.map { "\($0.name)=\($0.value.pythonRepr)" }.joined(separator: ",")
    }

    public func makeController() -> any Controller {
        ControllerRegistry.definition(for: key)!.make(self)
    }
}
