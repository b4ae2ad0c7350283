import Foundation
import MarkdownKit

/// Escaping for text that goes into HTML and Markdown.
///
/// Everything the site shows that was computed or written in content passes through here before it
/// is put next to markup; nothing in this file ever lets markup through.
package enum HTMLText {
    /// `text` safe inside an element or a double-quoted attribute: `& < > " '` become entities, and
    /// line feeds become `newlines` when given (`&#10;` keeps them inside an attribute value).
    package static func escape(_ text: String, newlines: String? = nil) -> String {
        // MarkdownKit's escaping covers `& < > "`; the site also writes apostrophes as entities and,
        // inside attributes, keeps line feeds.
        var out = HTMLEscaping.escape(text)
        if out.utf8.contains(0x27) { out = out.replacingOccurrences(of: "'", with: "&#39;") }
        if let newlines, out.utf8.contains(0x0A) { out = out.replacingOccurrences(of: "\n", with: newlines) }
        return out
    }
}

/// Escaping for text placed in GitHub-flavoured Markdown: MarkdownKit's escaping for text that may sit
/// in a table cell or start a line, on one line.
enum MarkdownText {
    /// `text` as literal Markdown inline text that can open no markup and no raw HTML.
    static func escape(_ text: String) -> String {
        let oneLine = text.utf8.contains(0x0A) ? text.replacingOccurrences(of: "\n", with: " ") : text
        return MarkdownRenderer.escapeText(oneLine, inTable: true, atLineStart: false)
    }
}
