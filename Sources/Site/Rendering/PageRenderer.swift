import MarkdownKit

/// Turns one page's tree into its HTML body, its Markdown edition, its table of contents and its
/// search text. Inline placeholders past the page's own computed values are glossary uses.
struct PageRenderer {
    let page: SitePage
    let links: LinkChecker
    /// The tree after glossary linking.
    let tree: MarkdownNode
    let glossaryUses: [Glossary.Use]

    init(page: SitePage, links: LinkChecker, glossary: Glossary?) {
        self.page = page
        self.links = links
        // Raw HTML a page allows is sanitised by the renderers themselves (`HTMLSanitizer`).
        var tree = page.tree
        if let glossary, page.path != Glossary.pagePath {
            (tree, glossaryUses) = glossary.link(tree, firstIndex: page.inlines.count)
        } else {
            glossaryUses = []
        }
        self.tree = tree
    }

    /// True when the page opens with its own level-1 heading (then the layout does not add the title).
    var hasOwnTitle: Bool {
        guard let first = tree.children.first, case .heading(level: 1) = first.kind else { return false }
        return true
    }

    private var directory: String { SitePath.directory(of: page.path) }

    func inlineText(_ index: Int) -> String {
        if index < page.inlines.count { return page.inlines[index].text }
        let use = index - page.inlines.count
        return use < glossaryUses.count ? glossaryUses[use].shown : ""
    }

    private var htmlRenderer: HTMLRenderer {
        HTMLRenderer(
            allowRawHTML: page.allowHTML,
            rewriteLink: { [links, page] in links.href($0, on: page.path) },
            blockPlaceholder: { [page] index in
                index < page.blocks.count ? BlockRenderer(block: page.blocks[index], idPrefix: "b\(index)").html() : ""
            },
            inlinePlaceholder: { [page, glossaryUses, directory] index in
                if index < page.inlines.count {
                    let inline = page.inlines[index]
                    return inline.provenance?.html(showing: inline.text) ?? "<span class=\"value\">\(HTMLText.escape(inline.text))</span>"
                }
                let offset = index - page.inlines.count
                guard offset < glossaryUses.count else { return "" }
                let use = glossaryUses[offset]
                let href = SitePath.relative(to: SitePath.html(for: Glossary.pagePath), from: directory) + "#" + use.term.anchor
                return "<a class=\"term\" href=\"\(HTMLText.escape(href))\">\(HTMLText.escape(use.shown))<span class=\"tip\" role=\"tooltip\">\(HTMLText.escape(use.term.definition))</span></a>"
            },
            inlinePlaceholderText: { [self] in inlineText($0) }
        )
    }

    func html() -> String { htmlRenderer.render(tree) }

    /// Headings of levels 2 and 3, for the table of contents.
    func tableOfContents() -> [HeadingAnchor] {
        htmlRenderer.headings(in: tree).filter { $0.level == 2 || $0.level == 3 }
    }

    func markdown() -> String {
        let renderer = MarkdownRenderer(
            allowRawHTML: page.allowHTML,
            rewriteLink: { $0 },
            blockPlaceholder: { [page] index in
                index < page.blocks.count ? BlockRenderer(block: page.blocks[index], idPrefix: "b\(index)").markdown() : ""
            },
            inlinePlaceholder: { [page, glossaryUses, directory] index in
                if index < page.inlines.count { return MarkdownText.escape(page.inlines[index].text) }
                let offset = index - page.inlines.count
                guard offset < glossaryUses.count else { return "" }
                let use = glossaryUses[offset]
                let href = SitePath.relative(to: Glossary.pagePath, from: directory) + "#" + use.term.anchor
                return "[\(MarkdownText.escape(use.shown))](\(href))"
            }
        )
        let body = renderer.render(tree)
        return hasOwnTitle ? body : "# \(MarkdownText.escape(page.title))\n\n" + body
    }

    /// The page's words without markup: prose, computed values and block contents.
    func searchText() -> String { searchTextAndSections().text }

    /// A heading's place in the search text: search results land on the section that holds the match.
    struct SearchSection: Sendable, Equatable {
        /// Where the heading's text starts, in UTF-16 code units (JavaScript's string offsets).
        var offset: Int
        /// The heading's `id` on the page.
        var anchor: String
    }

    /// The search text and where each heading (of any level) starts in it.
    func searchTextAndSections() -> (text: String, sections: [SearchSection]) {
        var parts: [String] = []
        let marker = "\u{E000}"  // a private-use character, removed below, marks each heading's start
        func visit(_ node: MarkdownNode) {
            switch node.kind {
            case .heading:
                if !(parts.last?.hasSuffix(" ") ?? true) { parts.append(" ") }
                parts.append(marker)
                for child in node.children { visit(child) }
                parts.append(" ")
            case .text(let text), .code(let text): parts.append(text)
            case .inlinePlaceholder(let index): parts.append(inlineText(index))
            case .blockPlaceholder(let index):
                if index < page.blocks.count { parts.append(BlockRenderer(block: page.blocks[index], idPrefix: "").searchText()) }
            case .softBreak, .lineBreak: parts.append(" ")
            case .codeBlock(_, let literal): parts.append(literal)
            case .htmlBlock, .htmlInline: break
            default:
                if node.isBlock, !(parts.last?.hasSuffix(" ") ?? true) { parts.append(" ") }
                for child in node.children { visit(child) }
                if node.isBlock { parts.append(" ") }
            }
        }
        visit(tree)
        let collapsed = Self.collapsingWhitespace(parts.joined())
        let anchors = htmlRenderer.headings(in: tree).map(\.slug)
        var text = String.UnicodeScalarView()
        var sections: [SearchSection] = []
        var utf16Offset = 0
        for scalar in collapsed.unicodeScalars {
            if scalar == "\u{E000}" {
                if sections.count < anchors.count { sections.append(SearchSection(offset: utf16Offset, anchor: anchors[sections.count])) }
                continue
            }
            text.append(scalar)
            utf16Offset += scalar.utf16.count
        }
        return (String(text), sections)
    }

    /// `text` with every run of whitespace turned into one space and none at either end.
    static func collapsingWhitespace(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
