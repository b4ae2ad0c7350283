import Literate

/// How a value's provenance shows on a page: a focusable span with the tooltip in a `data-prov`
/// attribute, shown by CSS on hover and focus, no JavaScript. Escapes everything it writes.
extension Provenance {
    /// `text` wrapped in a focusable span whose tooltip shows this provenance; `text` is escaped here.
    func html(showing text: String) -> String {
        let attribute = HTMLText.escape(tooltip, newlines: "&#10;")
        return "<span class=\"value\" tabindex=\"0\" data-prov=\"\(attribute)\">\(HTMLText.escape(text))</span>"
    }
}
