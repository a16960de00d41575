import Foundation
import Testing

/// Strings from run files are untrusted: an escape sequence hidden in a controller's
/// description, a proposal summary or a file name must not reach the terminal.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, Comment(rawValue: TmuxSession.unavailableReason ?? "")))
struct UntrustedStringsEndToEndTests {
    @Test func oscTitleSequenceInDataNeverReachesTheTerminal() throws {
        let root = NSTemporaryDirectory() + "ttsdash-osc-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let osc = "\u{1B}]0;pwned\u{07}"
        let csi = "\u{1B}[2J\u{1B}[31m"
        let dir = root + "/matrix_results_Evil\(osc)Model"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let description = "my\(osc)controller\(csi) | config={'beta': 0.5}"
        let csv = "Method,Acc,Cost,Std_Acc,Description,config\nEvil\(osc)Method,55.5,123456,0,\"\(description)\",{}\n"
        try csv.write(toFile: dir + "/bench\(csi)_raw_new_api.csv", atomically: true, encoding: .utf8)

        let s = try TmuxSession(args: [root], width: 120, height: 40)
        defer { s.kill() }
        let screen = try s.waitFor(text: "55.5")
        #expect(screen.contains("Evil") && screen.contains("Model"))
        // The pane title would be "pwned" had the OSC sequence been written out.
        let title = try s.tmux(["display-message", "-p", "-t", s.name, "#{pane_title}"])
        #expect(!title.contains("pwned"), "pane title: \(title)")
        // No escape sequence from the data in what the terminal received: tmux shows the
        // screen's cells, so a stray ESC [2J would have blanked it and ESC [31m coloured it.
        let raw = try s.capture(escapes: true)
        #expect(!raw.contains("pwned"))
        #expect(screen.contains("ttsdash"))
        try s.send("q")
        try s.waitFor(text: "EXITED:0")
    }
}
