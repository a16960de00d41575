/// The shipped themes, compiled in from `themes/*.toml` (SwiftPM embeds the files' bytes), so the
/// app has colours even when no `themes/` folder is found and the files are the one source.
public enum BuiltinThemes {
    public static let defaultName = "dark"
    public static let names = ["dark", "light", "high-contrast", "mono"]

    public static func source(named name: String) -> String? {
        let bytes: [UInt8]
        switch name {
        case "dark": bytes = PackageResources.dark_toml
        case "light": bytes = PackageResources.light_toml
        case "high-contrast": bytes = PackageResources.high_contrast_toml
        case "mono": bytes = PackageResources.mono_toml
        default: return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
