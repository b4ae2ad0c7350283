import Foundation
import Literate
import Reports

/// The report's three forms: GitHub-flavoured Markdown that pastes into a wiki or a pull request,
/// one self-contained HTML file (rendered through `report.mustache`, its stylesheet inline, SVG charts,
/// no scripts, prints well from file://), and
/// deterministic JSON with sorted keys. Each writer presents `sections()` or the data; none computes.
extension SizingReport {
    /// GFM: a heading per section, pipe tables, charts as their data tables. Ends with one newline.
    package func markdown() -> String {
        let tables = TableRenderer(provenance: { _ in nil })
        var out = "# \(MarkdownText.escape(title))\n"
        for section in sections() {
            out += "\n## \(MarkdownText.escape(section.title))\n"
            for block in section.blocks {
                out += "\n"
                switch block {
                case .paragraph(let text): out += MarkdownText.escape(text) + "\n"
                case .bullets(let items): out += items.map { "- " + MarkdownText.escape($0) + "\n" }.joined()
                case .table(let table): out += tables.markdown(table)
                case .chart(let chart): out += ChartRenderer(idPrefix: "").markdown(chart)
                }
            }
        }
        return out
    }

    /// One HTML document with everything inline, rendered through `report.mustache` with the
    /// stylesheet inlined: readable straight from disk, in dark mode and on paper. Tables and charts
    /// are the renderers' that pages use.
    package func html(templates: ReportTemplates) -> String {
        let tables = TableRenderer(provenance: { _ in nil })
        let verdict = recommendation.kind == .meetsTargets ? "ok" : "miss"
        var chartNumber = 0
        let sections: [[String: Any]] = sections().map { section in
            let blocks: [[String: Any]] = section.blocks.map { block in
                let html: String
                switch block {
                case .paragraph(let text) where section.id == "recommendation" && text == recommendation.summary:
                    // The recommendation is stated once, in its own section, marked as the verdict.
                    html = "<p class=\"verdict \(verdict)\">\(HTMLText.escape(text))</p>\n"
                case .paragraph(let text): html = "<p>\(HTMLText.escape(text))</p>\n"
                case .bullets(let items): html = "<ul>\n" + items.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n"
                case .table(let table): html = tables.html(table)
                case .chart(let chart):
                    chartNumber += 1
                    html = ChartRenderer(idPrefix: "chart-\(chartNumber)").html(chart)
                }
                return ["html": html]
            }
            return ["id": section.id, "title": section.title, "blocks": blocks]
        }
        return templates.templates.render("report", ["title": title, "stylesheet": templates.stylesheet, "sections": sections],
                                          policy: ContentSecurityPolicy.report)
    }

    /// Pretty-printed JSON with sorted `snake_case` keys. An option's absent figures (no price, no budget)
    /// are `null`, as in `size --format json`; elsewhere absent fields are left out.
    package func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
