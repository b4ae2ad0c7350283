/// Escaping for text that goes into HTML and Markdown.
///
/// Everything the site shows that was computed or written in content passes through here before it
/// is put next to markup; nothing in this file ever lets markup through.
enum HTMLText {
    /// `text` safe inside an element or a double-quoted attribute: `& < > " '` become entities, and
    /// line feeds become `newlines` when given (`&#10;` keeps them inside an attribute value).
    static func escape(_ text: String, newlines: String? = nil) -> String {
        var needsWork = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 || (byte == 0x0A && newlines != nil) {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n": if let newlines { out += newlines } else { out.unicodeScalars.append(scalar) }
            default: out.unicodeScalars.append(scalar)
            }
        }
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
