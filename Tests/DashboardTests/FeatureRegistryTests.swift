import Foundation
import Synchronization
import Testing
@testable import Dashboard

/// A throwaway view, registered with one line and no other edit: it gets a tab and a digit
/// key, help and hints, its own actions routed to it, updates on every load, and a service
/// for its effects.
enum NotesFeature: Feature {
    enum NotesAction: Equatable, Sendable { case bump, pong }
    enum NotesEffect: Equatable, Sendable { case ping }
    struct NotesState: Equatable, Sendable { var bumps = 0; var loads = 0; var pongs = 0 }

    static let id: FeatureID = "notes"
    static let tabTitle: String? = "Notes"
    static let context = KeyContext("Notes")

    static let bindings: [KeyBinding] = [
        .init(context, [.char("x")], action(.bump), "Bump the notes counter", hint: "bump"),
        .init(context, [.char("y")], action(.bump), "Only when bumped", hint: "again", enabled: { (state(of: $0).bumps) > 0 }),
    ]

    static func state(of s: AppState) -> NotesState { s.slice(NotesState.self, of: id) ?? NotesState() }

    static func reduce(_ s: inout AppState, _ action: NotesAction) -> [Effect] {
        var n = state(of: s)
        switch action {
        case .bump: n.bumps += 1
        case .pong: n.pongs += 1
        }
        s.setSlice(n, of: id)
        return action == .bump ? [.feature(FeatureValue(NotesEffect.ping))] : []
    }

    static func keyContexts(_ s: AppState) -> [KeyContext] { [context, .global] }

    static func loaded(_ s: inout AppState, previous: DashboardSnapshot?) -> [Effect] {
        var n = state(of: s)
        n.loads += 1
        s.setSlice(n, of: id)
        return []
    }

    static func render(_ state: AppState, _ rect: Rect, into buf: inout CellBuffer) {
        let n = Self.state(of: state)
        buf.put("notes: \(state.snapshot?.rounds.rows.count ?? 0) rounds, \(n.loads) loads, \(n.bumps) bumps, \(n.pongs) pongs",
                x: rect.x + 1, y: rect.y, style: .text)
    }

    static func makeService(_ context: ServiceContext) -> (any FeatureService)? { NotesService(context: context) }

    final class NotesService: FeatureService, @unchecked Sendable {
        let context: ServiceContext
        init(context: ServiceContext) { self.context = context }
        func perform(_ effect: NotesEffect) { context.post(NotesFeature.action(.pong)) }
    }
}

@Suite struct FeatureRegistryTests {
    static let registry = FeatureRegistry.standard.adding(NotesFeature.self)

    static func state() -> AppState {
        var s = AppState(width: 120, height: 40, now: fixedNow)
        s.features = registry
        return Reducer.reduce(s, .loaded(DemoData.snapshot(runPath: "/runs/demo", now: fixedNow))).0
    }

    @Test("a registered view gets a tab, the next digit key, help, hints, its actions and loads")
    func throwawayView() throws {
        var s = Self.state()
        let table = KeyTable.forFeatures(s.features)
        // Tab bar and digit key: the sixth tab, after Live.
        #expect(screen(s).components(separatedBy: "\n")[0].contains(" 6 Notes "))
        let six = try #require(table.action(for: .char("6"), in: s))
        #expect(six == .selectTab("notes"))
        s = Reducer.reduce(s, six).0
        #expect(s.tab == NotesFeature.id)
        #expect(screen(s).contains("notes: 6 rounds, 1 loads, 0 bumps"))
        // Hints: its own first; "again" only once it applies.
        let hints = HintAndOrderTests.hintLine(s)
        #expect(hints.contains("x bump") && !hints.contains("again"), "\(hints)")
        // Help lists its section.
        let help = HelpOverlay.lines(table).map(\.text)
        #expect(help.contains("Notes") && help.contains { $0.contains("Bump the notes counter") })
        // Its key reaches its reducer, its effect its service, the service's answer its reducer.
        let x = try #require(table.action(for: .char("x"), in: s))
        let (bumped, effects) = Reducer.reduce(s, x)
        s = bumped
        #expect(NotesFeature.state(of: s).bumps == 1)
        #expect(HintAndOrderTests.hintLine(s).contains("y again"))
        let posted = Mutex<[Action]>([])
        let services = Services(context: ServiceContext(source: DemoDataSource()) { a in posted.withLock { $0.append(a) } }, registry: s.features)
        defer { services.shutdown() }
        for e in effects { services.perform(e) }
        for a in posted.withLock({ $0 }) { s = Reducer.reduce(s, a).0 }
        #expect(NotesFeature.state(of: s).pongs == 1)
        // A reload reaches it like every other feature.
        s = Reducer.reduce(s, .loaded(DemoData.snapshot(runPath: "/runs/demo", now: fixedNow))).0
        #expect(screen(s).contains("notes: 6 rounds, 2 loads, 1 bumps, 1 pongs"))
        // Tab cycling knows it: Tab from Notes wraps to Rounds.
        #expect(Reducer.reduce(s, .nextTab).0.tab == .rounds)
    }

    @Test("features never see each other's actions: a Trace action does not reach Notes")
    func routing() {
        let s = Self.state()
        let after = Reducer.reduce(s, .trace(.toggleWrongOnly)).0
        #expect(NotesFeature.state(of: after) == NotesFeature.state(of: s))
        #expect(after.trace.wrongOnly != s.trace.wrongOnly)
    }
}
