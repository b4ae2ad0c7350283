/// How a shown number came about: its formula and the inputs that produced it.
///
/// The site shows it on hover and focus (a CSS tooltip from a `data-prov` attribute, no JavaScript);
/// it is looked up by the recorded value's name, so renderers never see the evaluator's types.
public struct Provenance: Sendable, Equatable {
    /// A human-readable formula, e.g. `70,553,706,496 parameters × 2 bytes`.
    public var formula: String
    /// Named inputs as text, shown sorted by name.
    public var inputs: [String: String]

    public init(formula: String, inputs: [String: String] = [:]) {
        self.formula = formula
        self.inputs = inputs
    }

    /// The tooltip text: the formula, then one `name: value` line per input.
    public var tooltip: String {
        var lines = ["= " + formula]
        for name in inputs.keys.sorted() {
            lines.append("\(name): \(inputs[name]!)")
        }
        return lines.joined(separator: "\n")
    }

    /// `text` wrapped in a focusable span whose tooltip shows this provenance; `text` is escaped here.
    func html(showing text: String) -> String {
        let attribute = HTMLText.escape(tooltip, newlines: "&#10;")
        return "<span class=\"value\" tabindex=\"0\" data-prov=\"\(attribute)\">\(HTMLText.escape(text))</span>"
    }
}
