/// The dashboard's views, in tab order; digits 1-5 jump to them.
public enum Tab: Int, CaseIterable, Sendable, Equatable {
    case rounds, frontier, trace, compare, live

    public var title: String {
        switch self {
        case .rounds: "Rounds"
        case .frontier: "Frontier"
        case .trace: "Trace"
        case .compare: "Compare"
        case .live: "Live"
        }
    }

    public var number: Int { rawValue + 1 }

    public func next() -> Tab { Tab(rawValue: (rawValue + 1) % Tab.allCases.count)! }
    public func previous() -> Tab { Tab(rawValue: (rawValue + Tab.allCases.count - 1) % Tab.allCases.count)! }
}
