import Basics

/// A function inline expressions can call: `{= weights(llama-3.1-70b, bf16) | GB}`.
///
/// Like block kinds, functions are found through `Registry`, so new ones plug in without touching the
/// expression parser.
package protocol InlineFunction: Sendable {
    var name: String { get }
    /// Parameter names, for messages such as "weights(model, precision) takes 2 arguments".
    var parameters: [String] { get }
    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed
}

/// One argument as written: either a bare word (`llama-3.1-70b`, `bf16`, `h100-sxm`) or a value
/// computed from an expression (`8K`, `c.cost_per_hour * 2`).
package struct Argument: Sendable {
    package enum Content: Sendable, Equatable {
        case word(String)
        case value(Value)
    }
    package var content: Content
    package var location: SourceLocation

    package init(_ content: Content, location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// The argument as a name (a bare word, or a text value).
    package func word(_ what: String) throws(Diagnostic) -> String {
        switch content {
        case .word(let word): return word
        case .value(.text(let text)): return text
        case .value: throw .error(at: location, "expected \(what) as a name")
        }
    }

    /// The argument as a number (a numeric value, or a bare word such as `8K` read as `kind`).
    package func number(_ what: String, as kind: Quantity.Kind = .plain) throws(Diagnostic) -> Double {
        switch content {
        case .value(.number(let amount, _)): return amount
        case .word(let word):
            if let amount = Quantity.parse(word, as: kind) { return amount }
            throw .error(at: location, "expected \(what) as a number, found '\(word)'")
        case .value: throw .error(at: location, "expected \(what) as a number")
        }
    }
}

/// A value with the formula and inputs that produced it (recorded in values.json).
package struct Computed: Sendable {
    package var value: Value
    package var formula: String
    package var inputs: [String: String]
    package init(value: Value, formula: String, inputs: [String: String] = [:]) {
        self.value = value
        self.formula = formula
        self.inputs = inputs
    }
}
