import Basics
import MarkdownKit

/// One page of the book as read from disk: its path, its text, its front matter and its Markdown tree.
/// Loading never evaluates anything; `Literate.evaluate` does.
package struct Page: Sendable {
    /// The path relative to the pages folder, with `/` separators (`memory/kv-cache.md`).
    package var path: String
    /// The path diagnostics name (the pages folder joined with `path`, as the user gave it).
    package var file: String
    /// The page's text exactly as read (line endings normalised to LF), for printing source lines under errors.
    package var source: String
    package var frontMatter: FrontMatter
    /// The Markdown after the front matter, parsed; positions are lines and columns of the whole file.
    package var document: MarkdownNode

    package init(path: String, file: String, source: String, frontMatter: FrontMatter, document: MarkdownNode) {
        self.path = path
        self.file = file
        self.source = source
        self.frontMatter = frontMatter
        self.document = document
    }

    /// Reads a page from its text. Problems in the front matter come back as diagnostics; the page is
    /// returned anyway (with a title from its file name) so its blocks can still be checked.
    package static func parse(_ text: String, path: String, file: String? = nil) -> (Page, [Diagnostic]) {
        // The byte scan for a carriage return is much cheaper than `withUnixLineEndings`' own check.
        let source = text.utf8.contains(UInt8(ascii: "\r")) ? text.withUnixLineEndings : text
        let file = file ?? path
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let fallbackTitle = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        let (matter, markdown, problems) = FrontMatter.split(source, file: file, fallbackTitle: fallbackTitle)
        let (document, tooDeep) = Markdown.parseChecked(markdown)
        let page = Page(path: path, file: file, source: source, frontMatter: matter, document: document)
        guard let tooDeep else { return (page, problems) }
        let nesting = Diagnostic.error(at: SourceLocation(file: file, line: tooDeep.line, column: tooDeep.column),
                                       "nested more than \(Markdown.maximumNesting) levels deep (block quotes, lists, emphasis or links inside each other); flatten the nesting here")
        return (page, problems + [nesting])
    }
}
