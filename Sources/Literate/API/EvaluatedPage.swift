import Basics
import MarkdownKit

/// A page after evaluation: its tree with every computation block replaced by `blockPlaceholder(i)`
/// (i indexes `blocks`) and every inline expression by `inlinePlaceholder(j)` (j indexes
/// `inlineValues`), plus every value computed on it and every problem found.
package struct EvaluatedPage: Sendable {
    package var page: Page
    package var document: MarkdownNode
    package var blocks: [EvaluatedBlock]
    package var inlineValues: [InlineValue]
    /// Every value the page's blocks recorded and every inline value, sorted by position then name.
    package var values: [PageValue]
    /// Errors and warnings on this page, in page order (front-matter problems come from `loadPages`).
    package var diagnostics: [Diagnostic]
}

/// One computation block as evaluated: what it said and what it shows.
package struct EvaluatedBlock: Sendable {
    package var kind: String
    package var id: String?
    package var caption: String?
    package var echo: Bool
    /// The info string as written (`{weights-table id=w}`), for echoing.
    package var info: String
    /// The YAML body as written, for echoing.
    package var source: String
    /// The opening fence.
    package var location: SourceLocation
    /// The block's result, or nil when it failed.
    package var result: Value?
    /// What the page shows; empty when the block failed.
    package var artifacts: [Artifact]
    /// How each value the block recorded came about, by the value's name (`memory.total`); empty when it failed.
    package var provenance: [String: Provenance] = [:]
}

/// One inline expression as evaluated.
package struct InlineValue: Sendable {
    /// The expression inside `{= ... }`, trimmed.
    package var expression: String
    /// The text shown in its place (empty when evaluation failed).
    package var text: String
    /// The value before formatting, or nil when evaluation failed.
    package var value: Value?
    /// The formula recorded for it.
    package var formula: String
    package var location: SourceLocation
    /// Its formula and the inputs it read, for a provenance tooltip; nil when evaluation failed or
    /// there is no formula to show.
    package var provenance: Provenance?
}

/// One computed value for `values.json`: where it was computed, what it is and how it came about.
package struct PageValue: Sendable, Equatable {
    /// The page's path relative to the pages folder.
    package var page: String
    /// The block's id (`kind@line` for a block without one), or nil for an inline expression.
    package var block: String?
    /// The inline expression, or nil for a block's value.
    package var expression: String?
    /// The value's name under its block (`memory.total`), or the expression for inline values.
    package var name: String
    package var value: Value
    /// The value as the page shows it.
    package var formatted: String
    package var formula: String
    package var inputs: [String: String]
    package var location: SourceLocation

    /// The number, or nil for text, flags, records and lists.
    package var number: Double? {
        if case .number(let amount, _) = value { return amount }
        return nil
    }

    /// The number's unit (`bytes`, `tokens/s`), or nil when the value is not a number.
    package var unit: Unit? {
        if case .number(_, let unit) = value { return unit }
        return nil
    }

    package init(page: String, block: String?, expression: String?, name: String, value: Value, formatted: String,
                formula: String, inputs: [String: String], location: SourceLocation) {
        self.page = page
        self.block = block
        self.expression = expression
        self.name = name
        self.value = value
        self.formatted = formatted
        self.formula = formula
        self.inputs = inputs
        self.location = location
    }
}
