/// Escaping of text for HTML and of URLs for attributes. Every string a renderer writes goes through
/// here, so nothing in content can open a tag or leave an attribute.
package enum HTMLEscaping {
    /// `text` with `&`, `<`, `>` and `"` replaced by entities; safe in element content and in
    /// double-quoted attributes (the only kind the renderers write).
    package static func escape(_ text: String) -> String {
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
    package static func escapeURL(_ url: String) -> String {
        var encoded: [UInt8] = []
        encoded.reserveCapacity(url.utf8.count + 8)
        for byte in url.utf8 {
            if byte < 0x80, urlAllowed[Int(byte)] {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(upperHexDigits[Int(byte >> 4)])
                encoded.append(upperHexDigits[Int(byte & 0xF)])
            }
        }
        return escape(String(decoding: encoded, as: UTF8.self))
    }

    /// For each ASCII byte, whether a URL may hold it as it is.
    private static let urlAllowed: [Bool] = {
        var table = Array(repeating: false, count: 128)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'();/?:@&=+$,%#[]".utf8 { table[Int(byte)] = true }
        return table
    }()

    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)
}
