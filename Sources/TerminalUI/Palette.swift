import CNcursesw
import Dashboard

/// Maps styles to ncurses attributes and colour pairs, allocating pairs on first use.
struct Palette {
    let theme: Theme
    let mode: ColorMode
    private var pairs: [Int: Int16] = [:]   // (fg+1) * 512 + (bg+1) -> pair number
    private var cache: [Style: (attr_t, Int16)] = [:]
    private let maxPairs: Int

    init(theme: Theme, mode: ColorMode) {
        self.theme = theme
        self.mode = mode
        self.maxPairs = mode == .none ? 0 : Int(tts_color_pairs())
    }

    mutating func attributes(for style: Style) -> (attr_t, Int16) {
        if let hit = cache[style] { return hit }
        let look = theme.resolve(style, mode: mode)
        var attrs = tts_a_normal()
        if look.bold { attrs |= tts_a_bold() }
        if look.underline { attrs |= tts_a_underline() }
        if look.reverse { attrs |= tts_a_reverse() }
        if look.dim && !look.bold { attrs |= tts_a_dim() }
        var pair: Int16 = 0
        if mode != .none, look.fg != -1 || look.bg != -1 {
            let key = (look.fg + 1) * 512 + (look.bg + 1)
            if let p = pairs[key] {
                pair = p
            } else if pairs.count + 1 < min(maxPairs, Int(Int16.max)) {
                pair = Int16(pairs.count + 1)
                init_pair(pair, Int16(look.fg), Int16(look.bg))
                pairs[key] = pair
            }
        }
        cache[style] = (attrs, pair)
        return (attrs, pair)
    }
}
