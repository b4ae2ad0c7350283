/// The one rule for raw HTML that a page lets through (`allow_html: true`): an allowlist of elements
/// and attributes for layout and text, never behaviour. Both renderers (the site's HTML and the
/// Markdown edition) pass every raw HTML fragment through `sanitize`, so there is one rule for both.
///
/// Tags are parsed and written out again, never copied: every tag in the output is one this file
/// wrote, with lower-case names, double-quoted values and only allowed attributes. Attribute values
/// are decoded (entities) before they are checked and escaped again after, so the browser reads
/// exactly the value that was checked. A `<` that does not open an allowed, complete tag is written
/// as `&lt;`, so the browser shows it as text. URLs (`href`, `src`, `cite`) must pass
/// `LinkRewriting.isSafe`. This file must never let through an element that runs or loads content
/// (`script`, `style`, `iframe`, `object`, `embed`, `base`, `meta`, `link`, `form`, `svg`, `math`…)
/// or any attribute outside the lists below (event handlers, `style`, `srcset`, `formaction`…).
package enum HTMLSanitizer {
    /// Elements kept (with their allowed attributes); any other tag is shown as text.
    package static let elements: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
        "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
        "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
        "ul", "var", "wbr",
    ]

    /// Attributes every kept element may carry (and any `aria-…` attribute).
    package static let globalAttributes: Set<String> = ["id", "class", "title", "lang", "dir", "role"]

    /// Attributes particular elements may carry besides the global ones.
    package static let elementAttributes: [String: Set<String>] = [
        "a": ["href", "name"],
        "img": ["src", "alt", "width", "height"],
        "td": ["colspan", "rowspan", "align"],
        "th": ["colspan", "rowspan", "align", "scope"],
        "ol": ["start", "reversed", "type"],
        "li": ["value"],
        "blockquote": ["cite"], "q": ["cite"],
        "del": ["cite", "datetime"], "ins": ["cite", "datetime"],
        "time": ["datetime"],
        "details": ["open"],
        "col": ["span"], "colgroup": ["span"],
    ]

    /// Attributes holding a URL, checked by `LinkRewriting.isSafe`.
    static let urlAttributes: Set<String> = ["href", "src", "cite"]

    /// Elements with no content (written `<br />`).
    static let voidElements: Set<String> = ["br", "col", "hr", "img", "wbr"]

    /// `html` (one raw HTML fragment of a page) with only allowed tags and attributes left as markup.
    package static func sanitize(_ html: String) -> String {
        var scanner = Scanner(Array(html.unicodeScalars))
        var out = ""
        out.reserveCapacity(html.utf8.count)
        while let scalar = scanner.peek() {
            guard scalar == "<" else {
                out.unicodeScalars.append(scalar)
                scanner.advance()
                continue
            }
            let start = scanner.position
            switch tag(&scanner) {
            case .markup(let written):
                out += written
            case .text:
                // A complete tag that is not allowed: shown as text, all of it.
                out += HTMLEscaping.escape(String(String.UnicodeScalarView(scanner.scalars[start..<scanner.position])))
            case .notATag:
                scanner.position = start + 1
                out += "&lt;"
            case .unfinished:
                // The fragment ends inside the tag: the rest is text.
                out += HTMLEscaping.escape(String(String.UnicodeScalarView(scanner.scalars[start...])))
                return out
            }
        }
        return out
    }

    /// What a `<` starts.
    private enum Tag {
        /// An allowed tag written again, or "" for a comment (dropped).
        case markup(String)
        /// A complete tag that is not allowed; the scanner is after it.
        case text
        /// A `<` that starts no tag (`a < b`, `<!x`, `<?x`).
        case notATag
        /// A tag or comment that the fragment ends inside.
        case unfinished
    }

    /// Reads the tag at the scanner (which is on `<`). Each character is read once, so a fragment of
    /// any size is sanitised in linear time.
    private static func tag(_ scanner: inout Scanner) -> Tag {
        scanner.advance()
        if scanner.starts(with: "!--") {
            scanner.position += 3
            return scanner.skip(pastSequence: "-->") ? .markup("") : .unfinished
        }
        let closing = scanner.peek() == "/"
        if closing { scanner.advance() }
        guard let first = scanner.peek(), first.isASCIILetter else { return .notATag }
        let name = scanner.take { !$0.isHTMLSpace && $0 != "/" && $0 != ">" }.lowercased()
        guard let (attributes, selfClosing) = Self.attributes(&scanner) else { return .unfinished }
        guard elements.contains(name) else { return .text }
        if closing { return .markup(voidElements.contains(name) ? "" : "</\(name)>") }
        let allowed = elementAttributes[name] ?? []
        var out = "<" + name
        var seen: Set<String> = []
        for (attribute, value) in attributes where seen.insert(attribute).inserted {
            guard globalAttributes.contains(attribute) || allowed.contains(attribute) || isARIA(attribute) else { continue }
            if urlAttributes.contains(attribute) {
                let url = LinkRewriting.cleanedURL(value ?? "")
                guard LinkRewriting.isSafe(url, isImage: name == "img") else { continue }
                out += " \(attribute)=\"" + HTMLEscaping.escapeURL(url) + "\""
            } else {
                out += " \(attribute)=\"" + HTMLEscaping.escape(value ?? "") + "\""
            }
        }
        return .markup(out + (voidElements.contains(name) && selfClosing ? " />" : ">"))
    }

    /// `aria-` followed by letters: accessibility attributes, which never run anything.
    private static func isARIA(_ attribute: String) -> Bool {
        attribute.hasPrefix("aria-") && attribute.count > 5 && attribute.dropFirst(5).allSatisfy { $0.isASCII && $0.isLetter }
    }

    /// The attributes up to and including the tag's `>`, read as the HTML tokenizer reads them (names
    /// lower-cased, values with their character references decoded), and whether the tag ended in
    /// `/>`. Nil when the text ends before the `>`.
    private static func attributes(_ scanner: inout Scanner) -> (attributes: [(String, String?)], selfClosing: Bool)? {
        var attributes: [(String, String?)] = []
        var selfClosing = false
        while true {
            scanner.skip { $0.isHTMLSpace }
            guard let next = scanner.peek() else { return nil }
            if next == ">" {
                scanner.advance()
                return (attributes, selfClosing)
            }
            if next == "/" {
                scanner.advance()
                selfClosing = scanner.peek() == ">"
                continue
            }
            selfClosing = false
            // The first character of a name may be `=`; after it, a name runs to a space, `/`, `>` or `=`.
            var name = String(next).lowercased()
            scanner.advance()
            name += scanner.take { !$0.isHTMLSpace && $0 != "/" && $0 != ">" && $0 != "=" }.lowercased()
            scanner.skip { $0.isHTMLSpace }
            guard scanner.peek() == "=" else {
                attributes.append((name, nil))
                continue
            }
            scanner.advance()
            scanner.skip { $0.isHTMLSpace }
            guard let opener = scanner.peek() else { return nil }
            let raw: String
            if opener == "\"" || opener == "'" {
                scanner.advance()
                raw = scanner.take { $0 != opener }
                guard scanner.peek() == opener else { return nil }
                scanner.advance()
            } else {
                raw = scanner.take { !$0.isHTMLSpace && $0 != ">" }
            }
            attributes.append((name, HTMLEntities.decode(raw)))
        }
    }

    /// A cursor over the fragment's Unicode scalars.
    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var position = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        func peek() -> Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }
        mutating func advance() { position += 1 }

        func starts(with text: String) -> Bool {
            var index = position
            for wanted in text.unicodeScalars {
                guard index < scalars.count, scalars[index] == wanted else { return false }
                index += 1
            }
            return true
        }

        /// Moves past the next `text`; false (and not moved) when it does not occur.
        mutating func skip(pastSequence text: String) -> Bool {
            let saved = position
            while position < scalars.count {
                if starts(with: text) {
                    position += text.unicodeScalars.count
                    return true
                }
                position += 1
            }
            position = saved
            return false
        }

        mutating func skip(while condition: (Unicode.Scalar) -> Bool) {
            while let next = peek(), condition(next) { position += 1 }
        }

        mutating func take(while condition: (Unicode.Scalar) -> Bool) -> String {
            var out = String.UnicodeScalarView()
            while let next = peek(), condition(next) {
                out.append(next)
                position += 1
            }
            return String(out)
        }
    }
}

extension Unicode.Scalar {
    /// The HTML tokenizer's whitespace: tab, line feed, form feed, carriage return, space.
    var isHTMLSpace: Bool { value == 0x09 || value == 0x0A || value == 0x0C || value == 0x0D || value == 0x20 }
    var isASCIILetter: Bool { (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
}
