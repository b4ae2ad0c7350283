import Foundation
import MarkdownKit

/// Escaping for text that goes into HTML and Markdown.
///
/// Everything the site shows that was computed or written in content passes through here before it
/// is put next to markup; nothing in this file ever lets markup through.
enum HTMLText {
    /// `text` safe inside an element or a double-quoted attribute: `& < > " '` become entities, and
    /// line feeds become `newlines` when given (`&#10;` keeps them inside an attribute value).
    static func escape(_ text: String, newlines: String? = nil) -> String {
        // MarkdownKit's escaping covers `& < > "`; the site also writes apostrophes as entities and,
        // inside attributes, keeps line feeds.
        var out = HTMLEscaping.escape(text)
        if out.utf8.contains(0x27) { out = out.replacingOccurrences(of: "'", with: "&#39;") }
        if let newlines, out.utf8.contains(0x0A) { out = out.replacingOccurrences(of: "\n", with: newlines) }
        return out
    }
}

/// Escaping for text placed in GitHub-flavoured Markdown.
enum MarkdownText {
    /// `text` as literal Markdown inline text: characters that would start markup are backslash-escaped,
    /// and `<` `>` become entities so no raw HTML can appear.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "!":
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(scalar)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
