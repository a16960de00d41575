import Foundation

/// Why a replay store could not be read: the file, where in it, and what was expected.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    /// "line 3, column 7" for syntax errors; "question 4, each_branch[17][1]" for shape errors.
    public let location: String
    public let message: String

    public var description: String {
        location.isEmpty ? "\(path): \(message)" : "\(path): \(location): \(message)"
    }
}

extension ReplayStore {
    /// `<dir>/<backbone>/<benchmark>.json`.
    public static func path(storesDirectory: String, backbone: String, benchmark: String) -> String {
        (storesDirectory as NSString).appendingPathComponent("\(backbone)/\(benchmark).json")
    }

    /// Reads `<dir>/<backbone>/<benchmark>.json`.
    public static func load(storesDirectory: String, backbone: String, benchmark: String) throws(StoreError) -> ReplayStore {
        try load(path: path(storesDirectory: storesDirectory, backbone: backbone, benchmark: benchmark), backbone: backbone, benchmark: benchmark)
    }

    /// Reads one store file; backbone and benchmark default to the folder and file names.
    public static func load(path: String, backbone: String? = nil, benchmark: String? = nil) throws(StoreError) -> ReplayStore {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            let why = !exists ? "no such file" : (isDir.boolValue ? "is a folder, expected a JSON file" : "cannot be read")
            throw StoreError(path: path, location: "", message: why)
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let folder = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        return try parse(data: data, path: path, backbone: backbone ?? folder, benchmark: benchmark ?? name)
    }

    /// Parses store JSON, validating every field the replay needs.
    public static func parse(data: some Collection<UInt8>, path: String, backbone: String, benchmark: String) throws(StoreError) -> ReplayStore {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw StoreError(path: path, location: "line \(error.line), column \(error.column)", message: "not valid JSON: \(error.message)")
        }
        guard case .array(let items) = root else {
            throw StoreError(path: path, location: "top level", message: "expected an array of questions, found \(root.typeName)")
        }
        if items.isEmpty { throw StoreError(path: path, location: "top level", message: "no questions") }
        var questions: [ReplayQuestion] = []
        questions.reserveCapacity(items.count)
        for (qi, item) in items.enumerated() {
            func fail(_ field: String, _ message: String) -> StoreError {
                StoreError(path: path, location: "question \(qi), \(field)", message: message)
            }
            guard case .object(let q) = item else {
                throw StoreError(path: path, location: "question \(qi)", message: "expected an object, found \(item.typeName)")
            }
            guard let textValue = q["question"] else { throw fail("question", "missing") }
            guard let text = textValue.stringValue else { throw fail("question", "expected a string, found \(textValue.typeName)") }
            guard let goldValue = q["gold_answer"] else { throw fail("gold_answer", "missing") }
            guard let gold = goldValue.stringValue else { throw fail("gold_answer", "expected a string, found \(goldValue.typeName)") }
            guard let freqValue = q["probe_freq"] else { throw fail("probe_freq", "missing") }
            guard let freq = freqValue.intValue, freq > 0 else {
                throw fail("probe_freq", "expected a positive integer, found \(freqValue.typeName == "an integer" ? "\(freqValue.intValue ?? 0)" : freqValue.typeName)")
            }
            guard let branchesValue = q["each_branch"] else { throw fail("each_branch", "missing") }
            guard case .array(let rawBranches) = branchesValue else {
                throw fail("each_branch", "expected an array of [probes, tokens, final], found \(branchesValue.typeName)")
            }
            if rawBranches.isEmpty { throw fail("each_branch", "no branches") }
            var branches: [(probes: [String], tokens: Int, final: String)] = []
            branches.reserveCapacity(rawBranches.count)
            for (bi, raw) in rawBranches.enumerated() {
                guard case .array(let triple) = raw, triple.count == 3 else {
                    throw fail("each_branch[\(bi)]", "expected [probes, tokens, final], found \(raw.arrayValue.map { "an array of \($0.count)" } ?? raw.typeName)")
                }
                guard case .array(let rawProbes) = triple[0] else {
                    throw fail("each_branch[\(bi)][0]", "expected an array of answer strings, found \(triple[0].typeName)")
                }
                var probes: [String] = []
                probes.reserveCapacity(rawProbes.count)
                for (pi, p) in rawProbes.enumerated() {
                    guard let s = p.stringValue else {
                        throw fail("each_branch[\(bi)][0][\(pi)]", "expected an answer string, found \(p.typeName)")
                    }
                    probes.append(s)
                }
                guard let tokens = triple[1].intValue, tokens >= 0, tokens <= Int(Int32.max) else {
                    throw fail("each_branch[\(bi)][1]", "expected a non-negative token count, found \(triple[1].typeName)")
                }
                guard let final = triple[2].stringValue else {
                    throw fail("each_branch[\(bi)][2]", triple[2].isNull ? "branch has no final answer (null)" : "expected a final answer string, found \(triple[2].typeName)")
                }
                branches.append((probes, tokens, final))
            }
            questions.append(ReplayQuestion(text: text, gold: gold, probeFreq: freq, branches: branches))
        }
        return ReplayStore(backbone: backbone, benchmark: benchmark, path: path, questions: questions)
    }

    /// The backbones (sub-folders) and benchmarks (`*.json` files) found in a stores folder.
    public static func catalog(storesDirectory: String) -> [(backbone: String, benchmarks: [String])] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: storesDirectory) else { return [] }
        var result: [(String, [String])] = []
        for entry in entries.sorted(by: naturalLess) {
            let dir = (storesDirectory as NSString).appendingPathComponent(entry)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { continue }
            let files = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            let benchmarks = files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted(by: naturalLess)
            if !benchmarks.isEmpty { result.append((entry, benchmarks)) }
        }
        return result
    }
}

/// Orders names the way people read them: "Qwen3-1.7B" before "Qwen3-4B" before "Qwen3-8B",
/// "r2" before "r10".
public func naturalLess(_ a: String, _ b: String) -> Bool {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    var i = 0, j = 0
    func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    while i < x.count && j < y.count {
        if isDigit(x[i]) && isDigit(y[j]) {
            var ni = i, nj = j
            while ni < x.count && isDigit(x[ni]) { ni += 1 }
            while nj < y.count && isDigit(y[nj]) { nj += 1 }
            let dx = String(String.UnicodeScalarView(x[i..<ni])), dy = String(String.UnicodeScalarView(y[j..<nj]))
            let vx = Double(dx) ?? 0, vy = Double(dy) ?? 0
            if vx != vy { return vx < vy }
            i = ni; j = nj
            continue
        }
        if x[i] != y[j] { return x[i].value < y[j].value }
        i += 1; j += 1
    }
    return x.count - i < y.count - j
}

extension ReplayStore {
    /// Loads several stores on all cores; results in the order asked. The first failing store
    /// (in that order) is the error reported.
    public static func loadAll(storesDirectory: String, keys: [(backbone: String, benchmark: String)]) throws(StoreError) -> [ReplayStore] {
        let slots = UnsafeMutableBufferPointer<Result<ReplayStore, StoreError>?>.allocate(capacity: keys.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let shared = SendableSlots(slots)
        DispatchQueue.concurrentPerform(iterations: keys.count) { i in
            let k = keys[i]
            do throws(StoreError) {
                shared.slots[i] = .success(try load(storesDirectory: storesDirectory, backbone: k.backbone, benchmark: k.benchmark))
            } catch {
                shared.slots[i] = .failure(error)
            }
        }
        var stores: [ReplayStore] = []
        for slot in slots {
            switch slot! {
            case .success(let s): stores.append(s)
            case .failure(let e): throw e
            }
        }
        return stores
    }
}

/// Each worker writes only its own slot, so sharing the buffer across threads is safe.
private struct SendableSlots<T>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<T>
    init(_ slots: UnsafeMutableBufferPointer<T>) { self.slots = slots }
}
