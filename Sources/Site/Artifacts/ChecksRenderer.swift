import Literate

/// Draws the results of a `check` block: each claim, whether it holds, and the values it compared.
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
                out += " <span class=\"detail\">(\(HTMLText.escape(check.detail)))</span>"
            }
            out += "</li>\n"
        }
        return out + "</ul>\n"
    }

    static func markdown(_ checks: [CheckResult]) -> String {
        checks.map { check in
            let detail = check.detail.isEmpty ? "" : " (\(MarkdownText.escape(check.detail)))"
            return "- [\(check.holds ? "x" : " ")] \(MarkdownText.escape(check.claim))\(detail)\n"
        }.joined()
    }
}
