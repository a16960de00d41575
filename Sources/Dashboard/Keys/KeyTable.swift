/// Where a key binding applies, named as help titles its section. Contexts are tried from the
/// most specific to `.global`; each feature declares its own (`KeyContext.trace`, …).
public struct KeyContext: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ title: String) { rawValue = title }
    public var description: String { rawValue }

    public static let global = KeyContext("Everywhere")
    public static let filter = KeyContext("Filter line")
    public static let help = KeyContext("Help")
}

/// One row of the key table: it both dispatches keys and documents them.
public struct KeyBinding: Sendable, Equatable {
    public var context: KeyContext
    public var keys: [Key]
    public var action: Action
    public var description: String
    /// A few-word label for the bottom hint bar; nil keeps the binding out of the hints.
    public var hint: String?
    /// Whether the key does something in a state (as gitui's command `enabled` flag): the hint
    /// bar shows only enabled keys. nil: always. Help lists every key whatever the state.
    public var enabled: (@Sendable (AppState) -> Bool)?

    public init(_ context: KeyContext, _ keys: [Key], _ action: Action, _ description: String, hint: String? = nil,
                enabled: (@Sendable (AppState) -> Bool)? = nil) {
        self.context = context; self.keys = keys; self.action = action; self.description = description; self.hint = hint
        self.enabled = enabled
    }

    /// True when the key does something in `state`.
    public func isEnabled(in state: AppState) -> Bool { enabled?(state) ?? true }

    /// Rows compare by what they say; the `enabled` test is code, not data.
    public static func == (a: KeyBinding, b: KeyBinding) -> Bool {
        a.context == b.context && a.keys == b.keys && a.action == b.action && a.description == b.description
            && a.hint == b.hint && (a.enabled == nil) == (b.enabled == nil)
    }

    /// Key labels joined for display, e.g. "↓ j".
    public var keyLabel: String { keys.map(\.label).joined(separator: " ") }
}

/// The single table of keys. `?` help, the hint bar and key dispatch all read it.
public struct KeyTable: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding] = KeyTable.standard) { self.bindings = bindings }

    /// Every feature's rows, from the standard registry.
    public static let standard: [KeyBinding] = FeatureRegistry.standard.bindings

    /// The table for a registry (the standard one is built once).
    public static func forFeatures(_ registry: FeatureRegistry) -> KeyTable {
        registry == .standard ? KeyTable() : KeyTable(bindings: registry.bindings)
    }

    /// Contexts in the order help lists them: global, then as the features' rows first name
    /// them (registry order), then the filter line and help itself.
    public var contextOrder: [KeyContext] {
        var order: [KeyContext] = [.global]
        for b in bindings where !order.contains(b.context) && b.context != .filter && b.context != .help { order.append(b.context) }
        return order + [.filter, .help]
    }

    /// The contexts active in `state`, most specific first.
    public static func contexts(for state: AppState) -> [KeyContext] {
        if Reducer.activeFilter(state).editing { return [.filter] }
        if state.showHelp { return [.help, .global] }
        return state.features.focus(state)?.keyContexts(state) ?? [.global]
    }

    /// The action for `key` in `state`, or nil when the key means nothing here.
    /// Rows that document a pair of keys (e.g. "← h → l") dispatch by the most specific
    /// row naming the key alone first, so the table can both read well and be exact.
    public func action(for key: Key, in state: AppState) -> Action? {
        if key == .resize { return nil }
        let contexts = KeyTable.contexts(for: state)
        if contexts == [.filter] {
            if let b = exact(key, in: .filter) {
                return b.action
            }
            if case .char(let c) = key { return .filterInput(c) }
            if key == .ctrl("c") { return .quit }
            return nil
        }
        for context in contexts {
            if let b = exact(key, in: context) { return directional(b.action, key) }
        }
        if case .char(let c) = key, let feature = state.features.focus(state), let a = feature.textInput(state, c) { return a }
        // Ctrl-C always quits, even where a feature keeps the global keys away.
        if key == .ctrl("c") { return .quit }
        return nil
    }

    /// A binding in `context` naming `key`; pair rows resolve to the direction of the key.
    private func exact(_ key: Key, in context: KeyContext) -> KeyBinding? {
        bindings.first { $0.context == context && $0.keys.contains(key) }
    }

    /// Pair rows ("↑ k ↓ j" -> move(.down)) are documented once; the key picks the direction.
    private func directional(_ action: Action, _ key: Key) -> Action {
        guard case .move = action else { return action }
        switch key {
        case .up, .char("k"): return .move(.up)
        case .down, .char("j"): return .move(.down)
        case .left, .char("h"): return .move(.left)
        case .right, .char("l"): return .move(.right)
        default: return action
        }
    }

    /// Help rows grouped by context, in table order, without duplicate descriptions.
    /// `first` lists contexts to show before the rest (the ones active now).
    public func helpSections(first: [KeyContext] = []) -> [(context: KeyContext, rows: [(keys: String, description: String)])] {
        let order = first + contextOrder.filter { !first.contains($0) }
        return order.compactMap { ctx in
            var seenKeys = Set<Key>()
            var rows: [(keys: String, description: String)] = []
            for b in bindings where b.context == ctx {
                let fresh = b.keys.filter { !seenKeys.contains($0) }
                if fresh.isEmpty { continue }
                seenKeys.formUnion(b.keys)
                rows.append((b.keyLabel, b.description))
            }
            if ctx == .filter { rows.insert(("any text", "Type the filter; it applies as you type"), at: 0) }
            return rows.isEmpty ? nil : (ctx, rows)
        }
    }

    /// Hints for the bottom bar: the specific context's hinted bindings, then global ones.
    public func hints(for state: AppState) -> [(keys: String, label: String)] {
        var out: [(keys: String, label: String)] = []
        var used = Set<Key>()
        let contexts = KeyTable.contexts(for: state)
        // Inside help only help's own keys matter; elsewhere global keys follow the view's.
        for ctx in contexts.first == .help ? [.help] : contexts {
            for b in bindings where b.context == ctx {
                guard let h = b.hint, used.isDisjoint(with: b.keys) else { continue }
                // A key that does nothing here is still claimed (a global row must not take
                // its place), but not shown.
                guard b.isEnabled(in: state) else { used.formUnion(b.keys); continue }
                used.formUnion(b.keys)
                out.append((Self.compactKeys(b.keys), h))
            }
        }
        return out
    }

    /// "↑ k ↓ j" -> "↑↓", "← h → l" -> "←→", otherwise the first key.
    static func compactKeys(_ keys: [Key]) -> String {
        let set = Set(keys)
        if set.contains(.up) && set.contains(.down) { return "↑↓" }
        if set.contains(.left) && set.contains(.right) { return "←→" }
        return keys.first?.label ?? ""
    }
}

/// The app's own rows (quit, help, views, movement, the filter line, help); digit rows for the
/// tabs come from the registry between `leading` and `trailing`.
enum AppBindings {
    static let leading: [KeyBinding] = [
        .init(.global, [.char("q"), .ctrl("c")], .quit, "Quit and restore the terminal", hint: "quit"),
        .init(.global, [.char("?"), .function(1)], .toggleHelp, "Show or hide this help", hint: "help"),
        .init(.global, [.tab, .char("]")], .nextTab, "Next view", hint: "view"),
        .init(.global, [.backTab, .char("[")], .previousTab, "Previous view"),
    ]

    static let trailing: [KeyBinding] = [
        .init(.global, [.char("r"), .ctrl("r")], .refresh, "Reload the run now"),
        .init(.global, [.up, .char("k")], .move(.up), "Move up"),
        .init(.global, [.down, .char("j")], .move(.down), "Move down"),
        .init(.global, [.pageUp, .ctrl("b")], .move(.pageUp), "Page up"),
        .init(.global, [.pageDown, .ctrl("f")], .move(.pageDown), "Page down"),
        .init(.global, [.home, .char("g")], .move(.top), "First item"),
        .init(.global, [.end, .char("G")], .move(.bottom), "Last item"),
        .init(.global, [.escape, .backspace], .back, "Back / close / clear filter"),
    ]

    static let closing: [KeyBinding] = [
        // Filter line
        .init(.filter, [.enter], .filterCommit, "Apply the filter", hint: "apply"),
        .init(.filter, [.escape], .filterCancel, "Cancel the edit", hint: "cancel"),
        .init(.filter, [.backspace], .filterDeleteBackward, "Delete a character"),
        // Help
        .init(.help, [.char("?"), .escape, .char("q")], .toggleHelp, "Close help", hint: "close"),
        .init(.help, [.down, .char("j")], .move(.down), "Scroll help", hint: "scroll"),
        .init(.help, [.up, .char("k")], .move(.up), "Scroll help up"),
    ]
}
