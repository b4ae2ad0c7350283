/// Moves a page's HTML into the whole-book page: every `id` gets the page's prefix so ids stay unique,
/// and every link to a page of the book (or an anchor on it) becomes a link within the book.
/// It only rewrites attributes the site itself wrote; all content text is escaped, so `id="` and
/// `href="` cannot occur in it.
enum PrintBook {
    /// `guide/memory.md` → `page-guide-memory`.
    static func pageAnchor(_ path: String) -> String { "page-" + SitePath.key(for: path) }

    static func relocate(_ html: String, page: String, knownPages: Set<String>) -> String {
        let prefix = pageAnchor(page) + "--"
        let directory = SitePath.directory(of: page)
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 512)
        var copied = 0
        var index = 1
        // One pass: at every `="`, read the attribute name before it and rewrite the value if it is one
        // that names an id.
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\""), bytes[index - 1] == UInt8(ascii: "=") else { index += 1; continue }
            var nameStart = index - 1
            while nameStart > 0, Self.isNameByte(bytes[nameStart - 1]) { nameStart -= 1 }
            let name = String(decoding: bytes[nameStart..<(index - 1)], as: UTF8.self)
            let valueStart = index + 1
            guard nameStart > 0, bytes[nameStart - 1] == UInt8(ascii: " "), Self.relocated.contains(name),
                  let valueEnd = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { index += 1; continue }
            let value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
            let replacement: String
            switch name {
            case "href": replacement = relocatedLink(value, prefix: prefix, directory: directory, knownPages: knownPages)
            case "id": replacement = prefix + value
            default: replacement = value.split(separator: " ").map { prefix + $0 }.joined(separator: " ")
            }
            out += bytes[copied..<valueStart]
            out += Array(replacement.utf8)
            copied = valueEnd
            index = valueEnd + 1
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    private static let relocated: Set<String> = ["id", "href", "aria-labelledby", "aria-describedby"]

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "-")
    }

    private static func relocatedLink(_ href: String, prefix: String, directory: String, knownPages: Set<String>) -> String {
        if href.hasPrefix("#") { return "#" + prefix + href.dropFirst() }
        let (path, fragment) = LinkChecker.split(href)
        let hasColon = SitePath.isASCII(path) ? path.utf8.contains(UInt8(ascii: ":")) : path.contains(":")
        guard path.hasSuffix(".html"), !hasColon, let target = SitePath.resolve(path, from: directory),
              knownPages.contains(target) else { return href }
        let targetPage = String(target.dropLast(5)) + ".md"
        let anchor = pageAnchor(targetPage)
        if let fragment, !fragment.isEmpty { return "#" + anchor + "--" + fragment }
        return "#" + anchor
    }
}
