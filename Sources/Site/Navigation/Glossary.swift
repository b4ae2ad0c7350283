import MarkdownKit

/// The glossary: terms defined on `glossary.md` (each a `###` heading whose first paragraph is the
/// definition), linked at their first use on every other page.
///
/// A use is a whole-word, case-insensitive match (a plural `s` is allowed), never inside a heading,
/// a link, an image or code. A heading `Time to first token (TTFT)` defines both `Time to first token`
/// and `TTFT`. The link carries the definition as a tooltip that needs no JavaScript.
struct Glossary: Sendable {
    /// The page that defines the terms.
    static let pagePath = "glossary.md"

    struct Term: Sendable {
        var name: String
        var anchor: String
        var definition: String
        /// The name split into lower-case words, for matching.
        var words: [String]
    }

    let terms: [Term]
    /// Term indices by their first word.
    private let byFirstWord: [String: [Int]]
    /// For each first byte and byte length (capped at 63), whether a term's first word (or that word
    /// with a plural `s`) has that shape: most words of a page are rejected here without building a
    /// string or hashing one.
    private let firstWordShapes: [Bool]

    init(terms: [Term]) {
        self.terms = terms
        var index: [String: [Int]] = [:]
        for (position, term) in terms.enumerated() where !term.words.isEmpty {
            index[term.words[0], default: []].append(position)
        }
        // Longer names first, so "KV cache quantization" wins over "KV cache".
        self.byFirstWord = index.mapValues { $0.sorted { terms[$0].words.count > terms[$1].words.count } }
        var shapes = Array(repeating: false, count: 256 * 64)
        for word in index.keys {
            guard let first = word.utf8.first else { continue }
            for length in [word.utf8.count, word.utf8.count + 1] { shapes[Self.shape(first: first, length: length)] = true }
        }
        self.firstWordShapes = shapes
    }

    private static func shape(first: UInt8, length: Int) -> Int { Int(first) * 64 + min(length, 63) }

    /// Reads the terms from the glossary page's tree; `anchors` are its headings' ids in order.
    init(glossaryTree tree: MarkdownNode, anchors: [HeadingAnchor]) {
        var terms: [Term] = []
        var headingIndex = 0
        var pending: (name: String, anchor: String)?
        for node in tree.children {
            if case .heading(let level) = node.kind {
                let anchor = headingIndex < anchors.count ? anchors[headingIndex].slug : HeadingAnchors.slug(node.plainText)
                headingIndex += 1
                pending = level == 3 ? (node.plainText.trimmingCharacters(in: " "), anchor) : nil
            } else if case .paragraph = node.kind, let term = pending {
                let definition = node.plainText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                for name in Self.names(term.name) {
                    terms.append(Term(name: name, anchor: term.anchor, definition: definition, words: Self.words(name)))
                }
                pending = nil
            }
        }
        self.init(terms: terms)
    }

    /// `Time to first token (TTFT)` → [`Time to first token`, `TTFT`].
    static func names(_ heading: String) -> [String] {
        guard heading.hasSuffix(")"), let open = heading.lastIndex(of: "(") else { return [heading] }
        let main = heading[..<open].trimmingCharacters(in: " ")
        let alias = heading[heading.index(after: open)..<heading.index(before: heading.endIndex)].trimmingCharacters(in: " ")
        return [main, alias].filter { !$0.isEmpty }
    }

    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(contentsOf: lowercased(scalar))
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// A use of a term found in the page: the placeholder index it was given and the term.
    struct Use: Sendable {
        var term: Term
        var shown: String
    }

    /// `tree` with the first use of each term replaced by `inlinePlaceholder(firstIndex + k)`, and the
    /// uses in `k` order.
    func link(_ tree: MarkdownNode, firstIndex: Int) -> (MarkdownNode, [Use]) {
        guard !terms.isEmpty else { return (tree, []) }
        var used = Set<String>()
        var uses: [Use] = []
        func visit(_ node: MarkdownNode) -> MarkdownNode {
            switch node.kind {
            case .heading, .link, .image, .code, .codeBlock, .htmlBlock, .htmlInline, .blockPlaceholder, .inlinePlaceholder:
                return node
            default:
                break
            }
            var copy = node
            var children: [MarkdownNode] = []
            children.reserveCapacity(node.children.count)
            for child in node.children {
                if case .text(let text) = child.kind {
                    children += split(text, range: child.range, used: &used, uses: &uses, firstIndex: firstIndex)
                } else {
                    children.append(visit(child))
                }
            }
            copy.children = children
            return copy
        }
        return (visit(tree), uses)
    }

    /// The text node as pieces: plain text and placeholders for first uses of terms. Works on UTF-8
    /// bytes: ASCII letters and digits directly, other characters decoded only where they occur.
    private func split(_ text: String, range: SourceRange, used: inout Set<String>, uses: inout [Use], firstIndex: Int) -> [MarkdownNode] {
        let bytes = Array(text.utf8)
        // Word spans: start and end byte offsets of runs of letters and digits, with their lower-case text.
        // Each word's lower-case bytes are `lowered[span.lower]`; its string is made only when needed.
        var spans: [(start: Int, end: Int, lower: Range<Int>)] = []
        var index = 0
        var word: [UInt8] = []
        while index < bytes.count {
            let (isWord, length) = Self.wordCharacter(at: index, in: bytes)
            guard isWord else { index += length; continue }
            let start = index
            let lowerStart = word.count
            while index < bytes.count {
                let (isWord, length) = Self.wordCharacter(at: index, in: bytes)
                guard isWord else { break }
                if length == 1 {
                    let byte = bytes[index]
                    word.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                } else {
                    word += String(decoding: bytes[index..<(index + length)], as: UTF8.self).lowercased().utf8
                }
                index += length
            }
            spans.append((start, index, lowerStart..<word.count))
        }
        let lowered = word
        var words: [Int: String] = [:]
        func wordText(_ spanIndex: Int) -> String {
            if let known = words[spanIndex] { return known }
            let text = String(decoding: lowered[spans[spanIndex].lower], as: UTF8.self)
            words[spanIndex] = text
            return text
        }
        var pieces: [MarkdownNode] = []
        var copiedUpTo = 0
        var spanIndex = 0
        func slice(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }
        while spanIndex < spans.count {
            let lower = spans[spanIndex].lower
            guard !lower.isEmpty, firstWordShapes[Self.shape(first: lowered[lower.lowerBound], length: lower.count)] else { spanIndex += 1; continue }
            let first = wordText(spanIndex)
            var matched: (term: Term, spanCount: Int, end: Int)?
            for candidate in byFirstWord[first] ?? byFirstWord[Self.singular(first)] ?? [] where !used.contains(terms[candidate].anchor) {
                if let end = match(terms[candidate], spans: spans, from: spanIndex, bytes: bytes, word: wordText) {
                    matched = (terms[candidate], terms[candidate].words.count, end)
                    break
                }
            }
            guard let found = matched, !Self.joinedByHyphen(bytes, start: spans[spanIndex].start, end: found.end) else {
                spanIndex += 1
                continue
            }
            let start = spans[spanIndex].start
            if start > copiedUpTo {
                pieces.append(MarkdownNode(.text(slice(copiedUpTo, start)), range: range))
            }
            pieces.append(MarkdownNode(.inlinePlaceholder(firstIndex + uses.count), range: range))
            uses.append(Use(term: found.term, shown: slice(start, found.end)))
            used.insert(found.term.anchor)
            copiedUpTo = found.end
            spanIndex += found.spanCount
        }
        if copiedUpTo == 0 { return [MarkdownNode(.text(text), range: range)] }
        if copiedUpTo < bytes.count {
            pieces.append(MarkdownNode(.text(slice(copiedUpTo, bytes.count)), range: range))
        }
        return pieces
    }

    /// The end offset of `term` matched at word `from`, or nil. Words must be separated by spaces or
    /// hyphens only; the last word may carry a plural `s` or `es`.
    private func match(_ term: Term, spans: [(start: Int, end: Int, lower: Range<Int>)], from: Int, bytes: [UInt8],
                       word wordText: (Int) -> String) -> Int? {
        guard from + term.words.count <= spans.count else { return nil }
        for (offset, word) in term.words.enumerated() {
            let span = spans[from + offset]
            let spanWord = wordText(from + offset)
            let isLast = offset == term.words.count - 1
            guard spanWord == word || (isLast && (spanWord == word + "s" || spanWord == word + "es")) else { return nil }
            if offset > 0 {
                let gap = bytes[spans[from + offset - 1].end..<span.start]
                guard !gap.isEmpty, gap.count <= 2, gap.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }) else { return nil }
            }
        }
        return spans[from + term.words.count - 1].end
    }

    /// Whether the match `start..<end` is only part of a hyphenated word ("tensor" in "tensor-parallel",
    /// "cache" in "KV-cache-aware"): a hyphen with a letter or digit beyond it on either side.
    private static func joinedByHyphen(_ bytes: [UInt8], start: Int, end: Int) -> Bool {
        let hyphen = UInt8(ascii: "-")
        if start >= 2, bytes[start - 1] == hyphen, wordCharacter(endingBefore: start - 1, in: bytes) { return true }
        if end + 1 < bytes.count, bytes[end] == hyphen, wordCharacter(at: end + 1, in: bytes).0 { return true }
        return false
    }

    /// Whether the character that ends just before byte `index` is a letter or digit.
    private static func wordCharacter(endingBefore index: Int, in bytes: [UInt8]) -> Bool {
        var start = index - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return wordCharacter(at: start, in: bytes).0
    }

    /// Whether the character starting at byte `index` is a letter or digit, and its length in bytes.
    private static func wordCharacter(at index: Int, in bytes: [UInt8]) -> (Bool, Int) {
        let byte = bytes[index]
        if byte < 0x80 {
            return ((byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39), 1)
        }
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        let end = min(index + length, bytes.count)
        let scalar = String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars.first
        return (scalar.map(isWordScalar) ?? false, end - index)
    }

    /// Letters and digits make words (the same rule as `words(_:)`), with a fast path for ASCII.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static func lowercased(_ scalar: Unicode.Scalar) -> String.UnicodeScalarView {
        if scalar.isASCII {
            let value = scalar.value
            return String.UnicodeScalarView(CollectionOfOne(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(value + 0x20)! : scalar))
        }
        return scalar.properties.lowercaseMapping.unicodeScalars
    }

    private static func singular(_ word: String) -> String {
        word.hasSuffix("s") ? String(word.dropLast()) : word
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var start = startIndex, end = endIndex
        while start < end, self[start] == set { start = index(after: start) }
        while end > start, self[index(before: end)] == set { end = index(before: end) }
        return String(self[start..<end])
    }
}
