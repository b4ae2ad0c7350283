/// Renders a `MarkdownNode` tree back to GitHub Flavored Markdown, in pure Swift.
///
/// Used for the Markdown edition of the book: computed values are put in place through the
/// placeholder closures (which return Markdown), text is escaped so it reads back as the same text,
/// and raw HTML from the page is escaped unless `allowRawHTML` is set (then `HTMLSanitizer` keeps
/// what the site keeps, so the edition is as safe to render as the site). The output is normalised
/// (`-` bullets, fenced code, `*`/`**` emphasis), not a copy of the original spelling.
package struct MarkdownRenderer {
    package var allowRawHTML: Bool
    /// Maps a link or image target as written to the one emitted; by default unchanged.
    package var rewriteLink: (String) -> String
    /// Markdown for `blockPlaceholder(i)` (may span lines).
    package var blockPlaceholder: (Int) -> String
    /// Markdown for `inlinePlaceholder(i)`.
    package var inlinePlaceholder: (Int) -> String

    /// A renderer; by default raw HTML is escaped, links are kept and placeholders render empty.
    package init(allowRawHTML: Bool = false,
                rewriteLink: @escaping (String) -> String = { $0 },
                blockPlaceholder: @escaping (Int) -> String = { _ in "" },
                inlinePlaceholder: @escaping (Int) -> String = { _ in "" }) {
        self.allowRawHTML = allowRawHTML
        self.rewriteLink = rewriteLink
        self.blockPlaceholder = blockPlaceholder
        self.inlinePlaceholder = inlinePlaceholder
    }

    /// The Markdown for `document`, ending in a single newline.
    package func render(_ document: MarkdownNode) -> String {
        let lines = block(document)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Blocks, as lines without their container's prefix

    private func blocks(_ nodes: [MarkdownNode], separatedBy blank: Bool) -> [String] {
        var lines: [String] = []
        for (index, node) in nodes.enumerated() {
            if index > 0, blank { lines.append("") }
            lines += block(node)
        }
        return lines
    }

    private func block(_ node: MarkdownNode) -> [String] {
        switch node.kind {
        case .document:
            return blocks(node.children, separatedBy: true)
        case .paragraph:
            return lines(inline(node.children, inTable: false))
        case .heading(let level):
            let text = inline(node.children, inTable: false).replacing("\n", with: " ")
            return [String(repeating: "#", count: level) + " " + text]
        case .blockQuote:
            return blocks(node.children, separatedBy: true).map { $0.isEmpty ? ">" : "> " + $0 }
        case .list(let ordered, let start, let tight):
            var lines: [String] = []
            for (index, item) in node.children.enumerated() {
                if index > 0, !tight { lines.append("") }
                var marker = ordered ? "\(start + index)." : "-"
                if case .item(let task?) = item.kind { marker += task ? " [x]" : " [ ]" }
                let body = blocks(item.children, separatedBy: !tight)
                let indent = String(repeating: " ", count: (ordered ? "\(start + index)." : "-").count + 1)
                if body.isEmpty { lines.append(marker); continue }
                lines.append(marker + " " + body[0])
                lines += body.dropFirst().map { $0.isEmpty ? "" : indent + $0 }
            }
            return lines
        case .item:
            return blocks(node.children, separatedBy: true)
        case .codeBlock(let info, let literal):
            var fence = "```"
            while literal.contains(fence) { fence += "`" }
            var body = literal
            if body.hasSuffix("\n") { body.removeLast() }
            return [fence + info] + (literal.isEmpty ? [] : lines(body)) + [fence]
        case .htmlBlock(let literal):
            var text = allowRawHTML ? HTMLSanitizer.sanitize(literal) : HTMLEscaping.escape(literal)
            if text.hasSuffix("\n") { text.removeLast() }
            return lines(text)
        case .thematicBreak:
            return ["---"]
        case .table(let alignments):
            var lines: [String] = []
            for (index, row) in node.children.enumerated() {
                let cells = row.children.map { inline($0.children, inTable: true).replacing("\n", with: " ") }
                lines.append("| " + cells.joined(separator: " | ") + " |")
                if index == 0 {
                    let rule = (0..<max(cells.count, alignments.count)).map { column -> String in
                        switch column < alignments.count ? alignments[column] : .none {
                        case .none: return "---"
                        case .left: return ":--"
                        case .center: return ":-:"
                        case .right: return "--:"
                        }
                    }
                    lines.append("| " + rule.joined(separator: " | ") + " |")
                }
            }
            return lines
        case .blockPlaceholder(let index):
            var text = blockPlaceholder(index)
            while text.hasSuffix("\n") { text.removeLast() }
            return lines(text)
        default:
            return lines(inline([node], inTable: false))
        }
    }

    private func lines(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var lines: [String] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lines.append(String(decoding: bytes[start..<index], as: UTF8.self))
            start = index + 1
        }
        lines.append(String(decoding: bytes[start...], as: UTF8.self))
        return lines
    }

    // MARK: - Inlines

    private func inline(_ nodes: [MarkdownNode], inTable: Bool) -> String {
        var out = ""
        for node in nodes {
            out += inline(node, inTable: inTable, atLineStart: out.isEmpty || out.hasSuffix("\n"))
        }
        return out
    }

    private func inline(_ node: MarkdownNode, inTable: Bool, atLineStart: Bool) -> String {
        switch node.kind {
        case .text(let text):
            return Self.escapeText(text, inTable: inTable, atLineStart: atLineStart)
        case .softBreak:
            return "\n"
        case .lineBreak:
            return "\\\n"
        case .code(let text):
            var ticks = "`"
            while text.contains(ticks) { ticks += "`" }
            let padded = text.hasPrefix("`") || text.hasSuffix("`") || (text.hasPrefix(" ") && text.hasSuffix(" ") && !text.allSatisfy { $0 == " " })
            let body = inTable ? text.replacing("|", with: "\\|") : text
            return padded ? ticks + " " + body + " " + ticks : ticks + body + ticks
        case .htmlInline(let literal):
            return allowRawHTML ? HTMLSanitizer.sanitize(literal) : HTMLEscaping.escape(literal)
        case .emphasis:
            return "*" + inline(node.children, inTable: inTable) + "*"
        case .strong:
            return "**" + inline(node.children, inTable: inTable) + "**"
        case .strikethrough:
            return "~~" + inline(node.children, inTable: inTable) + "~~"
        case .link(let destination, let title):
            let text = inline(node.children, inTable: inTable)
            guard LinkRewriting.isSafe(destination) else { return text }
            let target = rewriteLink(destination)
            if title.isEmpty, node.children.count == 1, case .text(let shown) = node.children[0].kind,
               shown == destination || "mailto:" + shown == destination, LinkRewriting.isExternal(target) {
                return "<" + target + ">"
            }
            return "[" + text + "](" + Self.destination(target) + Self.title(title) + ")"
        case .image(let source, let title):
            let alt = inline(node.children, inTable: inTable)
            guard LinkRewriting.isSafe(source, isImage: true) else { return alt }
            return "![" + alt + "](" + Self.destination(rewriteLink(source)) + Self.title(title) + ")"
        case .inlinePlaceholder(let index):
            return inlinePlaceholder(index)
        default:
            return block(node).joined(separator: "\n")
        }
    }

    private static func destination(_ url: String) -> String {
        url.contains(where: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" })
            ? "<" + url.replacing("<", with: "%3C").replacing(">", with: "%3E") + ">" : url
    }

    private static func title(_ title: String) -> String {
        title.isEmpty ? "" : " \"" + title.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }

    /// Text escaped so that it reads back as the same text: punctuation that could start markup gets a
    /// backslash; characters that only matter at the start of a line are escaped only there.
    package static func escapeText(_ text: String, inTable: Bool, atLineStart: Bool) -> String {
        // Works on UTF-8 bytes: every character that matters here is ASCII, and walking bytes instead
        // of grapheme clusters makes the Markdown edition of a large book several times faster.
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var lineStart = atLineStart
        var onlyDigitsSoFar = true
        let backslash = UInt8(ascii: "\\")
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
                 UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "~"):
                out.append(backslash)
            case UInt8(ascii: "|") where inTable:
                out.append(backslash)
            case UInt8(ascii: "&") where index + 1 < bytes.count && Self.startsLetterOrHash(bytes, at: index + 1):
                out.append(backslash)
            case UInt8(ascii: "#"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "="):
                if lineStart { out.append(backslash) }
            case UInt8(ascii: "."), UInt8(ascii: ")"):
                // `1.` or `1)` at the start of a line would begin an ordered list.
                if atLineStart && index > 0 && onlyDigitsSoFar { out.append(backslash) }
            default:
                break
            }
            out.append(byte)
            if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { onlyDigitsSoFar = false }
            if byte != UInt8(ascii: " ") { lineStart = false }
            if byte == UInt8(ascii: "\n") { lineStart = true }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the character starting at byte `index` is a letter or `#` (after `&`, it could start an entity).
    private static func startsLetterOrHash(_ bytes: [UInt8], at index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x80 {
            return byte == UInt8(ascii: "#") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        let scalar = String(decoding: bytes[index..<min(index + length, bytes.count)], as: UTF8.self).unicodeScalars.first
        return scalar?.properties.isAlphabetic ?? false
    }
}
