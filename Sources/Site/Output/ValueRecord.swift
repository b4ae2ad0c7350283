/// One computed value as `values.json` lists it: where it was computed, what it is, and how it came
/// about. Sorted by page, then block or expression, then name, so the file is deterministic.
package struct ValueRecord: Sendable, Equatable {
    /// The page's path relative to the pages folder (`memory.md`).
    package var page: String
    /// The block's id, or nil for an inline expression.
    package var block: String?
    /// The inline expression's source, or nil for a block value.
    package var expression: String?
    /// The value's name (`rows.0.bf16`, `memory.total`, or the expression for inline values).
    package var name: String
    /// The number, or nil for text and flags (then `text` holds it).
    package var number: Double?
    package var text: String?
    package var unit: String
    /// The value as the page shows it (`141.1 GB`).
    package var formatted: String
    package var formula: String
    package var inputs: [String: String]

    package init(page: String, block: String?, expression: String?, name: String, number: Double?, text: String?,
                unit: String, formatted: String, formula: String, inputs: [String: String]) {
        self.page = page
        self.block = block
        self.expression = expression
        self.name = name
        self.number = number
        self.text = text
        self.unit = unit
        self.formatted = formatted
        self.formula = formula
        self.inputs = inputs
    }

    /// The key that identifies a value across builds.
    var key: String { page + "\u{1}" + (block ?? "") + "\u{1}" + (expression ?? "") + "\u{1}" + name }

    static func ordered(_ a: ValueRecord, _ b: ValueRecord) -> Bool {
        (a.page, a.block ?? "", a.expression ?? "", a.name) < (b.page, b.block ?? "", b.expression ?? "", b.name)
    }

    /// The value as text for reports: the formatted form, or the raw one when none.
    var shown: String {
        if !formatted.isEmpty { return formatted }
        if let number { return JSONText.number(number) + (unit == "none" ? "" : " \(unit)") }
        return text ?? ""
    }
}
