import Foundation
import Runs
import Search
import Synchronization

/// Runs one search at a time with the Search module's session on a background queue and
/// posts its progress as actions. Stopping cancels the session (the proposer's process group
/// and the evaluation's workers end; the round in progress stays unarchived). On exit the
/// service stops the search and waits for it to leave nothing half-written.
public final class SearchService: FeatureService, @unchecked Sendable {
    private let context: ServiceContext
    private let lock = NSLock()
    private var session: SearchSession?
    private let done = DispatchGroup()

    public init(context: ServiceContext) { self.context = context }

    public func perform(_ effect: SearchEffect) {
        switch effect {
        case .start(let r): DispatchQueue.global(qos: .userInitiated).async { self.start(r) }   // its checks spawn python3
        case .stop: lock.withLock { session }?.cancel()
        }
    }

    func start(_ r: SearchRequest) {
        let config = SearchConfiguration(workspace: r.workspace, rounds: r.rounds, proposer: r.proposer, controllers: [r.controller],
                                         seeds: r.seeds)
        let session: SearchSession
        do {
            session = try SearchSession(config, ttsdashExecutable: Self.executable)
        } catch {
            context.post(.search(.ended(.failed(error.description))))
            return
        }
        lock.withLock { self.session = session }
        let post = context.post
        // The round's place in this search, from its start event.
        let place = Mutex<(step: Int, of: Int)>((1, r.rounds))
        done.enter()
        session.start(events: { event in
            switch event {
            case .roundStarted(let info):
                place.withLock { $0 = (info.step, info.of) }
                post(.search(.progress(.running(round: info.roundID, phase: "proposing", step: info.step, of: info.of))))
            case .phase(let round, let phase):
                if case .archived(let rc) = phase { post(.search(.archived(returnCode: rc))) }
                let (step, of) = place.withLock { $0 }
                post(.search(.progress(.running(round: round, phase: Self.words(phase), step: step, of: of))))
            default: break
            }
        }, completion: { [weak self] result in
            switch result {
            case .success(let outcome):
                switch outcome.end {
                case .completed: post(.search(.ended(.finished("\(outcome.rounds.count) round\(outcome.rounds.count == 1 ? "" : "s") archived"))))
                case .cancelled(let round): post(.search(.ended(.finished("stopped\(round.map { "; \(RoundLabel.short($0)) left unarchived" } ?? "")"))))
                }
            case .failure(let e): post(.search(.ended(.failed(e.description))))
            }
            self?.lock.withLock { self?.session = nil }
            self?.done.leave()
        })
    }

    static func words(_ p: SearchPhase) -> String {
        switch p {
        case .proposing: "proposing"
        case .evaluating: "evaluating"
        case .archiving: "archiving"
        case .archived(let rc): rc == 0 ? "archived" : "archived (return code \(rc))"
        case .interrupted: "interrupted"
        }
    }

    public func shutdown() {
        lock.withLock { session }?.cancel()
        _ = done.wait(timeout: .now() + 30)
    }

    /// This program, for the demo proposer (`ttsdash demo-proposer`).
    static var executable: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
    }
}
