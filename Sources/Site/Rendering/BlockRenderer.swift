import Literate

/// Draws one evaluated computation block (its echoed source and its artifacts) as HTML or Markdown.
/// Blocks never contribute markup of their own: every artifact goes through an escaping renderer.
struct BlockRenderer {
    let block: SitePage.Block
    /// Unique on the page (`b3`), for chart element ids.
    let idPrefix: String

    /// True when the block also shows `chart`'s data as a table of its own (a `chart` block's table,
    /// which starts with the chart's x axis): the figure then carries no second copy of it.
    private func showsData(of chart: Chart) -> Bool {
        block.artifacts.contains { if case .table(let table) = $0 { return table.columns.first?.title == chart.xLabel } else { return false } }
    }

    func html() -> String {
        let tables = TableRenderer { block.provenance[$0] }
        let anchor = block.id.map { " id=\"\(HTMLText.escape($0))\"" } ?? ""
        var out = "<div class=\"block\"\(anchor)>\n"
        if let source = block.echoedSource {
            out += "<pre class=\"block-source\"><code>```\(HTMLText.escape(block.infoString))\n\(HTMLText.escape(source))```</code></pre>\n"
        }
        for (index, artifact) in block.artifacts.enumerated() {
            switch artifact {
            case .table(let table): out += tables.html(table)
            case .chart(let chart):
                var charts = ChartRenderer(idPrefix: "\(idPrefix)-\(index)")
                charts.includesDataTable = !showsData(of: chart)
                out += charts.html(chart)
            case .paragraph(let text): out += "<p>\(HTMLText.escape(text))</p>\n"
            case .checks(let checks): out += ChecksRenderer.html(checks)
            }
        }
        return out + "</div>"
    }

    func markdown() -> String {
        var parts: [String] = []
        if let source = block.echoedSource {
            var fence = "```"
            while source.contains(fence) { fence += "`" }
            parts.append("\(fence)\(block.infoString)\n\(source)\(source.hasSuffix("\n") ? "" : "\n")\(fence)")
        }
        for artifact in block.artifacts {
            switch artifact {
            case .table(let table): parts.append(TableRenderer { _ in nil }.markdown(table))
            case .chart(let chart): if !showsData(of: chart) { parts.append(ChartRenderer(idPrefix: idPrefix).markdown(chart)) }
            case .paragraph(let text): parts.append(MarkdownText.escape(text))
            case .checks(let checks): parts.append(ChecksRenderer.markdown(checks))
            }
        }
        return parts.map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }.joined(separator: "\n\n")
    }

    /// Words a reader can search for: captions and table cells.
    func searchText() -> String {
        var words: [String] = []
        if let caption = block.caption { words.append(caption) }
        for artifact in block.artifacts {
            switch artifact {
            case .table(let table):
                if let caption = table.caption { words.append(caption) }
                words += table.columns.map(\.title)
                for row in table.rows { words += row.map(\.text) }
            case .chart(let chart): words += [chart.title, chart.xLabel, chart.yLabel] + chart.series.map(\.name)
            case .paragraph(let text): words.append(text)
            case .checks(let checks): words += checks.map(\.claim)
            }
        }
        return words.joined(separator: " ")
    }
}
