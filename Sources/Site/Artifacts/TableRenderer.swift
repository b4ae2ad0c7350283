import Literate

/// Draws a block's `Table` as an HTML table and as a GFM pipe table.
///
/// Numbers are right-aligned (by the column's alignment, or when every body cell of a column reads as a
/// number); a trailing `(unit)` in a header is set apart so headers carry their units. Every cell is
/// escaped; a cell that shows a recorded value carries its provenance tooltip.
struct TableRenderer {
    /// Finds the formula and inputs of a recorded value by its name (`rows.0.bf16`).
    var provenance: (String) -> Provenance?

    func html(_ table: Table) -> String {
        let numeric = table.columns.indices.map { isNumeric(column: $0, of: table) }
        let long = table.columns.indices.map { !numeric[$0] && Self.longestText(column: $0, of: table) > Self.longTextCharacters }
        let label = table.caption.map { " aria-label=\"\(HTMLText.escape($0))\"" } ?? ""
        let wide = Self.estimatedWidthPixels(table) > Self.wideTablePixels ? " wide" : ""
        var out = "<div class=\"table-wrap\(wide)\" role=\"region\" tabindex=\"0\"\(label)><table>\n"
        if let caption = table.caption, !caption.isEmpty {
            out += "<caption>\(HTMLText.escape(caption))</caption>\n"
        }
        out += "<thead><tr>"
        for (index, column) in table.columns.enumerated() {
            out += "<th scope=\"col\"\(classes(column.alignment, numeric: numeric[index], long: long[index]))>\(header(column.title))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let column = index < table.columns.count ? table.columns[index] : Table.Column("")
                let isNumber = index < numeric.count && numeric[index]
                let tag = index == 0 && !isNumber ? "th scope=\"row\"" : "td"
                let close = index == 0 && !isNumber ? "th" : "td"
                let isLong = index < long.count && long[index]
                out += "<\(tag)\(classes(column.alignment, numeric: isNumber, long: isLong))>\(content(cell))</\(close)>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table></div>\n"
        out += "<p class=\"table-tools\"><a class=\"table-csv\" download=\"\(Self.fileName(table)).csv\" href=\"data:text/csv;charset=utf-8,"
        out += Self.percentEncoded(csv(table)) + "\">Download as CSV</a></p>\n"
        return out
    }

    /// The table as CSV (RFC 4180: a header row, fields quoted when they hold a comma, quote or line
    /// break, CRLF line ends), cells as shown; offered as a `data:` link so it downloads from file://.
    func csv(_ table: Table) -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = [table.columns.map { field($0.title) }.joined(separator: ",")]
        for row in table.rows { lines.append(row.map { field($0.text) }.joined(separator: ",")) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `Accelerators in the catalog, with prices` → `accelerators-in-the-catalog-with-prices`.
    static func fileName(_ table: Table) -> String {
        var name = ""
        for character in (table.caption ?? "").lowercased() {
            if character.isASCII, character.isLetter || character.isNumber { name.append(character) }
            else if !name.isEmpty, name.last != "-" { name.append("-") }
            if name.count >= 60 { break }
        }
        while name.last == "-" { name.removeLast() }
        return name.isEmpty ? "table" : name
    }

    /// Every byte outside the URL-unreserved set as `%XX`, so the text is safe in a quoted attribute.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Wider than this (at the site's table type, about 8 px a character) a table is marked `wide`: the
    /// stylesheet then gives it the table of contents' column too, and prints it on a landscape page.
    static let wideTablePixels = 860

    /// A deterministic guess at the table's natural width: each column as wide as its longest header or
    /// cell (headers do not wrap, numbers do not wrap) plus its padding.
    static func estimatedWidthPixels(_ table: Table) -> Int {
        table.columns.indices.reduce(0) { total, index in
            var longest = table.columns[index].title.count
            for row in table.rows where index < row.count { longest = max(longest, row[index].text.count) }
            return total + longest * 8 + 24
        }
    }

    func markdown(_ table: Table) -> String {
        var out = ""
        if let caption = table.caption, !caption.isEmpty {
            out += "*\(MarkdownText.escape(caption))*\n\n"
        }
        let numeric = table.columns.indices.map { isNumeric(column: $0, of: table) }
        out += "| " + table.columns.map { MarkdownText.escape($0.title) }.joined(separator: " | ") + " |\n"
        out += "|" + table.columns.enumerated().map { index, column in
            switch column.alignment {
            case .right: return " ---: "
            case .center: return " :---: "
            case .left: return numeric[index] ? " ---: " : " --- "
            }
        }.joined(separator: "|") + "|\n"
        for row in table.rows {
            out += "| " + row.map { MarkdownText.escape($0.text) }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    private func content(_ cell: Table.Cell) -> String {
        if let name = cell.valueName, let provenance = provenance(name) {
            return provenance.html(showing: cell.text)
        }
        return HTMLText.escape(cell.text)
    }

    /// `Weights (GB)` → `Weights <span class="unit">(GB)</span>`.
    private func header(_ title: String) -> String {
        guard title.hasSuffix(")"), let open = title.lastIndex(of: "("), open > title.startIndex else {
            return HTMLText.escape(title)
        }
        let name = title[..<open].trimmingTrailingSpaces
        return "\(HTMLText.escape(String(name))) <span class=\"unit\">\(HTMLText.escape(String(title[open...])))</span>"
    }

    /// A text column with cells longer than this (a formula, a note) is marked `long`: the stylesheet
    /// gives it a wider minimum, so a formula wraps into two or three lines, not six.
    static let longTextCharacters = 48

    private static func longestText(column: Int, of table: Table) -> Int {
        table.rows.reduce(0) { column < $1.count ? max($0, $1[column].text.count) : $0 }
    }

    private func classes(_ alignment: Table.Alignment, numeric: Bool, long: Bool) -> String {
        var names: [String] = []
        switch alignment {
        case .right: names.append("num")
        case .center: names.append("center")
        case .left: if numeric { names.append("num") }
        }
        if long { names.append("long") }
        return names.isEmpty ? "" : " class=\"\(names.joined(separator: " "))\""
    }

    /// `2026-11-29…`: a date is text (left-aligned, free to wrap), not a number.
    private static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(10))
        return bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
            && bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (0x30...0x39).contains($0.element) }
    }

    /// True when every non-empty body cell of the column reads as a number (`141.1 GB`, `$3.90`, `-2%`).
    private func isNumeric(column: Int, of table: Table) -> Bool {
        var seen = false
        for row in table.rows where column < row.count {
            let text = row[column].text
            if text.isEmpty || text == "—" || text == "-" { continue }
            guard let first = text.unicodeScalars.first(where: { $0 != "$" && $0 != "-" && $0 != "−" && $0 != "~" && $0 != "≈" }),
                  ("0"..."9").contains(first), !Self.isDate(text) else { return false }
            seen = true
        }
        return seen
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return self[startIndex..<end]
    }
}
