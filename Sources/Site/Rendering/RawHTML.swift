import Foundation

/// Raw HTML that a page allows (`allow_html: true` in its front matter) is trusted markup for layout,
/// never for behaviour: besides GFM's tag filter (which neutralises `<script>`, `<iframe>`, `<style>`…),
/// every `on…=` event-handler attribute and every `javascript:` URL is removed here before rendering.
enum RawHTML {
    static func sanitize(_ html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var characters = Substring(html)
        var insideTag = false
        while let next = characters.first {
            if next == "<" { insideTag = true }
            if next == ">" { insideTag = false }
            if insideTag, next.isWhitespace, let skipped = Self.eventAttribute(in: characters.dropFirst()) {
                out.append(" ")
                characters = skipped
                continue
            }
            out.append(next)
            characters = characters.dropFirst()
        }
        return out.replacingOccurrences(of: "javascript:", with: "blocked:", options: .caseInsensitive)
    }

    /// When `text` starts with an `on…=` attribute, the text after it.
    private static func eventAttribute(in text: Substring) -> Substring? {
        var rest = text.drop { $0.isWhitespace }
        guard rest.prefix(2).lowercased() == "on" else { return nil }
        let name = rest.prefix { $0.isLetter }
        guard name.count > 2 else { return nil }
        rest = rest.dropFirst(name.count).drop { $0.isWhitespace }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0.isWhitespace }
        if let quote = rest.first, quote == "\"" || quote == "'" {
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: quote) else { return rest[rest.endIndex...] }
            return rest[rest.index(after: close)...]
        }
        return rest.drop { !$0.isWhitespace && $0 != ">" }
    }
}
