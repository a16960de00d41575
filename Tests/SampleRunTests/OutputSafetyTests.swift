import Foundation
import Testing
@testable import SampleRun

/// `ttsdash sample --out DIR` never clobbers a user's folder: it writes only into an absent or
/// empty folder or over a previous sample run, and swaps the new run in whole.
@Suite("Sample output folder safety")
struct OutputSafetyTests {
    static func tinyRun(_ note: String) -> SampleRunFiles {
        var f = SampleRunFiles()
        f.add("README.md", text: SampleRunBuilder.readmeMarker + "\n" + note + "\n")
        f.add("code_base/method.py", text: "# \(note)\n")
        return f
    }

    @Test("a non-empty folder that is not a sample run is refused and left untouched")
    func refusesUserFolder() throws {
        let dir = TestPaths.temporaryFolder("user")
        defer { TestPaths.remove(dir) }
        _ = FileManager.default.createFile(atPath: dir + "/notes.txt", contents: Data("mine".utf8))
        #expect(throws: SampleRunOutput.Failure.self) { try SampleRunOutput.check(dir) }
        #expect(throws: SampleRunOutput.Failure.self) { try SampleRunOutput.write(Self.tinyRun("x"), to: dir) }
        #expect(TestPaths.files(under: dir) == ["notes.txt"])
        #expect(FileManager.default.contents(atPath: dir + "/notes.txt") == Data("mine".utf8))
        // No staging folder left beside it.
        let parent = (dir as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent).filter { $0.contains((dir as NSString).lastPathComponent + ".sample-") }
        #expect(leftovers.isEmpty)
    }

    @Test("a folder whose README lacks the marker is not a sample run")
    func readmeWithoutMarker() {
        let dir = TestPaths.temporaryFolder("readme")
        defer { TestPaths.remove(dir) }
        _ = FileManager.default.createFile(atPath: dir + "/README.md", contents: Data("# my project\n".utf8))
        #expect(!SampleRunOutput.isSampleRun(dir))
        #expect(throws: SampleRunOutput.Failure.self) { try SampleRunOutput.check(dir) }
    }

    @Test("absent and empty folders are written; a previous sample run is replaced whole")
    func writesAndReplaces() throws {
        let dir = TestPaths.temporaryFolder("replace")
        defer { TestPaths.remove(dir) }
        let out = dir + "/deep/run"
        try SampleRunOutput.write(Self.tinyRun("first"), to: out)
        #expect(SampleRunOutput.isSampleRun(out))
        _ = FileManager.default.createFile(atPath: out + "/stale.txt", contents: Data("old".utf8))
        var second = Self.tinyRun("second")
        second.add("eval/x.csv", text: "a\n")
        try SampleRunOutput.write(second, to: out)
        #expect(TestPaths.files(under: out) == ["README.md", "code_base/method.py", "eval/x.csv"])
        #expect(String(decoding: FileManager.default.contents(atPath: out + "/code_base/method.py") ?? Data(), as: UTF8.self) == "# second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/deep") == ["run"])

        let empty = dir + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try SampleRunOutput.write(Self.tinyRun("e"), to: empty)
        #expect(TestPaths.files(under: empty).count == 2)
    }

    @Test("a file, or a path whose parent cannot be created, is refused with the path in the message")
    func unwritable() throws {
        let dir = TestPaths.temporaryFolder("file")
        defer { TestPaths.remove(dir) }
        let file = dir + "/plain.txt"
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        do {
            try SampleRunOutput.check(file)
            Issue.record("a plain file was accepted as the output folder")
        } catch {
            #expect(error.message.contains(file))
            #expect(!error.message.contains("\n"))
        }
        #expect(throws: SampleRunOutput.Failure.self) { try SampleRunOutput.check(file + "/below/run") }
        #expect(throws: SampleRunOutput.Failure.self) { try SampleRunOutput.check("/proc/ttsdash-sample-test/run") }
    }
}
