/// The source text split into lines, for turning cmark's byte columns into character columns and for
/// correcting the columns cmark reports for inline code spans.
///
/// cmark-gfm 0.29 counts columns in UTF-8 bytes, and for a code span on a paragraph's continuation
/// line it forgets the indentation it stripped, so `   more `x`` reports the span three columns early.
/// Diagnostics inside inline expressions must point at the exact character, so code spans are
/// located again in the source line here. Pure Swift; knows nothing about C.
struct SourceLines {
    private let lines: [[UInt8]]

    init(_ text: String) {
        lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    }

    /// The 1-based character column of the byte at 1-based `byteColumn` on `line` (or of the character
    /// containing it). Out-of-range input comes back unchanged.
    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard line >= 1, line <= lines.count, byteColumn >= 1 else { return byteColumn }
        let bytes = lines[line - 1]
        let upTo = min(byteColumn, bytes.count)
        // Count the bytes that start a character (everything but UTF-8 continuation bytes 10xxxxxx).
        let starts = bytes[0..<upTo].reduce(0) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) }
        return byteColumn > bytes.count ? starts + (byteColumn - bytes.count) : starts
    }

    /// The characters of `line` (1-based), or nil when there is no such line.
    func characters(ofLine line: Int) -> [Character]? {
        guard line >= 1, line <= lines.count else { return nil }
        return Array(String(decoding: lines[line - 1], as: UTF8.self))
    }

    /// `node` with its range moved onto where its content really starts, when it is a code span.
    func correctingCodeSpan(_ node: MarkdownNode) -> MarkdownNode {
        guard case .code(let literal) = node.kind, !literal.isEmpty,
              let line = characters(ofLine: node.range.start.line) else { return node }
        let reported = node.range.start.column
        let wanted = Array(literal)
        func matches(at column: Int) -> Bool {
            let index = column - 1
            guard index >= 0, index < line.count else { return false }
            // The span may continue on the next line; only the part on this line can be compared.
            let available = min(wanted.count, line.count - index)
            for offset in 0..<available where line[index + offset] != wanted[offset] { return false }
            // A span's content is preceded by its backticks, possibly with one padding space.
            var before = index - 1
            if before >= 0, line[before] == " " { before -= 1 }
            return before >= 0 && line[before] == "`"
        }
        var column = reported
        if !matches(at: reported) {
            let candidates = (1...max(1, line.count)).filter(matches)
            guard let best = candidates.first(where: { $0 >= reported }) ?? candidates.last else { return node }
            column = best
        }
        var fixed = node
        fixed.range.start.column = column
        if node.range.end.line == node.range.start.line {
            fixed.range.end.column = column + wanted.count - 1
        }
        return fixed
    }
}
