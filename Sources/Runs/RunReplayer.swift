import Foundation
import ReplayCore

/// Writes a `ReplayPlan` into a new folder: every file atomically (a reader never sees half of
/// one), a whole archived round folder in one rename, at the pace the plan's times imply.
/// Sleeping and logging are injected, so tests run a plan at full speed.
public struct RunReplayer: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public let plan: ReplayPlan
    public let destination: String

    public init(plan: ReplayPlan, destination: String) {
        self.plan = plan
        self.destination = destination
    }

    /// Refuses a destination that exists and is not an empty folder; creates it otherwise.
    public static func prepare(destination: String) throws(Failure) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination, isDirectory: &isDir) {
            guard isDir.boolValue else { throw Failure(path: destination, reason: "exists and is not a folder") }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? []
            guard names.isEmpty else { throw Failure(path: destination, reason: "exists and is not empty; replay-run writes only into a new or empty folder") }
        }
        do { try AtomicFile.makeDirectory(destination) } catch { throw Failure(path: destination, reason: "\(error)") }
    }

    /// Performs step `index`.
    public func perform(_ index: Int) throws(Failure) {
        for op in plan.steps[index].operations { try perform(op) }
    }

    /// Runs every step: waits until each step's wall offset (from `wallOffsets`), performs it,
    /// and reports it. `sleep` receives seconds to wait; `shouldStop` is checked between steps.
    public func run(speed: Double, maxGap: Double? = nil, sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
                    shouldStop: () -> Bool = { false }, report: (Int, Double) -> Void = { _, _ in }) throws(Failure) {
        let offsets = plan.wallOffsets(speed: speed, maxGap: maxGap)
        let began = Date()
        for i in plan.steps.indices {
            if shouldStop() { return }
            let wait = offsets[i] - Date().timeIntervalSince(began)
            if wait > 0 { sleep(wait) }
            if shouldStop() { return }
            try perform(i)
            report(i, offsets[i])
        }
    }

    func path(_ rel: String) -> String { (destination as NSString).appendingPathComponent(rel) }
    func sourcePath(_ rel: String) -> String { (plan.source as NSString).appendingPathComponent(rel) }

    func perform(_ op: ReplayPlan.Operation) throws(Failure) {
        switch op {
        case .copy(let from, let to):
            guard case .success(let bytes) = FileSystem.read(sourcePath(from), limit: Int.max) else {
                throw Failure(path: sourcePath(from), reason: "cannot read")
            }
            try write(bytes, to: path(to))
        case .write(let to, let bytes):
            try write(bytes, to: path(to))
        case .makeFolder(let rel):
            try makeFolder(path(rel))
        case .copyFolder(let from, let to):
            let target = path(to)
            let parent = (target as NSString).deletingLastPathComponent
            try makeFolder(parent)
            let staging = (parent as NSString).appendingPathComponent(".\((target as NSString).lastPathComponent).replay-tmp-\(getpid())")
            try? FileManager.default.removeItem(atPath: staging)
            for f in ReplayPlanBuilder.files(under: sourcePath(from)) {
                guard case .success(let bytes) = FileSystem.read(sourcePath(from + "/" + f), limit: Int.max) else {
                    throw Failure(path: sourcePath(from + "/" + f), reason: "cannot read")
                }
                try write(bytes, to: (staging as NSString).appendingPathComponent(f))
            }
            if FileManager.default.fileExists(atPath: target) { try? FileManager.default.removeItem(atPath: target) }
            if rename(staging, target) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: staging)
                throw Failure(path: target, reason: reason)
            }
        case .removeFolder(let rel):
            let target = path(rel)
            guard FileManager.default.fileExists(atPath: target) else { return }
            // Renamed away first, so a reader sees the folder whole or not at all.
            let parent = (target as NSString).deletingLastPathComponent
            let trash = (parent as NSString).appendingPathComponent(".\((target as NSString).lastPathComponent).removed-\(getpid())")
            if rename(target, trash) != 0 { throw Failure(path: target, reason: String(cString: strerror(errno))) }
            try? FileManager.default.removeItem(atPath: trash)
        }
    }

    func makeFolder(_ p: String) throws(Failure) {
        do { try AtomicFile.makeDirectory(p) } catch { throw Failure(path: p, reason: "\(error)") }
    }

    func write(_ bytes: [UInt8], to p: String) throws(Failure) {
        try makeFolder((p as NSString).deletingLastPathComponent)
        do { try AtomicFile.write(bytes, to: p) } catch { throw Failure(path: p, reason: "\(error)") }
    }
}

extension ReplayPlan.Operation {
    /// The path this operation creates or removes, relative to the run root.
    public var target: String {
        switch self {
        case .copy(_, let to), .write(let to, _), .copyFolder(_, let to): to
        case .makeFolder(let p), .removeFolder(let p): p
        }
    }

    /// "wrote X", "archived folder X", … for the replay's log.
    public var summary: String {
        switch self {
        case .copy(_, let to), .write(let to, _): "write \(to)"
        case .copyFolder(_, let to): "write folder \(to)/ (whole, one rename)"
        case .makeFolder(let p): "create \(p)/"
        case .removeFolder(let p): "remove \(p)/"
        }
    }
}
