import Basics
import Literate
import Testing
@testable import Site

/// Golden tests of the artifact renderers: a block's table, chart and checks in, HTML/SVG/GFM out.
@Suite struct ArtifactRendererTests {
    /// Weights of Llama 3.1 70B: 70,553,706,496 parameters (config.json of meta-llama/Llama-3.1-70B)
    /// × 2 bytes (BF16) = 141,107,412,992 bytes ≈ 141.1 GB.
    let weights = Table(
        caption: "Weights memory",
        columns: [Table.Column("Model"), Table.Column("BF16 (GB)", alignment: .right)],
        rows: [[Table.Cell("Llama <3.1> 70B"), Table.Cell("141.1", valueName: "rows.0.bf16")]]
    )

    /// A table whose cells would not fit the text column is marked `wide` (the stylesheet gives it more
    /// room on screen and a landscape page in print); a narrow one is not.
    @Test func wideTablesAreMarkedForMoreRoomAndALandscapePage() {
        let renderer = TableRenderer { _ in nil }
        #expect(!renderer.html(weights).contains("table-wrap wide"))
        let columns = ["GPU", "Memory (GB)", "Bandwidth (TB/s)", "BF16 dense (TFLOPS)", "FP8 dense (TFLOPS)", "Interconnect",
                       "Power (W)", "spot $/GPU-h", "on-demand $/GPU-h", "reserved 1 y $/GPU-h"]
        let row = ["NVIDIA H100 SXM", "80", "3.35", "989", "1,979", "NVLink 4, 900 GB/s", "700", "$1.49", "$2.99", "$1.79"]
        let wide = Table(caption: "Accelerators", columns: columns.map { Table.Column($0) }, rows: [row.map { Table.Cell($0) }])
        #expect(TableRenderer.estimatedWidthPixels(wide) > TableRenderer.wideTablePixels)
        #expect(renderer.html(wide).hasPrefix("<div class=\"table-wrap wide\" role=\"region\" tabindex=\"0\" aria-label=\"Accelerators\">"))
    }

    @Test func tableRendersAsHTMLWithUnitsProvenanceAndRightAlignedNumbers() {
        let renderer = TableRenderer { name in
            name == "rows.0.bf16" ? Provenance(formula: "70,553,706,496 parameters × 2 bytes", inputs: ["precision": "bf16", "model": "llama-3.1-70b"]) : nil
        }
        #expect(renderer.html(weights) == """
        <div class="table-wrap" role="region" tabindex="0" aria-label="Weights memory"><table>
        <caption>Weights memory</caption>
        <thead><tr><th scope="col">Model</th><th scope="col" class="num">BF16 <span class="unit">(GB)</span></th></tr></thead>
        <tbody>
        <tr><th scope="row">Llama &lt;3.1&gt; 70B</th><td class="num"><span class="value" tabindex="0" data-prov="= 70,553,706,496 parameters × 2 bytes&#10;model: llama-3.1-70b&#10;precision: bf16">141.1</span></td></tr>
        </tbody>
        </table></div>
        <p class="table-tools"><a class="table-csv" download="weights-memory.csv" href="data:text/csv;charset=utf-8,Model%2CBF16%20%28GB%29%0D%0ALlama%20%3C3.1%3E%2070B%2C141.1%0D%0A">Download as CSV</a></p>

        """)
    }

    /// A chart's data appears once: a `chart` block's own table (starting with the chart's x axis)
    /// replaces the figure's data table; a block whose table is something else keeps it.
    @Test func chartDataAppearsOnce() {
        let data = Table(caption: nil, columns: [Table.Column(memoryChart.xLabel), Table.Column("Llama 3.1 8B")], rows: [])
        let other = Table(caption: nil, columns: [Table.Column("Item"), Table.Column("Amount")], rows: [])
        func html(_ artifacts: [Artifact]) -> String {
            BlockRenderer(block: SitePage.Block(id: nil, caption: nil, echoedSource: nil, infoString: "{chart}", artifacts: artifacts,
                                                provenance: [:]), idPrefix: "b0").html()
        }
        #expect(!html([.chart(memoryChart), .table(data)]).contains("chart-data"))
        #expect(html([.table(other), .chart(memoryChart)]).contains("chart-data"))
    }

    /// Every computed table downloads as CSV (RFC 4180 quoting), named after its caption.
    @Test func tablesDownloadAsCSV() {
        let table = Table(caption: "Prices, on demand", columns: [Table.Column("GPU"), Table.Column("Note")],
                          rows: [[Table.Cell("h100-sxm"), Table.Cell("says \"list\", not spot")]])
        let renderer = TableRenderer { _ in nil }
        #expect(renderer.csv(table) == "GPU,Note\r\nh100-sxm,\"says \"\"list\"\", not spot\"\r\n")
        #expect(TableRenderer.fileName(table) == "prices-on-demand")
        #expect(renderer.html(table).contains("download=\"prices-on-demand.csv\" href=\"data:text/csv;charset=utf-8,GPU%2CNote%0D%0A"))
    }

    @Test func tableRendersAsGFMWithAlignmentAndEscapedPipes() {
        var table = weights
        table.rows.append([Table.Cell("a|b"), Table.Cell("16.1")])
        #expect(TableRenderer { _ in nil }.markdown(table) == """
        *Weights memory*

        | Model | BF16 (GB) |
        | --- | ---: |
        | Llama \\<3.1\\> 70B | 141.1 |
        | a\\|b | 16.1 |

        """)
    }

    @Test func numericColumnsAreRightAlignedEvenWhenTheKindSaidLeft() {
        let table = Table(columns: [Table.Column("GPU"), Table.Column("Price (USD/h)")],
                          rows: [[Table.Cell("h100-sxm"), Table.Cell("$3.90")], [Table.Cell("h200"), Table.Cell("—")]])
        let html = TableRenderer { _ in nil }.html(table)
        #expect(html.contains("<td class=\"num\">$3.90</td>"))
        let dated = Table(caption: nil, columns: [Table.Column("GPU"), Table.Column("Prices dated")],
                          rows: [[Table.Cell("h100-sxm"), Table.Cell("2026-11-29 (6 days old)")]])
        #expect(TableRenderer { _ in nil }.html(dated).contains("<td>2026-11-29 (6 days old)</td>"), "a date is text, not a number")
        #expect(html.contains("<th scope=\"row\">h100-sxm</th>"))
    }

    @Test func checksRenderAsAListAndAsATaskList() {
        let checks = [CheckResult(claim: "70B at BF16 fits in 2 × H100", holds: true, detail: "`weights(m, bf16)` is 141.1 GB, less than 160 GB."),
                      CheckResult(claim: "fits in 1 × H100", holds: false, detail: "It is 141.1 GB, more than <80 GB>.")]
        let html = ChecksRenderer.html(checks)
        #expect(html.contains("<li class=\"check pass\"><span class=\"mark\" role=\"img\" aria-label=\"holds\">✓</span> 70B at BF16 fits in 2 × H100 <span class=\"detail\"><code>weights(m, bf16)</code> is 141.1 GB, less than 160 GB.</span></li>"))
        #expect(html.contains("<li class=\"check fail\">"))
        #expect(html.contains("It is 141.1 GB, more than &lt;80 GB&gt;."))
        #expect(ChecksRenderer.markdown(checks) == "- [x] 70B at BF16 fits in 2 × H100 — `weights(m, bf16)` is 141.1 GB, less than 160 GB.\n- [ ] fits in 1 × H100 — It is 141.1 GB, more than \\<80 GB\\>.\n")
    }

    let memoryChart = Chart(
        title: "KV cache versus context", style: .line, xLabel: "Context (tokens)", yLabel: "Memory (GB)",
        series: [
            Chart.Series(name: "Llama 3.1 8B", points: [(4096, 0.5), (32768, 4.3), (131072, 17.2)]),
            Chart.Series(name: "Llama <3.1> 70B", points: [(4096, 1.3), (32768, 10.7), (131072, 42.9)]),
        ],
        logX: true
    )

    @Test func lineChartHasAxesTicksLabelsLegendAndATextAlternative() {
        let svg = ChartRenderer(idPrefix: "c1").html(memoryChart)
        #expect(svg.contains("<svg class=\"chart-svg\" viewBox=\"0 0 640 376\" role=\"img\" aria-labelledby=\"c1-title c1-desc\""))
        #expect(svg.contains("<title id=\"c1-title\">KV cache versus context</title>"))
        #expect(svg.contains("<desc id=\"c1-desc\">Line chart of Memory (GB) against Context (tokens) for: Llama 3.1 8B, Llama &lt;3.1&gt; 70B."))
        // Context lengths are multiples of 1,024, so their ticks read as the K the pages use.
        #expect(svg.contains(">4K</text>") && svg.contains(">32K</text>") && svg.contains(">128K</text>"))
        #expect(svg.contains("Context (tokens) (log scale)</text>"))
        #expect(svg.contains("rotate(-90)\" text-anchor=\"middle\">Memory (GB)</text>"))
        // Two series, told apart by class (colour from CSS variables) and by dash pattern.
        #expect(svg.contains("<g class=\"series s0\"><polyline fill=\"none\" points=\""))
        #expect(svg.contains("<g class=\"series s1\"><polyline fill=\"none\" points=\"") && svg.contains("stroke-dasharray=\"6 4\""))
        // Legend and data table (the text alternative) escape names.
        #expect(svg.contains("<text x=\"96\" y=\"360\">Llama 3.1 8B</text>"))
        #expect(svg.contains("<summary>Data table</summary>"))
        #expect(svg.contains("<td class=\"num\">42.9</td>"))
        #expect(!svg.contains("<3.1>"))
        // No fixed colours: everything comes from CSS so dark mode works.
        #expect(!svg.contains("fill=\"#") && !svg.contains("stroke=\"#"))
    }

    @Test func yTicksAreNiceNumbersFromZero() {
        let scale = Scale.make(values: [0.5, 42.9], logarithmic: false, includeZero: true, from: 300, to: 40)
        #expect(scale.ticks == [0, 10, 20, 30, 40, 50])
        #expect(scale.position(0) == 300)
        #expect(scale.position(50) == 40)
    }

    @Test func linearContextAxisStepsByPowersOfTwo() {
        // 4K…128K context lengths: ticks every 32K (32,768 tokens), not every 50,000.
        let scale = Scale.make(values: [4096, 16384, 131072], logarithmic: false, includeZero: false, from: 72, to: 620, binary: true)
        #expect(scale.ticks == [0, 32768, 65536, 98304, 131072])
        #expect(scale.ticks.map { NumberText.tick($0, binaryThousands: true) } == ["0", "32K", "64K", "96K", "128K"])
    }

    @Test func barChartDrawsOneBarPerCategoryAndSeries() {
        let chart = Chart(title: "Cost per million tokens", style: .bar, xLabel: "GPU", yLabel: "USD per million tokens",
                          categories: ["h100-sxm", "h200"],
                          series: [Chart.Series(name: "on demand", points: [(0, 1.25), (1, 0.98)])])
        let svg = ChartRenderer(idPrefix: "c2").html(chart)
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 3) // two bars and one legend swatch
        #expect(svg.contains(">h100-sxm</text>") && svg.contains(">h200</text>"))
        #expect(ChartRenderer(idPrefix: "c2").markdown(chart).contains("| h200 | 0.98 |"))
    }

    @Test func chartOutputIsDeterministic() {
        #expect(ChartRenderer(idPrefix: "x").html(memoryChart) == ChartRenderer(idPrefix: "x").html(memoryChart))
    }
}
