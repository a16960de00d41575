/// The branch timeline of one question: what a controller opened, read and dropped, action by
/// action. Built from an action log (and, when at hand, the question's store entry for the depth
/// it never paid for); the trace view draws `state(after:)` at the step the user stands on.
public struct BranchTimeline: Sendable, Equatable {
    /// What one revealed interval of a branch showed.
    public enum CellKind: Sendable, Equatable {
        /// The revealed answer equals the gold answer.
        case gold
        /// Not gold, but the current majority of the latest answers.
        case majority
        /// Any other answer.
        case other
        /// Depth the controller never paid for (known only when the store is at hand).
        case unrevealed
    }

    public struct Cell: Sendable, Equatable {
        public var answer: String
        public var kind: CellKind
        /// The read that ended the branch (its final answer).
        public var isFinal: Bool
    }

    /// One branch's row at a given step.
    public struct Row: Sendable, Equatable {
        /// Position in opening order (the index the controller sees).
        public var branch: Int
        /// Index in the store file, when the log says.
        public var storeBranch: Int?
        public var cells: [Cell]
        public var finished: Bool
        /// Dropped by the controller (pruned / abandoned) at or before this step.
        public var dropped: Bool
        public var tokens: Int
        public var latest: String?
    }

    /// The timeline at one step: every branch opened so far, tokens spent, votes.
    public struct State: Sendable, Equatable {
        public var step: Int
        public var rows: [Row]
        public var tokens: Int
        /// Latest answer of each live (not dropped) branch, counted, most first (ties: first seen).
        public var votes: [(answer: String, count: Int)]
        /// Final answers of finished branches, counted the same way.
        public var completedVotes: [(answer: String, count: Int)]
        public var action: EnvironmentAction?

        public static func == (a: State, b: State) -> Bool {
            a.step == b.step && a.rows == b.rows && a.tokens == b.tokens && a.action == b.action
                && a.votes.map(\.answer) == b.votes.map(\.answer) && a.votes.map(\.count) == b.votes.map(\.count)
        }
    }

    public let actions: [EnvironmentAction]
    /// Answer text by id (the ids in `actions`).
    public let answers: [String]
    public let gold: String
    /// Branch (opening position) -> the action index after which it was dropped.
    public let droppedAfter: [Int: Int]
    /// Branch (opening position) -> every answer of the whole branch from the store (probes then
    /// the final), for drawing the unrevealed part; empty when the store is not at hand.
    public let fullBranches: [Int: [String]]

    public init(actions: [EnvironmentAction], answers: [String], gold: String, droppedAfter: [Int: Int] = [:],
                fullBranches: [Int: [String]] = [:]) {
        self.actions = actions
        self.answers = answers
        self.gold = gold
        self.droppedAfter = droppedAfter
        self.fullBranches = fullBranches
    }

    /// Steps are 0 (nothing done) through `actions.count` (everything done).
    public var stepCount: Int { actions.count + 1 }

    /// The timeline after the first `step` actions.
    public func state(after step: Int) -> State {
        let n = max(0, min(step, actions.count))
        var rows: [Int: Row] = [:]
        var order: [Int] = []
        var tokens = 0
        for (i, a) in actions.prefix(n).enumerated() {
            if rows[a.branch] == nil {
                rows[a.branch] = Row(branch: a.branch, storeBranch: a.storeBranch >= 0 ? a.storeBranch : nil, cells: [],
                                     finished: false, dropped: false, tokens: 0, latest: nil)
                order.append(a.branch)
            }
            var r = rows[a.branch]!
            let text = answers[Int(a.answer)]
            if a.operation == .fullRead {
                r.cells.append(Cell(answer: text, kind: .other, isFinal: true))
            } else if !r.finished {
                r.cells.append(Cell(answer: text, kind: .other, isFinal: a.finished))
            }
            r.finished = r.finished || a.finished
            r.tokens += a.tokens
            r.latest = text
            tokens += a.tokens
            if let d = droppedAfter[a.branch], d <= i { r.dropped = true }
            rows[a.branch] = r
        }
        for (branch, d) in droppedAfter where d < n { rows[branch]?.dropped = true }
        let ordered = order.map { rows[$0]! }
        let votes = Self.count(ordered.filter { !$0.dropped }.compactMap(\.latest))
        let completed = Self.count(ordered.filter(\.finished).compactMap(\.latest))
        let majority = votes.first?.answer
        let shaped = ordered.map { row -> Row in
            var r = row
            r.cells = r.cells.map { c in
                var c = c
                c.kind = c.answer == gold ? .gold : (c.answer == majority ? .majority : .other)
                return c
            }
            if let full = fullBranches[r.branch], full.count > r.cells.count, !r.finished {
                r.cells += full[r.cells.count...].map { Cell(answer: $0, kind: .unrevealed, isFinal: false) }
            }
            return r
        }
        return State(step: n, rows: shaped, tokens: tokens, votes: votes, completedVotes: completed,
                     action: n > 0 ? actions[n - 1] : nil)
    }

    /// Counts answers, most frequent first; equal counts keep first-seen order (the reference's
    /// majority rule).
    static func count(_ list: [String]) -> [(answer: String, count: Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for a in list {
            if counts[a] == nil { order.append(a) }
            counts[a, default: 0] += 1
        }
        return order.enumerated().sorted { x, y in
            let cx = counts[x.element]!, cy = counts[y.element]!
            return cx != cy ? cx > cy : x.offset < y.offset
        }.map { ($0.element, counts[$0.element]!) }
    }

    /// The action indexes after which branches were dropped, from decision events that say how
    /// many actions preceded them: a branch dropped by an event with `n` actions before it is
    /// dropped from step `n` on (after action `n - 1`).
    public static func drops(events: [DecisionEvent]) -> [Int: Int] {
        var dropped: [Int: Int] = [:]
        for e in events {
            guard let n = e.actionsBefore else { continue }
            for b in e.droppedBranches where dropped[b] == nil { dropped[b] = n - 1 }
        }
        return dropped
    }

    /// The fallback for rows that do not place their events (reference rows without a matching
    /// re-run, rows written before `event_actions`): a drop is placed after the branch's last
    /// read (from then on it is never read again), which can be later than the real decision.
    public static func dropsAtLastRead(events: [DecisionEvent], actions: [EnvironmentAction]) -> [Int: Int] {
        var dropped: [Int: Int] = [:]
        var lastRead: [Int: Int] = [:]
        for (i, a) in actions.enumerated() { lastRead[a.branch] = i }
        for e in events {
            for b in e.droppedBranches where dropped[b] == nil { dropped[b] = lastRead[b] ?? 0 }
        }
        return dropped
    }
}
