/// Decoding of HTML character references in raw HTML attribute values, so the sanitiser checks the
/// value a browser would use (`&#106;avascript:` is `javascript:`).
///
/// Numeric references are decoded as browsers decode them, with or without the closing `;`. Named
/// ones are decoded from a short table of the names pages use; any other name is kept as written,
/// and since the sanitiser escapes every value again, the browser then shows it literally instead of
/// decoding it: nothing this file fails to decode can reach the browser as a different character.
enum HTMLEntities {
    /// Named references decoded (with their `;`): the ASCII punctuation HTML5 names, which could
    /// spell a scheme, and the typographic ones that appear in titles and alt text.
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "Tab": "\t", "NewLine": "\n", "colon": ":", "sol": "/", "bsol": "\\", "period": ".", "comma": ",",
        "semi": ";", "excl": "!", "quest": "?", "num": "#", "percnt": "%", "plus": "+", "equals": "=",
        "lpar": "(", "rpar": ")", "lsqb": "[", "rsqb": "]", "lcub": "{", "rcub": "}", "commat": "@",
        "dollar": "$", "ast": "*", "lowbar": "_", "grave": "`", "verbar": "|", "Hat": "^", "fjlig": "fj",
        "copy": "©", "reg": "®", "trade": "™", "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·",
        "laquo": "«", "raquo": "»", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "bull": "•",
        "times": "×", "divide": "÷", "minus": "−", "plusmn": "±", "deg": "°", "micro": "µ", "le": "≤",
        "ge": "≥", "ne": "≠", "asymp": "≈", "infin": "∞", "larr": "←", "rarr": "→", "euro": "€",
    ]

    /// `text` with its character references replaced by the characters they stand for.
    static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "&", let (decoded, length) = reference(in: scalars, at: index) else {
                out.append(scalar)
                index += 1
                continue
            }
            out.append(contentsOf: decoded.unicodeScalars)
            index += length
        }
        return String(out)
    }

    /// The reference starting at `scalars[start]` (an `&`) and how many scalars it spans.
    private static func reference(in scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var index = start + 1
        guard index < scalars.count else { return nil }
        if scalars[index] == "#" {
            index += 1
            let hex = index < scalars.count && (scalars[index] == "x" || scalars[index] == "X")
            if hex { index += 1 }
            let digitsStart = index
            var value: UInt32 = 0
            while index < scalars.count, let digit = Int(String(scalars[index]), radix: hex ? 16 : 10) {
                value = min(value &* (hex ? 16 : 10) &+ UInt32(digit), 0x110000)
                index += 1
            }
            guard index > digitsStart else { return nil }
            if index < scalars.count, scalars[index] == ";" { index += 1 }
            // As browsers do: nothing, surrogates and values past Unicode become U+FFFD.
            let character = value == 0 ? nil : Unicode.Scalar(value)
            return (String(character ?? "\u{FFFD}"), index - start)
        }
        let nameStart = index
        while index < scalars.count, scalars[index].properties.isASCIIHexDigit || scalars[index].isASCIILetter { index += 1 }
        guard index < scalars.count, scalars[index] == ";", index > nameStart,
              let decoded = named[String(String.UnicodeScalarView(scalars[nameStart..<index]))] else { return nil }
        return (decoded, index + 1 - start)
    }
}
