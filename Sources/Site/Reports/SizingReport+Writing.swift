import Foundation
import Literate
import Reports

/// The report's three forms: GitHub-flavoured Markdown that pastes into a wiki or a pull request,
/// one self-contained HTML file (inline CSS and SVG, no scripts, prints well from file://), and
/// deterministic JSON with sorted keys. Each writer presents `sections()` or the data; none computes.
extension SizingReport {
    /// GFM: a heading per section, pipe tables, charts as their data tables. Ends with one newline.
    public func markdown() -> String {
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

    /// One HTML document with everything inline: readable straight from disk, in dark mode and on paper.
    public func html() -> String {
        let tables = TableRenderer(provenance: { _ in nil })
        let verdict = recommendation.kind == .meetsTargets ? "ok" : "miss"
        var body = ""
        var chartNumber = 0
        for section in sections() {
            body += "<section id=\"\(section.id)\">\n<h2>\(HTMLText.escape(section.title))</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text) where section.id == "recommendation" && text == recommendation.summary:
                    // The recommendation is stated once, in its own section, marked as the verdict.
                    body += "<p class=\"verdict \(verdict)\">\(HTMLText.escape(text))</p>\n"
                case .paragraph(let text): body += "<p>\(HTMLText.escape(text))</p>\n"
                case .bullets(let items): body += "<ul>\n" + items.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n"
                case .table(let table): body += tables.html(table)
                case .chart(let chart):
                    chartNumber += 1
                    body += ChartRenderer(idPrefix: "chart-\(chartNumber)").html(chart)
                }
            }
            body += "</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            \(ContentSecurityPolicy.meta(ContentSecurityPolicy.report))
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="infrabook report">
            <title>\(HTMLText.escape(title))</title>
            <style>
            \(Self.stylesheet)</style>
            </head>
            <body>
            <main class="report">
            <h1>\(HTMLText.escape(title))</h1>
            \(body)</main>
            </body>
            </html>

            """
    }

    /// Pretty-printed JSON with sorted `snake_case` keys. An option's absent figures (no price, no budget)
    /// are `null`, as in `size --format json`; elsewhere absent fields are left out.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The report's CSS: light and dark colours, chart colours the SVG writer refers to, and print rules.
    static let stylesheet = """
        :root { --fg: #1d232b; --bg: #ffffff; --muted: #5b6572; --rule: #d6dbe1; --zebra: #f4f6f8;
          --ok: #1b7f3b; --miss: #b3261e;
          --chart-1: #1f5fbf; --chart-2: #d1552a; --chart-3: #2e8b57; --chart-4: #8e44ad;
          --chart-5: #b8860b; --chart-6: #0f8a9d; --chart-7: #c2185b; --chart-8: #5d6d7e; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e3e7ec; --bg: #15191e; --muted: #9aa4b0; --rule: #39414b; --zebra: #1d232a;
            --ok: #6fcf8a; --miss: #f28b82;
            --chart-1: #7fb0ff; --chart-2: #ff9a6c; --chart-3: #6fdc9b; --chart-4: #d5a6f2;
            --chart-5: #f2cd5c; --chart-6: #5fd4e6; --chart-7: #ff8fbf; --chart-8: #b4c0cc; }
        }
        html { color: var(--fg); background: var(--bg); }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        .report { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
        h1 { font-size: 1.8rem; margin: 0 0 .5rem; }
        h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
        p, ul { max-width: 48rem; }
        .verdict { font-weight: 600; padding: .6rem .9rem; border-left: 4px solid var(--ok); background: var(--zebra); }
        .verdict.miss { border-left-color: var(--miss); }
        .table-wrap { overflow-x: auto; margin: 1rem 0; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        caption { text-align: left; color: var(--muted); padding-bottom: .3rem; }
        th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--rule); }
        tbody tr:nth-child(even) { background: var(--zebra); }
        .num { text-align: right; white-space: nowrap; }
        .center { text-align: center; }
        .unit { color: var(--muted); font-weight: normal; }
        figure.chart { margin: 1.5rem 0; max-width: 48rem; }
        .chart-svg { width: 100%; height: auto; color: var(--fg); font-size: 12px; }
        .chart-svg text { fill: currentColor; }
        .chart-svg .chart-title { font-weight: 600; font-size: 14px; }
        .chart-svg .tick { fill: var(--muted); font-size: 11px; }
        .chart-svg .axis, .chart-svg .tick-mark { stroke: currentColor; stroke-width: 1; }
        .chart-svg .grid { stroke: var(--rule); stroke-width: 1; }
        .chart-svg .series polyline, .chart-svg .series line { stroke-width: 2.2; fill: none; }
        .chart-svg .series text { stroke: none; fill: currentColor; }
        .chart-svg .series.bar rect { stroke: none; }
        \((0..<8).map { ".chart-svg .series.s\($0) { stroke: var(--chart-\($0 + 1)); fill: var(--chart-\($0 + 1)); }" }.joined(separator: "\n"))
        figcaption { color: var(--muted); font-size: .9rem; }
        .chart-data summary { cursor: pointer; color: var(--muted); }
        @media print {
          :root { --fg: #000; --bg: #fff; --zebra: #f2f2f2; }
          body { font-size: 10.5pt; }
          .report { max-width: none; padding: 0; }
          .table-wrap { overflow: visible; }
          table { font-size: 8.5pt; }
          th, td { padding: .15rem .3rem; }
          section, figure, table { break-inside: avoid; }
          h2 { break-after: avoid; }
          .chart-data { display: none; }
        }

        """
}
