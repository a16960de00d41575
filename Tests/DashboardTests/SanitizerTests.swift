import Testing
@testable import Dashboard

@Suite struct SanitizerTests {
    @Test func oscTitleSequenceNeverReachesTheBuffer() {
        var buf = CellBuffer(width: 40, height: 1)
        buf.put("answer: \u{1B}]0;pwned\u{07}42", x: 0, y: 0)
        let row = buf.row(0)
        #expect(row.hasPrefix("answer: 42"))
        #expect(!row.contains("pwned"))
        #expect(!buf.cells.contains { $0.character.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 } })
    }

    @Test func oscTerminatedByStringTerminator() {
        #expect(Sanitizer.clean("a\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\b") == "alinkb")
    }

    @Test func csiAndC1Sequences() {
        #expect(Sanitizer.clean("\u{1B}[31mred\u{1B}[0m") == "red")
        #expect(Sanitizer.clean("x\u{9B}2Jy") == "xy")
        #expect(Sanitizer.clean("x\u{9D}0;t\u{9C}y") == "xy")
        #expect(Sanitizer.clean("\u{1B}(Bok") == "ok")
        #expect(Sanitizer.clean("\u{1B}Pq#0;1\u{1B}\\z") == "z")
    }

    @Test func controlCharactersAndBidi() {
        #expect(Sanitizer.clean("a\u{0}b\u{7F}c\u{8}d") == "abcd")
        #expect(Sanitizer.clean("tab\there") == "tab here")
        #expect(Sanitizer.clean("evil\u{202E}txt.exe\u{2066}x\u{2069}") == "eviltxt.exex")
        #expect(Sanitizer.clean("line1\nline2\r\n") == "line1 line2  ")
    }

    @Test func plainAndWideTextUntouched() {
        #expect(Sanitizer.clean("Qwen3-8B ✓ 83.6%") == "Qwen3-8B ✓ 83.6%")
        #expect(Sanitizer.clean("日本語 é") == "日本語 é")
    }

    @Test func linesSplitsAndExpandsTabs() {
        #expect(Sanitizer.lines("a\r\n\tb\n\u{1B}[2Jc") == ["a", "    b", "c"])
    }

    @Test func summaryWithEscapeInDemoDataIsDrawnHarmlessly() {
        var s = loadedState(width: 120, height: 40)
        s = apply(s, .move(.bottom), .move(.up), .drillIn)
        let buf = RootView.frame(s)
        #expect(!buf.renderText().contains("pwned"))
        #expect(!buf.cells.contains { $0.character.unicodeScalars.contains { $0.value < 0x20 } })
    }
}
