/// Stable ids for headings, so links like `page.html#kv-cache` and a table of contents can point at
/// them. The slug is derived from the heading's text only, so it changes only when the text does.
package struct HeadingAnchor: Sendable, Hashable {
    package var level: Int
    /// The heading's text as a reader sees it.
    package var text: String
    /// The `id` the heading gets: unique within its page.
    package var slug: String
    package var range: SourceRange

    package init(level: Int, text: String, slug: String, range: SourceRange) {
        self.level = level
        self.text = text
        self.slug = slug
        self.range = range
    }
}

/// Computes heading slugs the way GitHub does, made unique per page.
package enum HeadingAnchors {
    /// GitHub's rule: lower case; letters, digits, `-` and `_` kept; spaces become `-`; everything else
    /// dropped. An empty result becomes `section`.
    package static func slug(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "-" || character == "_" {
                out.append(character)
            } else if character == " " {
                out.append("-")
            }
        }
        return out.isEmpty ? "section" : out
    }

    /// Every heading of `document` in order, with slugs made unique by `-1`, `-2`... in document order.
    /// `inlineText` gives the text of an inline placeholder (a computed value) inside a heading.
    package static func collect(in document: MarkdownNode, inlineText: (Int) -> String = { _ in "" }) -> [HeadingAnchor] {
        var used: Set<String> = []
        // The next suffix to try for each base slug. `used` only grows, so the first free suffix of a
        // base never moves backwards: remembering it keeps n identical headings linear, not quadratic.
        var nextSuffix: [String: Int] = [:]
        var anchors: [HeadingAnchor] = []
        forEachHeading(in: document) { node, level in
            let text = visibleText(node, inlineText: inlineText).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            let base = slug(text)
            var candidate = base
            var counter = nextSuffix[base] ?? 1
            if used.contains(candidate) {
                repeat {
                    candidate = "\(base)-\(counter)"
                    counter += 1
                } while used.contains(candidate)
                nextSuffix[base] = counter
            }
            used.insert(candidate)
            anchors.append(HeadingAnchor(level: level, text: text, slug: candidate, range: node.range))
        }
        return anchors
    }

    /// Calls `visit` on every heading in document order. Headings sit only in the document, block
    /// quotes, lists and their items, so the walk enters nothing else: a large page's paragraphs,
    /// tables and inline nodes are never visited (this runs several times per page).
    static func forEachHeading(in node: MarkdownNode, _ visit: (MarkdownNode, Int) -> Void) {
        switch node.kind {
        case .heading(let level):
            visit(node, level)
        case .document, .blockQuote, .list, .item:
            for child in node.children { forEachHeading(in: child, visit) }
        default:
            return
        }
    }

    static func visibleText(_ node: MarkdownNode, inlineText: (Int) -> String) -> String {
        if case .inlinePlaceholder(let index) = node.kind { return inlineText(index) }
        if node.children.isEmpty { return node.plainText }
        return node.children.map { visibleText($0, inlineText: inlineText) }.joined()
    }
}
