import Basics
import MarkdownKit

/// A page after evaluation: its tree with every computation block replaced by `blockPlaceholder(i)`
/// (i indexes `blocks`) and every inline expression by `inlinePlaceholder(j)` (j indexes
/// `inlineValues`), plus every value computed on it and every problem found.
public struct EvaluatedPage: Sendable {
    public var page: Page
    public var document: MarkdownNode
    public var blocks: [EvaluatedBlock]
    public var inlineValues: [InlineValue]
    /// Every value the page's blocks recorded and every inline value, sorted by position then name.
    public var values: [PageValue]
    /// Errors and warnings on this page, in page order (front-matter problems come from `loadPages`).
    public var diagnostics: [Diagnostic]
}

/// One computation block as evaluated: what it said and what it shows.
public struct EvaluatedBlock: Sendable {
    public var kind: String
    public var id: String?
    public var caption: String?
    public var echo: Bool
    /// The info string as written (`{weights-table id=w}`), for echoing.
    public var info: String
    /// The YAML body as written, for echoing.
    public var source: String
    /// The opening fence.
    public var location: SourceLocation
    /// The block's result, or nil when it failed.
    public var result: Value?
    /// What the page shows; empty when the block failed.
    public var artifacts: [Artifact]
    /// How each value the block recorded came about, by the value's name (`memory.total`); empty when it failed.
    public var provenance: [String: Provenance] = [:]
}

/// One inline expression as evaluated.
public struct InlineValue: Sendable {
    /// The expression inside `{= ... }`, trimmed.
    public var expression: String
    /// The text shown in its place (empty when evaluation failed).
    public var text: String
    /// The value before formatting, or nil when evaluation failed.
    public var value: Value?
    /// The formula recorded for it.
    public var formula: String
    public var location: SourceLocation
    /// Its formula and the inputs it read, for a provenance tooltip; nil when evaluation failed or
    /// there is no formula to show.
    public var provenance: Provenance?
}

/// One computed value for `values.json`: where it was computed, what it is and how it came about.
public struct PageValue: Sendable, Equatable {
    /// The page's path relative to the pages folder.
    public var page: String
    /// The block's id (`kind@line` for a block without one), or nil for an inline expression.
    public var block: String?
    /// The inline expression, or nil for a block's value.
    public var expression: String?
    /// The value's name under its block (`memory.total`), or the expression for inline values.
    public var name: String
    public var value: Value
    /// The value as the page shows it.
    public var formatted: String
    public var formula: String
    public var inputs: [String: String]
    public var location: SourceLocation

    /// The number, or nil for text, flags, records and lists.
    public var number: Double? {
        if case .number(let amount, _) = value { return amount }
        return nil
    }

    /// The number's unit (`bytes`, `tokens/s`), or nil when the value is not a number.
    public var unit: Unit? {
        if case .number(_, let unit) = value { return unit }
        return nil
    }

    public init(page: String, block: String?, expression: String?, name: String, value: Value, formatted: String,
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
