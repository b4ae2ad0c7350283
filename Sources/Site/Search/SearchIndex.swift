import Basics
/// The site's search index, built at build time and written as `search-index.js`.
///
/// The file assigns one global (`window.INFRABOOK_SEARCH`) and is loaded with a plain `<script src>`,
/// so search works from `file://` with no `fetch()`, no modules and no network. Terms map to pages with
/// weights: a word in the title weighs more than one in a heading, which weighs more than body text.
/// `query(_:)` ranks exactly as `search.js` does in the browser, so the ranking rules are testable here.
package struct SearchIndex: Sendable {
    /// One page as search sees it.
    package struct Document: Sendable {
        /// The page's file relative to the site root (`sizing/memory.html`).
        package var href: String
        package var title: String
        package var headings: [String]
        /// The page's text without markup, used for body weights and result snippets.
        package var text: String
        /// Where each heading starts in `text` (UTF-16 offsets, as JavaScript counts) and its anchor,
        /// so a result links to the section that holds the match.
        package var sections: [(offset: Int, anchor: String)]

        package init(href: String, title: String, headings: [String], text: String, sections: [(offset: Int, anchor: String)] = []) {
            self.href = href
            self.title = title
            self.headings = headings
            self.text = text
            self.sections = sections
        }
    }

    /// One ranked result.
    package struct Hit: Sendable, Equatable {
        package var href: String
        package var score: Double
    }

    /// Weight of one occurrence in a title, a heading, the body; body occurrences are capped so that a
    /// long page mentioning a word often never outranks a page named after it.
    package static let titleWeight = 10, headingWeight = 4, bodyWeightCap = 5
    /// A prefix match (`quant` for `quantization`) counts this fraction of an exact match.
    package static let prefixFactor = 0.5

    package let documents: [Document]
    /// Terms in UTF-16 order (JavaScript's string order), so the browser can binary-search prefixes.
    package let terms: [String]
    /// For each term, (document index, weight) pairs in document order.
    package let postings: [[(document: Int, weight: Int)]]

    package init(documents: [Document]) {
        self.documents = documents
        // Each document's term weights on its own core, merged in document order.
        let perDocument = Parallel.map(documents) { document -> [String: Int] in
            var page: [String: (title: Int, heading: Int, body: Int)] = [:]
            for token in Self.tokens(document.title) { page[token, default: (0, 0, 0)].title += 1 }
            for heading in document.headings {
                for token in Self.tokens(heading) { page[token, default: (0, 0, 0)].heading += 1 }
            }
            for token in Self.tokens(document.text) { page[token, default: (0, 0, 0)].body += 1 }
            return page.mapValues { count in
                (count.title > 0 ? Self.titleWeight : 0) + (count.heading > 0 ? Self.headingWeight : 0) + min(count.body, Self.bodyWeightCap)
            }
        }
        var weights: [String: [(Int, Int)]] = [:]
        for (index, page) in perDocument.enumerated() {
            for (token, weight) in page { weights[token, default: []].append((index, weight)) }
        }
        let sorted = weights.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        terms = sorted
        postings = sorted.map { term in weights[term]!.map { (document: $0.0, weight: $0.1) } }
    }

    /// Ranks pages for `query`: every query word must match a term exactly or as a prefix; a page's score
    /// is the sum, over query words, of its best matching term's weight (prefix matches count half).
    /// Ties keep page order.
    package func query(_ query: String) -> [Hit] {
        let words = Self.tokens(query)
        guard !words.isEmpty else { return [] }
        var total: [Int: Double] = [:]
        for (position, word) in words.enumerated() {
            var best: [Int: Double] = [:]
            var index = lowerBound(word)
            while index < terms.count, terms[index].hasPrefix(word) {
                let factor = terms[index] == word ? 1 : Self.prefixFactor
                for posting in postings[index] {
                    best[posting.document] = max(best[posting.document] ?? 0, Double(posting.weight) * factor)
                }
                index += 1
            }
            if position == 0 {
                total = best
            } else {
                total = total.filter { best[$0.key] != nil }.reduce(into: [:]) { $0[$1.key] = $1.value + best[$1.key]! }
            }
        }
        return total.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { Hit(href: documents[$0.key].href, score: $0.value) }
    }

    private func lowerBound(_ word: String) -> Int {
        var low = 0, high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle].utf16.lexicographicallyPrecedes(word.utf16) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Lower-cased words of letters and digits; `h100-sxm` gives `h100` and `sxm`. Words of one letter
    /// and a few very common English words are left out to keep the index small.
    package static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        // The word so far as UTF-8 bytes, and how many scalars it holds.
        var current: [UInt8] = []
        var scalarCount = 0
        var hasDigit = false
        func flush() {
            if scalarCount > 1 || hasDigit {
                let word = String(decoding: current, as: UTF8.self)
                if !stopWords.contains(word) { result.append(word) }
            }
            current.removeAll(keepingCapacity: true)
            scalarCount = 0
            hasDigit = false
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = UInt8(scalar.value)
                if value >= 0x61 && value <= 0x7A {
                    current.append(value)
                    scalarCount += 1
                } else if value >= 0x41 && value <= 0x5A {
                    current.append(value + 0x20)
                    scalarCount += 1
                } else if value >= 0x30 && value <= 0x39 {
                    current.append(value)
                    scalarCount += 1
                    hasDigit = true
                } else if scalarCount > 0 {
                    flush()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    current.append(contentsOf: UTF8.encode(lower)!)
                    scalarCount += 1
                }
                if scalar.properties.numericType != nil { hasDigit = true }
            } else if scalarCount > 0 {
                flush()
            }
        }
        if scalarCount > 0 { flush() }
        return result
    }

    private static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
        "that", "the", "this", "to", "with",
    ]

    /// The JavaScript file: `window.INFRABOOK_SEARCH = {pages: [[href, title, text]...], terms: [...],
    /// postings: [[document, weight, document, weight...]...]};` Deterministic for a given input.
    package func javaScript() -> String {
        var out = "/* Generated by infrabook build: the search index. */\nwindow.INFRABOOK_SEARCH = {\"titleWeight\":\(Self.titleWeight),\"prefixFactor\":\(Self.prefixFactor),\n\"pages\":["
        // Encoding every page's text is most of the work: done on every core, joined in order.
        out += Parallel.map(documents) { document in
            "[" + JSONText.string(document.href) + "," + JSONText.string(document.title) + "," + JSONText.string(document.text) + ",["
                + document.sections.map { "[\($0.offset)," + JSONText.string($0.anchor) + "]" }.joined(separator: ",") + "]]"
        }.joined(separator: ",\n")
        out += "],\n\"terms\":["
        out += terms.map(JSONText.string).joined(separator: ",")
        out += "],\n\"postings\":["
        out += postings.map { list in "[" + list.map { "\($0.document),\($0.weight)" }.joined(separator: ",") + "]" }.joined(separator: ",")
        return out + "]};\n"
    }
}
