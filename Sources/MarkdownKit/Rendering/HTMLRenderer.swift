/// Renders a `MarkdownNode` tree to HTML in pure Swift, in the layout cmark-gfm's own HTML writer uses.
///
/// All text and attribute values are escaped. Raw HTML from the page is escaped too unless
/// `allowRawHTML` is set, and then only what `HTMLSanitizer` allows is kept as markup. Links go
/// through `rewriteLink`; URLs outside `LinkRewriting.isSafe` never become `href` or `src`. Placeholders are filled by
/// the caller's closures, which must return HTML they have escaped themselves.
package struct HTMLRenderer {
    /// Emit the page's raw HTML as markup (through `HTMLSanitizer`'s allowlist) instead of escaping it.
    package var allowRawHTML: Bool
    /// Maps a link or image target as written to the one emitted; by default `x.md` → `x.html`.
    package var rewriteLink: (String) -> String
    /// HTML for `blockPlaceholder(i)`.
    package var blockPlaceholder: (Int) -> String
    /// HTML for `inlinePlaceholder(i)`.
    package var inlinePlaceholder: (Int) -> String
    /// Plain text of `inlinePlaceholder(i)`, used for heading slugs and image alt text.
    package var inlinePlaceholderText: (Int) -> String

    /// A renderer; by default raw HTML is escaped, `.md` links become `.html` and placeholders render empty.
    package init(allowRawHTML: Bool = false,
                rewriteLink: @escaping (String) -> String = LinkRewriting.markdownToHTML,
                blockPlaceholder: @escaping (Int) -> String = { _ in "" },
                inlinePlaceholder: @escaping (Int) -> String = { _ in "" },
                inlinePlaceholderText: @escaping (Int) -> String = { _ in "" }) {
        self.allowRawHTML = allowRawHTML
        self.rewriteLink = rewriteLink
        self.blockPlaceholder = blockPlaceholder
        self.inlinePlaceholder = inlinePlaceholder
        self.inlinePlaceholderText = inlinePlaceholderText
    }

    /// The headings of `document` with the ids `render` gives them (for a table of contents).
    package func headings(in document: MarkdownNode) -> [HeadingAnchor] {
        HeadingAnchors.collect(in: document, inlineText: inlinePlaceholderText)
    }

    /// The HTML for `document` (any node; usually a whole document).
    package func render(_ document: MarkdownNode) -> String {
        var writer = Writer(renderer: self, anchors: headings(in: document))
        writer.render(document, tightList: false)
        return writer.out
    }

    private struct Writer {
        let renderer: HTMLRenderer
        let anchors: [HeadingAnchor]
        var nextAnchor = 0
        var out = ""

        init(renderer: HTMLRenderer, anchors: [HeadingAnchor]) {
            self.renderer = renderer
            self.anchors = anchors
        }

        /// Starts a new line unless the output already ends with one (cmark's `cr`).
        mutating func cr() {
            if !out.isEmpty, out.last != "\n" { out += "\n" }
        }

        mutating func children(_ node: MarkdownNode, tightList: Bool) {
            for child in node.children { render(child, tightList: tightList) }
        }

        mutating func render(_ node: MarkdownNode, tightList: Bool) {
            switch node.kind {
            case .document:
                children(node, tightList: false)
            case .paragraph:
                if tightList {
                    children(node, tightList: false)
                } else {
                    cr(); out += "<p>"; children(node, tightList: false); out += "</p>\n"
                }
            case .heading(let level):
                let slug = nextAnchor < anchors.count ? anchors[nextAnchor].slug : HeadingAnchors.slug(node.plainText)
                nextAnchor += 1
                cr(); out += "<h\(level) id=\"\(HTMLEscaping.escape(slug))\">"
                children(node, tightList: false)
                out += "</h\(level)>\n"
            case .blockQuote:
                cr(); out += "<blockquote>\n"; children(node, tightList: false); cr(); out += "</blockquote>\n"
            case .list(let ordered, let start, let tight):
                cr()
                if ordered {
                    out += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
                } else {
                    out += "<ul>\n"
                }
                for item in node.children { render(item, tightList: tight) }
                cr(); out += ordered ? "</ol>\n" : "</ul>\n"
            case .item(let task):
                cr(); out += "<li>"
                if let checked = task {
                    out += checked ? "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> " : "<input type=\"checkbox\" disabled=\"\" /> "
                }
                children(node, tightList: tightList)
                out += "</li>\n"
            case .codeBlock(let info, let literal):
                cr(); out += "<pre><code"
                let language = info.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                if !language.isEmpty { out += " class=\"language-\(HTMLEscaping.escape(language))\"" }
                out += ">" + HTMLEscaping.escape(literal) + "</code></pre>\n"
            case .htmlBlock(let literal):
                cr(); out += raw(literal); cr()
            case .thematicBreak:
                cr(); out += "<hr />\n"
            case .table(let alignments):
                cr(); out += "<table>\n"
                var openedBody = false
                for row in node.children {
                    if case .tableRow(isHeader: false) = row.kind, !openedBody {
                        cr(); out += "<tbody>\n"; openedBody = true
                    }
                    tableRow(row, alignments: alignments)
                }
                if openedBody { cr(); out += "</tbody>\n" }
                cr(); out += "</table>\n"
            case .tableRow:
                tableRow(node, alignments: [])
            case .tableCell:
                children(node, tightList: false)
            case .text(let text):
                out += HTMLEscaping.escape(text)
            case .softBreak:
                out += "\n"
            case .lineBreak:
                out += "<br />\n"
            case .code(let text):
                out += "<code>" + HTMLEscaping.escape(text) + "</code>"
            case .htmlInline(let literal):
                out += raw(literal)
            case .emphasis:
                out += "<em>"; children(node, tightList: false); out += "</em>"
            case .strong:
                out += "<strong>"; children(node, tightList: false); out += "</strong>"
            case .strikethrough:
                out += "<del>"; children(node, tightList: false); out += "</del>"
            case .link(let destination, let title):
                guard LinkRewriting.isSafe(destination) else {
                    children(node, tightList: false)
                    return
                }
                out += "<a href=\"" + HTMLEscaping.escapeURL(renderer.rewriteLink(destination)) + "\""
                if !title.isEmpty { out += " title=\"" + HTMLEscaping.escape(title) + "\"" }
                out += ">"; children(node, tightList: false); out += "</a>"
            case .image(let source, let title):
                let alt = HeadingAnchors.visibleText(node, inlineText: renderer.inlinePlaceholderText)
                guard LinkRewriting.isSafe(source, isImage: true) else {
                    out += HTMLEscaping.escape(alt)
                    return
                }
                out += "<img src=\"" + HTMLEscaping.escapeURL(renderer.rewriteLink(source)) + "\" alt=\"" + HTMLEscaping.escape(alt) + "\""
                if !title.isEmpty { out += " title=\"" + HTMLEscaping.escape(title) + "\"" }
                out += " />"
            case .blockPlaceholder(let index):
                cr(); out += renderer.blockPlaceholder(index); cr()
            case .inlinePlaceholder(let index):
                out += renderer.inlinePlaceholder(index)
            }
        }

        mutating func tableRow(_ row: MarkdownNode, alignments: [TableAlignment]) {
            let isHeader: Bool
            if case .tableRow(let header) = row.kind { isHeader = header } else { isHeader = false }
            if isHeader { cr(); out += "<thead>\n" }
            cr(); out += "<tr>\n"
            let tag = isHeader ? "th" : "td"
            for (index, cell) in row.children.enumerated() {
                cr(); out += "<\(tag)"
                let alignment = index < alignments.count ? alignments[index] : .none
                if alignment != .none { out += " align=\"\(alignment.rawValue)\"" }
                out += ">"
                children(cell, tightList: false)
                out += "</\(tag)>\n"
            }
            cr(); out += "</tr>\n"
            if isHeader { cr(); out += "</thead>\n" }
        }

        func raw(_ html: String) -> String {
            renderer.allowRawHTML ? HTMLSanitizer.sanitize(html) : HTMLEscaping.escape(html)
        }
    }
}
