/// The entry point for parsing: GitHub Flavored Markdown text in, a `MarkdownNode` tree out.
public enum Markdown {
    /// Parses `text` as GFM (tables, strikethrough, autolinks, task lists, tag filter) into a tree whose
    /// nodes carry 1-based line and character-column ranges. CRLF line endings are read as LF.
    /// All memory of the C parser is released before this returns.
    public static func parse(_ text: String) -> MarkdownNode {
        let normalized = text.utf8.contains(13) ? text.replacing("\r\n", with: "\n").replacing("\r", with: "\n") : text
        return CommonMarkConverter.convert(normalized)
    }
}
