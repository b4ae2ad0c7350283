/// How links are treated on their way to HTML: links to other pages (`other.md#part`) become links to
/// the generated files (`other.html#part`), external URLs stay as written, and script URLs are refused.
public enum LinkRewriting {
    /// Schemes never emitted as a link target, whatever the page says.
    static let dangerousSchemes: Set<String> = ["javascript", "vbscript", "file", "data"]
    /// `data:` images that are safe to show.
    static let safeDataPrefixes = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]

    /// The URL's scheme in lower case (`https`, `mailto`), or nil for a relative URL.
    public static func scheme(of url: String) -> String? {
        if url.utf8.allSatisfy({ $0 < 0x80 }) { return asciiScheme(of: url) }
        let trimmed = url.drop { $0 == " " || $0 == "\t" }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let head = trimmed[..<colon]
        guard let first = head.first, first.isASCII, first.isLetter,
              head.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return head.lowercased()
    }

    /// `scheme(of:)` for an ASCII `url`, over bytes (every byte is then a character of its own).
    private static func asciiScheme(of url: String) -> String? {
        let bytes = url.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let head = bytes[..<colon]
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        guard let first = head.first, isLetter(first), head.allSatisfy({ isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
            || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else { return nil }
        return String(decoding: head.map { $0 | 0x20 }, as: UTF8.self)
    }

    /// Whether `url` points outside the book (has a scheme, or starts with `//`).
    public static func isExternal(_ url: String) -> Bool {
        scheme(of: url) != nil || url.hasPrefix("//")
    }

    /// False for URLs that would run script or read local files (`javascript:`, `vbscript:`, `file:`,
    /// and `data:` other than images). Control characters hidden in the scheme do not get past this.
    public static func isSafe(_ url: String) -> Bool {
        let visible = url.utf8.allSatisfy({ $0 < 0x80 })
            ? String(decoding: url.utf8.compactMap { $0 > 0x20 ? ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) : nil }, as: UTF8.self)
            : String(url.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
        guard let scheme = scheme(of: visible) else { return true }
        if scheme == "data" { return safeDataPrefixes.contains { visible.hasPrefix($0) } }
        return !dangerousSchemes.contains(scheme)
    }

    /// `x.md` → `x.html` and `dir/x.md#anchor` → `dir/x.html#anchor`; external URLs, anchors alone and
    /// links to other files are returned unchanged.
    public static func markdownToHTML(_ url: String) -> String {
        guard !isExternal(url) else { return url }
        let cut = url.firstIndex { $0 == "#" || $0 == "?" } ?? url.endIndex
        let path = url[..<cut]
        guard path.hasSuffix(".md") else { return url }
        return path.dropLast(3) + ".html" + url[cut...]
    }
}
