import Basics

/// The entry point for parsing: GitHub Flavored Markdown text in, a `MarkdownNode` tree out.
package enum Markdown {
    /// How deep containers may nest (block quotes, lists, emphasis, links, counted from the document).
    /// Every walk of the tree (renderers, anchors, the evaluator) recurses once per level, so the
    /// parser never builds a deeper tree: a page of 20,000 nested `>` cannot overflow a stack.
    package static let maximumNesting = 100

    /// Parses `text` as GFM (tables, strikethrough, autolinks, task lists, tag filter) into a tree whose
    /// nodes carry 1-based line and character-column ranges. CRLF line endings are read as LF.
    /// All memory of the C parser is released before this returns. Containers nested deeper than
    /// `maximumNesting` are flattened into the deepest one allowed (`parseChecked` says where).
    package static func parse(_ text: String) -> MarkdownNode {
        parseChecked(text).document
    }

    /// `parse`, and the position of the first container nested deeper than `maximumNesting` (nil when
    /// none is), so a caller can report it as an error.
    package static func parseChecked(_ text: String) -> (document: MarkdownNode, tooDeep: SourcePosition?) {
        let normalized = text.utf8.contains(13) ? text.replacing("\r\n", with: "\n").replacing("\r", with: "\n") : text
        return CommonMarkConverter.convert(normalized)
    }
}
