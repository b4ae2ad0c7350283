/// How links are treated on their way to HTML: links to other pages (`other.md#part`) become links to
/// the generated files (`other.html#part`), external URLs stay as written, and script URLs are refused.
package enum LinkRewriting {
    /// The only schemes a link may have; a URL without a scheme (relative, `#anchor`) is always fine.
    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]
    /// `data:` URLs allowed as an image's source, and only there (no SVG: it can hold script).
    static let safeDataPrefixes = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]

    /// The URL's scheme in lower case (`https`, `mailto`), or nil for a relative URL.
    package static func scheme(of url: String) -> String? {
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
    package static func isExternal(_ url: String) -> Bool {
        scheme(of: url) != nil || url.hasPrefix("//")
    }

    /// The allowlist for every URL a page writes (Markdown links and images, raw HTML's `href`,
    /// `src` and `cite`): relative URLs, `#anchors`, `http`, `https` and `mailto`; `data:` images only
    /// where `isImage`. The scheme is read as a browser reads it: after removing every control
    /// character and space (`java\tscript:`, ` javascript:`), so none hides a scheme. Entities must be
    /// decoded before (cmark does it for Markdown links, `HTMLEntities` for raw HTML).
    package static func isSafe(_ url: String, isImage: Bool = false) -> Bool {
        let visible = url.utf8.allSatisfy({ $0 < 0x80 })
            ? String(decoding: url.utf8.compactMap { $0 > 0x20 && $0 != 0x7F ? ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) : nil }, as: UTF8.self)
            : String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 && !($0.value >= 0x7F && $0.value < 0xA0) })).lowercased()
        guard let scheme = scheme(of: visible) else { return true }
        if scheme == "data" {
            return isImage && safeDataPrefixes.contains { visible.hasPrefix($0) && visible.dropFirst($0.count).first.map { $0 == ";" || $0 == "," } == true }
        }
        return allowedSchemes.contains(scheme)
    }

    /// `url` as a browser's URL parser first cleans it: control characters and spaces at either end
    /// removed, tabs and line breaks removed everywhere. What is checked is what is written.
    package static func cleanedURL(_ url: String) -> String {
        let scalars = url.unicodeScalars
        let trimmed = scalars.drop { $0.value <= 0x20 }.reversed().drop { $0.value <= 0x20 }.reversed()
        return String(String.UnicodeScalarView(trimmed.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }))
    }

    /// `x.md` → `x.html` and `dir/x.md#anchor` → `dir/x.html#anchor`; external URLs, anchors alone and
    /// links to other files are returned unchanged.
    package static func markdownToHTML(_ url: String) -> String {
        guard !isExternal(url) else { return url }
        let cut = url.firstIndex { $0 == "#" || $0 == "?" } ?? url.endIndex
        let path = url[..<cut]
        guard path.hasSuffix(".md") else { return url }
        return path.dropLast(3) + ".html" + url[cut...]
    }
}
