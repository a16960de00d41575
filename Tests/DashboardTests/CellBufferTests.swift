import Testing
@testable import Dashboard

@Suite struct CellBufferTests {
    @Test func widths() {
        #expect(CharWidth.of("a" as Character) == 1)
        #expect(CharWidth.of("日" as Character) == 2)
        #expect(CharWidth.of("e\u{301}" as Character) == 1)
        #expect(CharWidth.of("⣿" as Character) == 1)
        #expect(CharWidth.of("🙂" as Character) == 2)
        #expect(CharWidth.of("日本 ab") == 7)
    }

    @Test func wideCharactersTakeTwoCellsAndAreNotSplit() {
        var buf = CellBuffer(width: 5, height: 1)
        let used = buf.put("ab日本", x: 0, y: 0)
        #expect(used == 5)           // "本" does not fit: a space stands in for it
        #expect(buf.row(0) == "ab日 ")
        #expect(buf[3, 0].isContinuation)
        buf.put("x", x: 3, y: 0)     // overwriting the right half blanks the left half
        #expect(buf.row(0) == "ab x ")
    }

    @Test func truncateWithEllipsis() {
        #expect(Text.truncate("controller", to: 6) == "contr…")
        #expect(Text.truncate("日本語", to: 4) == "日…")
        // From the front, for paths and values being typed.
        #expect(Text.truncateFront("/runs/controller", to: 6) == "…oller")
        #expect(Text.truncateFront("日本語", to: 4) == "…語")
        #expect(Text.truncateFront("short", to: 9) == "short")
        #expect(Text.truncateFront("abc", to: 0) == "")
    }

    @Test func wrapByWordsAndColumns() {
        #expect(Text.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        // A word longer than a line is cut into pieces that fit, nothing lost.
        #expect(Text.wrap("abcdefghijkl", width: 5) == ["abcd…", "efgh…", "ijkl"])
        // Wide characters are cut by columns: each piece fits, every character is kept.
        let wide = Text.wrap("日本語のテキストです", width: 7)
        #expect(wide.allSatisfy { CharWidth.of($0) <= 7 })
        #expect(wide.joined().replacingOccurrences(of: "…", with: "") == "日本語のテキストです")
        #expect(Text.padLeft("7", 3) == "  7")
    }

    @Test func aLongPathWrapsAtItsSlashesNotMidName() {
        let why = "no trace file for /work/runs/sample/history/r0005_20260301/training_results/traces.jsonl on Synth-L"
        let lines = Text.wrap(why, width: 30)
        #expect(lines.allSatisfy { CharWidth.of($0) <= 30 })
        #expect(!lines.joined().contains("…"), "a path is broken at separators, never marked as cut: \(lines)")
        #expect(lines.contains { $0.hasSuffix("/") })
        #expect(lines.joined(separator: " ").replacingOccurrences(of: "/ ", with: "/").replacingOccurrences(of: "_ ", with: "_") == why)
    }

    @Test func rectSplits() {
        let r = Rect(x: 0, y: 0, width: 10, height: 5)
        let (a, b) = r.splitTop(2)
        #expect(a.height == 2 && b.y == 2 && b.height == 3)
        let cols = r.columns(3, gap: 1)
        #expect(cols.map(\.width) == [3, 3, 2])
        #expect(r.splitLeft(20).0.width == 10)
    }
}
