/// How a shown number came about: its formula and the inputs that produced it.
///
/// The evaluator attaches one to every value it records (by name on an `EvaluatedBlock`, on each
/// `InlineValue`), so the site reads it as a value and never rebuilds it from `values.json`'s keys.
/// The site shows it on hover and focus (a CSS tooltip from a `data-prov` attribute, no JavaScript).
package struct Provenance: Sendable, Equatable {
    /// A human-readable formula, e.g. `70,553,706,496 parameters × 2 bytes`.
    package var formula: String
    /// Named inputs as text, shown sorted by name.
    package var inputs: [String: String]

    package init(formula: String, inputs: [String: String] = [:]) {
        self.formula = formula
        self.inputs = inputs
    }

    /// The tooltip text: the formula, then one `name: value` line per input.
    package var tooltip: String {
        var lines = ["= " + formula]
        for name in inputs.keys.sorted() {
            lines.append("\(name): \(inputs[name]!)")
        }
        return lines.joined(separator: "\n")
    }
}
