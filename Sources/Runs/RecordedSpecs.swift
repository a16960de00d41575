import ReplayCore

extension Round {
    /// The configurations this round's rows record, as SPECs to evaluate it again: for a round
    /// with its own controller, SPECs of its classes (one per class when its rows vary one
    /// parameter: `OptimalController:beta=0.0,0.1,…,1.0`, else one per row); for one without,
    /// the built-in SPECs its rows name. Nil when the rows name nothing that can be run.
    public var recordedSpecs: [String]? {
        if ownController == nil {
            var specs: [String] = []
            for set in results { for row in set.rows { if let b = row.configuration.builtIn, !specs.contains(b.spec) { specs.append(b.spec) } } }
            return specs.isEmpty ? nil : specs
        }
        var byClass: [(name: String, rows: [RowConfiguration])] = []
        for set in results {
            for row in set.rows where !row.method.isEmpty {
                if let i = byClass.firstIndex(where: { $0.name == row.method }) {
                    if !byClass[i].rows.contains(row.configuration) { byClass[i].rows.append(row.configuration) }
                } else {
                    byClass.append((row.method, [row.configuration]))
                }
            }
        }
        guard !byClass.isEmpty else { return nil }
        var specs: [String] = []
        for (name, rows) in byClass {
            let keys = rows.first.map { $0.parameters.map(\.name) } ?? []
            if keys.count == 1, rows.allSatisfy({ $0.parameters.map(\.name) == keys }) {
                let values = rows.compactMap { $0.parameters.first?.value }.sorted { ($0.asDouble ?? 0) < ($1.asDouble ?? 0) }
                specs.append("\(name):\(keys[0])=" + values.map(\.display).joined(separator: ","))
            } else {
                for r in rows {
                    specs.append(r.parameters.isEmpty ? name : "\(name):" + r.parameters.map { "\($0.name)=\($0.value.display)" }.joined(separator: ","))
                }
            }
        }
        return specs
    }
}
