import Literate

/// Draws the results of a `check` block: each claim, whether it holds, and below it the sentence its
/// computed values make.
/// In Markdown the list is a GFM task list, so a checked box means the claim holds.
enum ChecksRenderer {
    static func html(_ checks: [CheckResult]) -> String {
        var out = "<ul class=\"checks\">\n"
        for check in checks {
            let state = check.holds ? "pass" : "fail"
            let mark = check.holds ? "✓" : "✗"
            let label = check.holds ? "holds" : "does not hold"
            out += "<li class=\"check \(state)\"><span class=\"mark\" role=\"img\" aria-label=\"\(label)\">\(mark)</span> "
            out += HTMLText.escape(check.claim)
            if !check.detail.isEmpty {
                out += " <span class=\"detail\">\(html(sentence: check.detail))</span>"
            }
            out += "</li>\n"
        }
        return out + "</ul>\n"
    }

    static func markdown(_ checks: [CheckResult]) -> String {
        checks.map { check in
            let detail = check.detail.isEmpty ? "" : " — \(markdown(sentence: check.detail))"
            return "- [\(check.holds ? "x" : " ")] \(MarkdownText.escape(check.claim))\(detail)\n"
        }.joined()
    }

    /// The sentence with its backtick spans (expressions the wording could not put in words) as code;
    /// an unpaired backtick is shown as it is.
    static func html(sentence: String) -> String {
        pieces(of: sentence).map { $0.isCode ? "<code>\(HTMLText.escape($0.text))</code>" : HTMLText.escape($0.text) }.joined()
    }

    static func markdown(sentence: String) -> String {
        pieces(of: sentence).map { $0.isCode ? "`\($0.text)`" : MarkdownText.escape($0.text) }.joined()
    }

    private static func pieces(of sentence: String) -> [(text: String, isCode: Bool)] {
        let parts = sentence.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
        guard parts.count % 2 == 1 else { return [(sentence, false)] }
        return parts.enumerated().filter { !$0.element.isEmpty }.map { ($0.element, $0.offset % 2 == 1) }
    }
}
