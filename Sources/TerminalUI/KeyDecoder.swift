import CNcursesw
import Dashboard

/// Turns what `wget_wch` returns into a `Key`. Pure apart from the ncurses constants.
enum KeyDecoder {
    /// `isKeyCode` is true when `wget_wch` returned KEY_CODE_YES.
    static func decode(_ code: Int32, isKeyCode: Bool) -> Key? {
        if isKeyCode { return function(code) }
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 96)))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: code)) else { return nil }
            return .char(Character(scalar))
        }
    }

    static func function(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_RESIZE: return .resize
        default:
            for n in 1...24 where code == tts_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }
}
