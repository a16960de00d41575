import ControllerHost
import Foundation
import ReplayCore
import Testing

/// A method.py is untrusted code: whatever it does, the host reports it per configuration (or
/// once, when the file itself is unusable) and never writes a wrong number or a partial file.
@Suite("Untrusted controllers", .enabled(if: HostSupport.pythonAvailable, HostSupport.pythonSkip))
struct UntrustedControllerTests {
    /// A small store written by the test, so these run without ../shared: 3 questions x 6 branches.
    static func makeStore(in dir: String) throws -> HostedStore {
        try FileManager.default.createDirectory(atPath: dir + "/Tiny", withIntermediateDirectories: true)
        func branch(_ probes: [String], _ tokens: Int, _ final: String) -> String {
            "[[\(probes.map { "\"\($0)\"" }.joined(separator: ","))], \(tokens), \"\(final)\"]"
        }
        let questions = (0..<3).map { q in
            let branches = (0..<6).map { b in branch(["1", b % 2 == 0 ? "\(q)" : "7"], 1200 + 100 * b, b % 3 == 0 ? "7" : "\(q)") }
            return "{\"question\": \"q\(q)\", \"gold_answer\": \"\(q)\", \"probe_freq\": 500, \"each_branch\": [\(branches.joined(separator: ","))], \"final_answers_trace\": []}"
        }
        try ("[" + questions.joined(separator: ",") + "]").write(toFile: dir + "/Tiny/toy.json", atomically: true, encoding: .utf8)
        return HostedStore(backbone: "Tiny", benchmark: "toy", path: dir + "/Tiny/toy.json", questionCount: 3)
    }

    static let controllers = #"""
    import os, time

    class Base:
        NAME = "base"
        def __init__(self, config=None):
            self.config = config or {}
        def __call__(self, question):
            return self.solve(question)
        def description(self):
            return f"{self.NAME} | config={self.config}"

    class FirstAnswer(Base):
        NAME = "first_answer"
        def solve(self, question):
            answer, index, finished = question.probe_new()
            while not finished:
                answer, finished = question.probe_more(index)
            return answer

    class Raiser(Base):
        def solve(self, question):
            question.probe_new()
            return 1 / 0

    class Hangs(Base):
        def solve(self, question):
            with open(os.path.join(os.path.dirname(__file__), "hang.pid"), "w") as f:
                f.write(str(os.getpid()))
            while True:
                time.sleep(0.01)

    class ReturnsNumber(Base):
        def solve(self, question):
            question.probe_new()
            return 7

    class ProbesUnopened(Base):
        def solve(self, question):
            question.probe_more(0)   # branch 0 is not open yet: charged, but not an open branch
            return "7"

    class ProbesThenOpens(Base):
        def solve(self, question):
            question.probe_more(0)   # allowed for i == opened; the open below takes that branch
            answer, index, finished = question.probe_new()
            return answer

    class ProbesFarAhead(Base):
        def solve(self, question):
            return question.probe_more(3)[0]

    class Prints(FirstAnswer):
        def solve(self, question):
            print("{\"done\": 0} not a protocol line")
            return super().solve(question)
    """#

    let dir = HostSupport.temporaryFolder("untrusted")

    /// Whether a process still runs code, given a moment to die (a SIGKILL is delivered
    /// asynchronously, and a busy machine may take a while): gone, or a zombie, is not running.
    static func stillRuns(_ pid: Int32) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while runs(pid) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return runs(pid)
    }

    static func runs(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    func request(_ specs: [String], seeds: Int = 2, timeout: Double = 30, python: String = PythonWorker.interpreter) throws -> HostedRequest {
        try? Self.controllers.write(toFile: dir + "/method.py", atomically: true, encoding: .utf8)
        return HostedRequest(method: dir + "/method.py", stores: [try Self.makeStore(in: dir)],
                             configurations: try HostedConfiguration.parseAll(specs), seeds: seeds, timeout: timeout, python: python)
    }

    @Test("a raising controller is reported with its traceback's last line; the others complete")
    func raising() throws {
        let outcome = try HostedEvaluator.run(try request(["Raiser", "FirstAnswer", "Prints"]))
        #expect(outcome.results.map(\.row.methodName) == ["FirstAnswer", "Prints"])
        let failure = try #require(outcome.failures.first)
        #expect(outcome.failures.count == 1)
        #expect(failure.message == "Error evaluating Raiser: division by zero")
        #expect(failure.lastLine.hasPrefix("ZeroDivisionError: division by zero (method.py line"))
        #expect(failure.location == "shuffle seed 0, question 0")
        // The controller's prints go to the worker's log, never into the protocol.
        #expect(outcome.results[0].acc == outcome.results[1].acc)
    }

    @Test("a controller that hangs is stopped after the time limit, its process ended, the rest done")
    func hanging() throws {
        let started = Date()
        let outcome = try HostedEvaluator.run(try request(["Hangs", "FirstAnswer"], timeout: 2), workers: 1)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(outcome.results.map(\.row.methodName) == ["FirstAnswer"])
        let failure = try #require(outcome.failures.first)
        #expect(failure.message == "Timed out evaluating Hangs")
        #expect(failure.lastLine.contains("stopped after 2 s"))
        let pid = try #require(Int32(String(contentsOfFile: dir + "/hang.pid", encoding: .utf8)))
        #expect(!Self.stillRuns(pid), "the hung worker \(pid) still runs")
    }

    @Test("cancelling stops the Python workers at once")
    func cancelling() throws {
        let cancel = CancellationFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 1.5) { cancel.cancel() }
        let started = Date()
        #expect(throws: EvaluationCancelled.self) {
            _ = try HostedEvaluator.run(try request(["Hangs"], timeout: 60), cancel: cancel)
        }
        #expect(Date().timeIntervalSince(started) < 10)
        if let pid = Int32((try? String(contentsOfFile: dir + "/hang.pid", encoding: .utf8)) ?? "") {
            #expect(!Self.stillRuns(pid), "the cancelled worker \(pid) still runs")
        }
    }

    @Test("a non-string answer is never correct, as in the reference")
    func nonString() throws {
        let outcome = try HostedEvaluator.run(try request(["ReturnsNumber"]))
        #expect(outcome.failures.isEmpty)
        #expect(outcome.results.first?.correct == 0)
        #expect(outcome.results.first?.cost == 500)
    }

    @Test("probe_more on a branch nobody opened: the reference's cost check, or its ValueError")
    func unopenedBranch() throws {
        let outcome = try HostedEvaluator.run(try request(["ProbesUnopened", "ProbesThenOpens", "ProbesFarAhead"]))
        #expect(outcome.results.map(\.row.methodName) == ["ProbesThenOpens"])
        #expect(outcome.results.first?.cost == 1000)
        #expect(outcome.failures.map(\.label) == ["ProbesUnopened", "ProbesFarAhead"])
        #expect(outcome.failures[0].lastLine.contains("Token cost mismatch"))
        #expect(outcome.failures[1].lastLine.hasPrefix("ValueError: branch 3 has not been opened"))
    }

    @Test("a file that does not import, or lacks the class, is one clear error")
    func unusableFile() throws {
        #expect(throws: HostError.self) { _ = try HostedEvaluator.run(try request(["NoSuchClass"])) }
        do {
            _ = try HostedEvaluator.run(try request(["NoSuchClass"]))
        } catch let error as HostError {
            #expect(error.description.contains("no class or NAME 'NoSuchClass'"))
            #expect(error.description.contains("FirstAnswer"))
        }
        var broken = try request(["FirstAnswer"])
        try "def solve(:\n".write(toFile: dir + "/broken.py", atomically: true, encoding: .utf8)
        broken.method = dir + "/broken.py"
        do {
            _ = try HostedEvaluator.run(broken)
            Issue.record("a file with a syntax error was evaluated")
        } catch let error as HostError {
            #expect(error.description.contains("broken.py does not import: SyntaxError"), "\(error)")
        }
    }

    @Test("a missing python3, or numpy and scipy, is one message naming what to install")
    func missingPython() throws {
        do {
            _ = try HostedEvaluator.run(try request(["FirstAnswer"], python: "/nonexistent/python3"))
            Issue.record("ran without python3")
        } catch let error as HostError {
            #expect(error == .pythonMissing("/nonexistent/python3"))
            #expect(error.description.contains("install python3"))
        }
        // A python3 whose numpy cannot be imported.
        let fake = dir + "/fake-numpy/numpy"
        try FileManager.default.createDirectory(atPath: fake, withIntermediateDirectories: true)
        try "raise ImportError('numpy is not installed here')\n".write(toFile: fake + "/__init__.py", atomically: true, encoding: .utf8)
        let wrapper = dir + "/python-without-numpy"
        try "#!/bin/sh\nPYTHONPATH=\(dir)/fake-numpy exec python3 \"$@\"\n".write(toFile: wrapper, atomically: true, encoding: .utf8)
        chmod(wrapper, 0o755)
        do {
            _ = try HostedEvaluator.run(try request(["FirstAnswer"], python: wrapper))
            Issue.record("ran without numpy")
        } catch let error as HostError {
            #expect(error == .modulesMissing(python: wrapper, modules: ["numpy", "scipy"]))
            #expect(error.description.contains("-m pip install numpy scipy"))
        }
    }
}
