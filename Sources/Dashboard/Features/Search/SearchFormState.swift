import Foundation

/// The search form and the search it started: what to run (proposer command, rounds,
/// controller SPEC, seeds) and, once started, where the search is.
public struct SearchUIState: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable {
        case proposer, rounds, controller, seeds

        public var label: String {
            switch self {
            case .proposer: "Proposer"
            case .rounds: "Rounds"
            case .controller: "Controller"
            case .seeds: "Seeds"
            }
        }
    }

    public var isOpen = false
    public var focus: Field = .proposer
    /// `demo` (the offline demo proposer), `claude`, `codex`, or any shell command.
    public var proposer = "demo"
    public var rounds = "3"
    public var controller = "OptimalController:beta=0:1:0.1"
    public var seeds = "100"
    /// Why the last start was refused.
    public var error: String?
    public var job: SearchJob?

    public init() {}

    public subscript(_ f: Field) -> String {
        get {
            switch f {
            case .proposer: proposer
            case .rounds: rounds
            case .controller: controller
            case .seeds: seeds
            }
        }
        set {
            switch f {
            case .proposer: proposer = newValue
            case .rounds: rounds = newValue
            case .controller: controller = newValue
            case .seeds: seeds = newValue
            }
        }
    }
}

/// A search started from the form, as its events tell it.
public struct SearchJob: Sendable, Equatable {
    public enum Stage: Sendable, Equatable {
        case starting
        case running(round: String, phase: String, step: Int, of: Int)
        case stopping
        case finished(String)
        case failed(String)
    }
    public var stage: Stage
    public var archived: Int = 0
    public var failedRounds: Int = 0

    public var isActive: Bool {
        switch stage {
        case .starting, .running, .stopping: true
        case .finished, .failed: false
        }
    }
}

/// What the search service is asked to do.
public struct SearchRequest: Sendable, Equatable {
    public var workspace: String
    public var proposer: String
    public var rounds: Int
    public var controller: String
    public var seeds: Int
}

public enum SearchAction: Equatable, Sendable {
    case open, close
    case input(Character), deleteBackward, clearField
    case nextField, previousField
    case submit, stop
    // From the service
    case progress(SearchJob.Stage), archived(returnCode: Int)
    case ended(SearchJob.Stage)
}

public enum SearchEffect: Equatable, Sendable {
    case start(SearchRequest)
    case stop
}

extension FeatureID { public static let search: FeatureID = "search" }

extension KeyContext { public static let searchForm = KeyContext("Search form") }
