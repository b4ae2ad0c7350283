/// Escaping of text for HTML and of URLs for attributes. Every string a renderer writes goes through
/// here, so nothing in content can open a tag or leave an attribute.
public enum HTMLEscaping {
    /// `text` with `&`, `<`, `>` and `"` replaced by entities; safe in element content and in
    /// double-quoted attributes (the only kind the renderers write).
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A URL ready for an `href` or `src` attribute: bytes outside the characters URLs may hold are
    /// percent-encoded (existing `%xx` escapes are kept), then the result is HTML-escaped.
    public static func escapeURL(_ url: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'();/?:@&=+$,%#[]".utf8)
        var encoded = ""
        for byte in url.utf8 {
            if allowed.contains(byte) {
                encoded.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF")
                encoded += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return escape(encoded)
    }

    /// Tags GFM's tag filter neutralises even where raw HTML is allowed.
    static let filteredTags = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"]

    /// Raw HTML with GFM's tag filter applied: the `<` of any filtered tag becomes `&lt;`.
    static func tagFiltered(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            let name = after.drop { $0 == "/" }.prefix { $0.isLetter }.lowercased()
            let filtered = filteredTags.contains(name)
            out += filtered ? "&lt;" : "<"
            rest = after
        }
        return out + rest
    }
}
