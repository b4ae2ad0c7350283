/// The source text split into lines, for turning cmark's byte columns into character columns and for
/// correcting the columns cmark reports for inline code spans.
///
/// cmark-gfm 0.29 counts columns in UTF-8 bytes, and for a code span on a paragraph's continuation
/// line it forgets the indentation it stripped, so `   more `x`` reports the span three columns early.
/// Diagnostics inside inline expressions must point at the exact character, so code spans are
/// located again in the source line here. Pure Swift; knows nothing about C.
struct SourceLines {
    /// The whole text's bytes, and where each line starts and ends in them (line feeds excluded).
    private let bytes: [UInt8]
    private let lines: [Range<Int>]
    /// The offsets of every UTF-8 continuation byte (10xxxxxx), in order: a column is found by binary
    /// search instead of by counting along the line, so a page of one 50 MB line, whose thousands of
    /// nodes each need a column, costs no more than a page of short lines.
    private let continuationBytes: [Int]

    init(_ text: String) {
        let bytes = Array(text.utf8)
        var lines: [Range<Int>] = []
        var continuationBytes: [Int] = []
        var start = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                lines.append(start..<index)
                start = index + 1
            } else if byte & 0xC0 == 0x80 {
                continuationBytes.append(index)
            }
        }
        lines.append(start..<bytes.count)
        self.bytes = bytes
        self.lines = lines
        self.continuationBytes = continuationBytes
    }

    /// The 1-based character column of the byte at 1-based `byteColumn` on `line` (or of the character
    /// containing it). Out-of-range input comes back unchanged.
    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard line >= 1, line <= lines.count, byteColumn >= 1 else { return byteColumn }
        let range = lines[line - 1]
        let upTo = min(byteColumn, range.count)
        // Characters start at every byte but UTF-8 continuation bytes.
        let continuations = Self.count(continuationBytes, below: range.lowerBound + upTo) - Self.count(continuationBytes, below: range.lowerBound)
        let starts = upTo - continuations
        return byteColumn > range.count ? starts + (byteColumn - range.count) : starts
    }

    /// How many of the sorted `offsets` are below `limit`.
    private static func count(_ offsets: [Int], below limit: Int) -> Int {
        var low = 0, high = offsets.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] < limit { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The characters of `line` (1-based), or nil when there is no such line.
    func characters(ofLine line: Int) -> [Character]? {
        guard line >= 1, line <= lines.count else { return nil }
        return Array(String(decoding: bytes[lines[line - 1]], as: UTF8.self))
    }

    /// `node` with its range moved onto where its content really starts, when it is a code span.
    func correctingCodeSpan(_ node: MarkdownNode) -> MarkdownNode {
        guard case .code(let literal) = node.kind, !literal.isEmpty,
              let line = characters(ofLine: node.range.start.line) else { return node }
        let reported = node.range.start.column
        let wanted = Array(literal)
        // How many source characters from `column` spell the content (a table cell writes `|` as
        // `\|`), or nil when the content does not start there. Only this line can be compared.
        func match(at column: Int) -> Int? {
            var index = column - 1
            guard index >= 0, index < line.count else { return nil }
            var before = index - 1
            if before >= 0, line[before] == " " { before -= 1 }
            guard before >= 0, line[before] == "`" else { return nil }
            let start = index
            var offset = 0
            while offset < wanted.count, index < line.count {
                if line[index] == "\\", wanted[offset] == "|", index + 1 < line.count, line[index + 1] == "|" {
                    index += 2
                } else if line[index] == wanted[offset] {
                    index += 1
                } else {
                    return nil
                }
                offset += 1
            }
            return index - start
        }
        var column = reported
        var length = match(at: reported)
        if length == nil {
            let candidates = (1...max(1, line.count)).filter { match(at: $0) != nil }
            guard let best = candidates.first(where: { $0 >= reported }) ?? candidates.last else { return node }
            column = best
            length = match(at: best)
        }
        var fixed = node
        fixed.range.start.column = column
        if node.range.end.line == node.range.start.line {
            fixed.range.end.column = column + (length ?? wanted.count) - 1
        }
        return fixed
    }
}
