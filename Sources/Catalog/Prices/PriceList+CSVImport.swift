import Basics

/// Merging a spreadsheet of prices (CSV) into a `PriceList`, and saying what moved.
///
/// Columns, by header name, in any order (documented in the README under "Prices"):
/// `kind` (`gpu_hourly`, `purchase` or `operations`), `id` (GPU id, system id, or operations key),
/// `tier` (for `gpu_hourly` only), `price` (USD; for operations, the value), `source` (an id under
/// `sources`), `date` (optional, `YYYY-MM-DD`), and optionally `source_title` and `source_url` to add a
/// source the file does not list yet, and `note`. Rows that start with `#` and blank rows are skipped.
/// Every bad cell is reported at `path:line:column`; nothing is merged unless every row is good.
///
/// Refused, each at its cell, because each would import a wrong price: a price that is not a plain
/// decimal (`"2,49"` is not 249), a column named twice, two rows for the same price, a date after
/// `today`, a quote never closed or stray in a cell, and control characters. A new price outside the
/// entry's own `range` draws a warning (carried by its `PriceChange`).
extension PriceList {
    /// The CSV columns `merge(csv:file:)` understands.
    package static let csvColumns = ["kind", "id", "tier", "price", "source", "date", "source_title", "source_url", "note"]
    static let requiredCSVColumns = ["kind", "id", "price"]

    /// Merges the rows of `csv` (the text of the file named `file`) into this list and returns each
    /// change, old → new, in row order. Rows that restate a price already in the file change nothing
    /// and are not listed. `as_of` moves to the latest row date when that is later; a row dated after
    /// `today` (`YYYY-MM-DD`) is refused.
    @discardableResult
    package mutating func merge(csv text: String, file: String, today: String) throws(Diagnostics) -> [PriceChange] {
        // Spreadsheets often save "UTF-8 CSV" with a byte-order mark; it is not part of the first column's name.
        let body = text.withUnixLineEndings
        let rows = try CSVTable.parse(body.hasPrefix("\u{FEFF}") ? String(body.dropFirst()) : body, file: file)
        guard let header = rows.first else {
            throw Diagnostics(.error(at: SourceLocation(file: file, line: 1, column: 1),
                                     "the CSV file is empty; expected a header row such as kind,id,tier,price,source,date"))
        }
        var problems: [Diagnostic] = []
        var columns: [String: Int] = [:]
        for (index, cell) in header.cells.enumerated() {
            let name = cell.text.trimmingCharacters(in: " ").lowercased()
            guard Self.csvColumns.contains(name) else {
                problems.append(.error(at: cell.location, "unknown CSV column '\(cell.text)'" + NearestNames.hint(name, among: Self.csvColumns)))
                continue
            }
            if let first = columns[name] {
                problems.append(.error(at: cell.location, "the column '\(name)' is named twice (first as column \(first + 1)); "
                                       + "which one holds the figure is unclear, so keep one"))
                continue
            }
            columns[name] = index
        }
        for required in Self.requiredCSVColumns where columns[required] == nil {
            problems.append(.error(at: header.location, "the CSV header has no '\(required)' column; expected kind,id,tier,price,source,date"))
        }
        if problems.hasErrors { throw Diagnostics(problems) }

        var merged = self
        var changes: [PriceChange] = []
        // The price each row sets (kind, id, tier), and the line of the first row that set it.
        var firstRow: [String: Int] = [:]
        for row in rows.dropFirst() {
            func cell(_ name: String) -> CSVTable.Cell? {
                guard let index = columns[name], index < row.cells.count else { return nil }
                let cell = row.cells[index]
                return cell.text.trimmingCharacters(in: " ").isEmpty ? nil : cell
            }
            let key = ["kind", "id", "tier"].map { cell($0)?.text.trimmingCharacters(in: " ") ?? "" }
            if let first = firstRow[key.joined(separator: "|")] {
                let what = key.filter { !$0.isEmpty }.joined(separator: " ")
                problems.append(.error(at: row.location, "a second row for \(what) (the first is on line \(first)); keep one, "
                                       + "or both would be applied in turn"))
                continue
            }
            firstRow[key.joined(separator: "|")] = row.location.line
            do {
                if let change = try merged.apply(row: row, cell: cell, today: today) { changes.append(change) }
            } catch {
                problems += error.items
            }
        }
        if problems.hasErrors { throw Diagnostics(problems) }
        self = merged
        return changes
    }

    /// Applies one row; returns the change, or nil when the row restates what the file says.
    private mutating func apply(row: CSVTable.Row, cell: (String) -> CSVTable.Cell?, today: String) throws(Diagnostics) -> PriceChange? {
        var problems: [Diagnostic] = []
        func text(_ name: String) -> String? { cell(name).map { $0.text.trimmingCharacters(in: " ") } }
        let kinds = ["gpu_hourly", "purchase", "operations"]
        guard let kindCell = cell("kind"), let idCell = cell("id"), let priceCell = cell("price") else {
            throw Diagnostics(.error(at: row.location, "each row needs kind, id and price"))
        }
        let kind = kindCell.text.trimmingCharacters(in: " ")
        let id = idCell.text.trimmingCharacters(in: " ")
        guard kinds.contains(kind) else {
            throw Diagnostics(.error(at: kindCell.location, "unknown kind '\(kind)'" + NearestNames.hint(kind, among: kinds)))
        }
        guard let amount = CSVTable.plainDecimal(priceCell.text) else {
            throw Diagnostics(.error(at: priceCell.location, "expected a plain decimal number in 'price' (2.49, 450000), found '\(priceCell.text)'; "
                                     + "write no thousands separators, and a '.' before the cents"))
        }
        if kind != "operations", let problem = PriceList.priceProblem(amount) {
            problems.append(.error(at: priceCell.location, "a price \(problem), found '\(priceCell.text)'"))
        }
        var date: String?
        if let dateCell = cell("date") {
            let value = dateCell.text.trimmingCharacters(in: " ")
            if CalendarDay.number(value) == nil {
                problems.append(.error(at: dateCell.location, "expected a date written YYYY-MM-DD, found '\(value)'" + CalendarDay.whyNot(value)))
            } else if let ahead = CalendarDay.days(from: today, to: value), ahead > 0 {
                problems.append(.error(at: dateCell.location, "the date \(value) is after today (\(today)); a price holds from a day that has come"))
            } else {
                date = value
            }
        }
        let source = text("source")
        if let source, self.source(source) == nil {
            if let title = text("source_title"), let url = text("source_url"), let retrieved = date ?? Optional(asOf) {
                sources.append(PriceSource(id: source, title: title, url: url, retrieved: retrieved))
            } else if let sourceCell = cell("source") {
                problems.append(.error(at: sourceCell.location, "unknown source '\(source)'; list it under 'sources' in the prices file or give source_title and source_url"
                    + NearestNames.hint(source, among: sources.map(\.id))))
            }
        } else if source == nil, kind != "operations" {
            problems.append(.error(at: row.location, "the row names no source; every price needs one"))
        }
        let tierText = text("tier")
        if kind != "gpu_hourly", let tierText, let tierCell = cell("tier") {
            problems.append(.error(at: tierCell.location, "'tier' applies to gpu_hourly rows only, found '\(tierText)' on a \(kind) row"))
        }
        if problems.hasErrors { throw Diagnostics(problems) }
        let note = text("note")

        switch kind {
        case "gpu_hourly":
            let tierNames = PricingTier.allCases.map(\.rawValue)
            guard let tierText, let tier = PricingTier(rawValue: tierText) else {
                let at = cell("tier")?.location ?? row.location
                throw Diagnostics(.error(at: at, "a gpu_hourly row needs a tier: " + tierNames.joined(separator: ", ")
                    + (tierText.map { " (found '\($0)'" + NearestNames.hint($0, among: tierNames) + ")" } ?? "")))
            }
            var entry = gpu(id) ?? GPUHourlyPrice(gpu: id, source: source, location: idCell.location)
            let old = entry.tiers[tier]
            let warning = Self.outsideRange(amount, old?.rangeUSD, at: priceCell.location)
            if old?.amountUSD == amount, source == nil || entry.sourceID(for: tier) == source, date == nil || old?.date == date { return nil }
            var quote = QuotedPrice(amountUSD: amount, location: priceCell.location)
            quote.source = source == entry.source ? nil : source
            quote.date = date
            quote.note = note
            let unavailable = entry.unavailable
            entry.unavailable = nil
            entry.tiers[tier] = quote
            if let index = gpuHourly.firstIndex(where: { $0.gpu == id }) { gpuHourly[index] = entry } else { gpuHourly.append(entry) }
            bumpAsOf(date)
            return PriceChange(path: "gpu_hourly.\(id).\(tier.rawValue)", oldUSD: old?.amountUSD, newUSD: amount, source: source,
                               remark: unavailable.map { _ in "was marked unavailable" }, warning: warning)
        case "purchase":
            let old = system(id)
            let warning = Self.outsideRange(amount, old?.quote.rangeUSD, at: priceCell.location)
            if old?.priceUSD == amount, old?.sourceID == source, date == nil || old?.quote.date == date { return nil }
            let entry = SystemPurchasePrice(system: id, quote: QuotedPrice(amountUSD: amount, source: source, date: date, note: note,
                                                                           location: priceCell.location),
                                            location: old?.location ?? idCell.location)
            if let index = purchase.firstIndex(where: { $0.system == id }) { purchase[index] = entry } else { purchase.append(entry) }
            bumpAsOf(date)
            return PriceChange(path: "purchase.\(id)", oldUSD: old?.priceUSD, newUSD: amount, source: source, warning: warning)
        default:
            let keys = OperatingAssumptions.keys
            guard let path = keys.first(where: { $0.key == id })?.path else {
                throw Diagnostics(.error(at: idCell.location, "unknown operations key '\(id)'" + NearestNames.hint(id, among: keys.map(\.key))))
            }
            if let problem = PriceReader.operationProblem(id, amount) {
                throw Diagnostics(.error(at: priceCell.location, problem))
            }
            let old = operations[keyPath: path]
            if old.value == amount, source == nil || old.source == source { return nil }
            operations[keyPath: path] = SourcedValue(amount, source: source ?? old.source, note: note, location: priceCell.location)
            bumpAsOf(date)
            return PriceChange(path: "operations.\(id)", oldUSD: old.value, newUSD: amount, source: source)
        }
    }

    /// A warning when `amount` falls outside the range the entry gave for the price it replaces.
    private static func outsideRange(_ amount: Double, _ range: ClosedRange<Double>?, at location: SourceLocation) -> Diagnostic? {
        guard let range, !range.contains(amount) else { return nil }
        return .warning(at: location, "\(YAMLText.number(amount)) is outside the range [\(YAMLText.number(range.lowerBound)), "
                        + "\(YAMLText.number(range.upperBound))] the prices file gave for this price; check the figure")
    }

    private mutating func bumpAsOf(_ date: String?) {
        if let date, let later = CalendarDay.days(from: asOf, to: date), later > 0 { asOf = date }
    }
}

/// One price an import moved: where, from what, to what.
package struct PriceChange: Sendable, Equatable, CustomStringConvertible {
    /// `gpu_hourly.h100-sxm.on_demand`, `purchase.dgx-h200`, `operations.pue`.
    package var path: String
    /// The figure before the import; nil when the row added it.
    package var oldUSD: Double?
    package var newUSD: Double
    package var source: String?
    package var remark: String?
    /// At the CSV cell, when the new figure is suspect (outside the entry's own `range`).
    package var warning: Diagnostic?

    package init(path: String, oldUSD: Double?, newUSD: Double, source: String?, remark: String? = nil, warning: Diagnostic? = nil) {
        self.path = path
        self.oldUSD = oldUSD
        self.newUSD = newUSD
        self.source = source
        self.remark = remark
        self.warning = warning
    }

    /// `gpu_hourly.h100-sxm.on_demand: 2.99 → 2.49 (source lambda-2026-11)` or `... : added 2.49`.
    package var description: String {
        let move = oldUSD.map { "\(YAMLText.number($0)) → \(YAMLText.number(newUSD))" } ?? "added \(YAMLText.number(newUSD))"
        var extras: [String] = []
        if let source { extras.append("source \(source)") }
        if let remark { extras.append(remark) }
        return "\(path): \(move)" + (extras.isEmpty ? "" : " (" + extras.joined(separator: "; ") + ")")
    }
}

/// A strict RFC 4180 reader that remembers where each cell starts. Hand-written because neither
/// SwiftCSV nor CSV.swift reports the line and column of a cell or of a malformed quote, and every
/// error here must point at one.
enum CSVTable {
    struct Cell {
        var text: String
        var location: SourceLocation
    }

    struct Row {
        var cells: [Cell]
        var location: SourceLocation
    }

    /// Rows of `text` (line feeds only); quoted cells may hold commas, doubled quotes and line breaks.
    /// Blank rows and rows whose first cell starts with `#` are dropped. Refused, at the character: a
    /// quote never closed (at the opening quote), a quote inside an unquoted cell, anything but `,` or
    /// the end of the row after a closing quote, and control characters other than a quoted line break.
    static func parse(_ text: String, file: String) throws(Diagnostics) -> [Row] {
        var rows: [Row] = []
        var cells: [Cell] = []
        var problems: [Diagnostic] = []
        var field = ""
        var line = 1, column = 1
        var fieldStart = SourceLocation(file: file, line: 1, column: 1)
        var rowStart = fieldStart
        var openQuote: SourceLocation?
        var closedQuote = false
        var characters = Array(text)[...]
        func here() -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

        func endField() {
            cells.append(Cell(text: field, location: fieldStart))
            field = ""
            closedQuote = false
        }
        func endRow() {
            endField()
            let blank = cells.count == 1 && cells[0].text.trimmingCharacters(in: " ").isEmpty
            if !blank && !cells[0].text.hasPrefix("#") { rows.append(Row(cells: cells, location: rowStart)) }
            cells = []
        }

        while let character = characters.popFirst() {
            // A line break ends the row, or belongs to a quoted cell; any other control character is refused.
            if character != "\n", let scalar = character.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                let code = String(scalar.value, radix: 16, uppercase: true)
                problems.append(.error(at: here(), "control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code) in a cell; "
                                       + "remove it (it would be written into prices.yaml)"))
                column += 1
                continue
            }
            if openQuote != nil {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst(); column += 1 } else { openQuote = nil; closedQuote = true }
                } else {
                    field.append(character)
                }
            } else if closedQuote, character != ",", character != "\n" {
                problems.append(.error(at: here(), "expected ',' or the end of the row after the closing quote, found '\(character)'"))
                // Skip the rest of the cell so one mistake is reported once.
                while let next = characters.first, next != ",", next != "\n" { characters.removeFirst(); column += 1 }
                closedQuote = false
            } else {
                switch character {
                case "\"" where field.isEmpty: openQuote = here()
                case "\"":
                    problems.append(.error(at: here(), "a '\"' inside an unquoted cell; quote the whole cell and double the quote (\"\")"))
                case ",":
                    endField()
                    fieldStart = SourceLocation(file: file, line: line, column: column + 1)
                case "\n":
                    endRow()
                    fieldStart = SourceLocation(file: file, line: line + 1, column: 1)
                    rowStart = fieldStart
                default: field.append(character)
                }
            }
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        if let opened = openQuote {
            problems.append(.error(at: opened, "the quote opened here is never closed; close it with '\"'"))
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
        if !field.isEmpty || !cells.isEmpty || closedQuote { endRow() }
        return rows
    }

    /// A price as written in a spreadsheet cell, strictly: optional sign, digits, and a `.` with more
    /// digits. No `,` (a decimal comma or a thousands separator, either would misread), no `_`, no
    /// exponent; nil for anything else.
    static func plainDecimal(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: " ")
        var body = Substring(trimmed)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
              parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy({ $0.isASCII && $0.isNumber })) else { return nil }
        guard let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }
}
