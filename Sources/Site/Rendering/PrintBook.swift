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
        var out = ""
        out.reserveCapacity(html.utf8.count + 256)
        var rest = Substring(html)
        let attributes = [" id=\"", " href=\"", " aria-labelledby=\"", " aria-describedby=\""]
        while let (range, attribute) = firstAttribute(in: rest, among: attributes) {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            guard let close = rest.firstIndex(of: "\"") else { break }
            let value = String(rest[..<close])
            switch attribute {
            case " href=\"": out += relocatedLink(value, prefix: prefix, directory: directory, knownPages: knownPages)
            case " id=\"": out += prefix + value
            default: out += value.split(separator: " ").map { prefix + $0 }.joined(separator: " ")
            }
            rest = rest[close...]
        }
        return out + rest
    }

    private static func firstAttribute(in text: Substring, among names: [String]) -> (Range<Substring.Index>, String)? {
        var best: (Range<Substring.Index>, String)?
        for name in names {
            if let range = text.range(of: name), best == nil || range.lowerBound < best!.0.lowerBound {
                best = (range, name)
            }
        }
        return best
    }

    private static func relocatedLink(_ href: String, prefix: String, directory: String, knownPages: Set<String>) -> String {
        if href.hasPrefix("#") { return "#" + prefix + href.dropFirst() }
        let (path, fragment) = LinkChecker.split(href)
        guard path.hasSuffix(".html"), !path.contains(":"), let target = SitePath.resolve(path, from: directory),
              knownPages.contains(target) else { return href }
        let targetPage = String(target.dropLast(5)) + ".md"
        let anchor = pageAnchor(targetPage)
        if let fragment, !fragment.isEmpty { return "#" + anchor + "--" + fragment }
        return "#" + anchor
    }
}
