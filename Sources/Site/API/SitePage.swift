import Literate
import MarkdownKit

/// One page as the site renders it: its place, its front matter, its tree (with computed content as
/// placeholders) and what fills each placeholder.
///
/// Built from the evaluator's output by `SitePage.init(evaluated:)`; tests build it directly.
package struct SitePage: Sendable {
    /// The page's path relative to the pages folder (`guide/memory.md`).
    package var path: String
    /// The file named in diagnostics (the path as the user gave it).
    package var file: String
    package var title: String
    package var summary: String?
    /// Front matter `order`; pages without one come after those with one, by path.
    package var order: Double?
    package var tags: [String]
    /// Front matter `allow_html`: emit the page's raw HTML as markup, through `HTMLSanitizer`'s allowlist.
    package var allowHTML: Bool
    /// The parsed page with each computation block as `blockPlaceholder(i)` and each inline expression
    /// as `inlinePlaceholder(j)`.
    package var tree: MarkdownNode
    package var blocks: [Block]
    package var inlines: [Inline]

    /// What fills `blockPlaceholder(i)`.
    package struct Block: Sendable {
        package var id: String?
        package var caption: String?
        /// The block's source, shown above its result when the block says `echo=true`.
        package var echoedSource: String?
        package var infoString: String
        package var artifacts: [Artifact]
        /// Formula and inputs of each recorded value, by the value's name (for table cells).
        package var provenance: [String: Provenance]

        package init(id: String?, caption: String?, echoedSource: String?, infoString: String = "",
                    artifacts: [Artifact], provenance: [String: Provenance]) {
            self.id = id
            self.caption = caption
            self.echoedSource = echoedSource
            self.infoString = infoString
            self.artifacts = artifacts
            self.provenance = provenance
        }
    }

    /// What fills `inlinePlaceholder(j)`: the value as text and how it was computed.
    package struct Inline: Sendable {
        package var text: String
        package var provenance: Provenance?
        package init(text: String, provenance: Provenance?) {
            self.text = text
            self.provenance = provenance
        }
    }

    package init(path: String, file: String, title: String, summary: String? = nil, order: Double? = nil,
                tags: [String] = [], allowHTML: Bool = false, tree: MarkdownNode, blocks: [Block] = [], inlines: [Inline] = []) {
        self.path = path
        self.file = file
        self.title = title
        self.summary = summary
        self.order = order
        self.tags = tags
        self.allowHTML = allowHTML
        self.tree = tree
        self.blocks = blocks
        self.inlines = inlines
    }

    /// The page's output file relative to the site root.
    var htmlPath: String { SitePath.html(for: path) }
}
