/// The built-in controllers, in the order help screens list them.
public enum ControllerRegistry {
    public static let definitions: [ControllerDefinition] = [
        MajorityVote.definition,
        AdaptiveConsistency.definition,
        EarlyStoppingConsistency.definition,
        ParallelProbe.definition,
        ConfidenceMomentum.definition,
    ]

    /// Finds a family by its key, an alias, its method name or its description name
    /// (case-insensitive), so that a `Description` read from a CSV maps back to a controller.
    public static func definition(for name: String) -> ControllerDefinition? {
        let n = name.lowercased()
        return definitions.first {
            $0.key == n || $0.aliases.contains(n) || $0.methodName.lowercased() == n || $0.descriptionName.lowercased() == n
        }
    }
}
