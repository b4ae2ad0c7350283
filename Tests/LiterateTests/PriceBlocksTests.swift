import Foundation
import Testing
import Catalog
import Sizing
@testable import Literate

/// The price-based kinds (`cost`, `breakeven`, `hardware-table`) and functions (`gpu_price`,
/// `node_price`, `breakeven_months`) on the shipped catalog and a fixed price list, so the expected
/// figures do not move when prices.yaml is updated. The catalog's DGX H200 holds 8 H200s and is rated
/// 10.2 kW (NVIDIA's DGX H200 datasheet).
@Suite struct PriceBlocksTests {
    static let catalog: DataCatalog = {
        let data = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Content/data").path
        return try! DataCatalog.load(directory: data)
    }()

    static let pricesText = """
        as_of: 2026-11-01
        currency: USD
        sources:
          - id: test-quotes
            title: "Figures of CostTests' reference scenario"
            url: "https://example.org/quotes"
            retrieved: 2026-11-01
        gpu_hourly:
          h200: { on_demand: 4.54, reserved_1y: 3.18, source: test-quotes }
          h100-sxm: { on_demand: 2.99, spot: 1.49, source: test-quotes }
          ascend-910b: { unavailable: "no public price" }
        purchase:
          dgx-h200: { price: 315000, source: test-quotes }
        operations:
          power_usd_per_kwh: 0.128
          pue: 1.58
          staff_usd_per_year: 275000
          staff_count: 1.5
          depreciation_years: 3
          maintenance_fraction: 0.1

        """

    static func context(_ prices: PriceList) -> EvaluationContext {
        EvaluationContext(catalog: catalog, prices: prices, today: "2026-11-01",
                          scope: ExpressionScope(functions: [GPUPriceFunction(), NodePriceFunction(), BreakevenMonthsFunction()]),
                          blockKinds: [CostBlock(), BreakevenBlock(), HardwareTableBlock(), CheckBlock()])
    }

    let prices = try! PriceList.parse(Self.pricesText, file: "prices.yaml")

    func run(_ body: String, prices: PriceList? = nil) -> EvaluatedPage {
        evaluate(page(body), context: Self.context(prices ?? self.prices))
    }

    @Test func breakevenOfTheReferenceScenario() throws {
        let result = run("""
            ```{breakeven id=be}
            system: dgx-h200
            nodes: 2
            utilization: 100%
            pricing: on_demand
            ```

            `{= be.months | round(1)}` `{= be.capital | usd}` `{= be.monthly_cloud | usd}` `{= be.months_capital_only | round(1)}`

            """)
        #expect(errors(result).isEmpty)
        // 630,000 / (16 × 4.54 × 730 − (3,011.76 power + 34,375 staff + 5,250 maintenance)) = 60.6 months;
        // 630,000 / 53,027.20 = 11.9 months when operating costs are ignored (see CostTests).
        #expect(result.inlineValues.map(\.text) == ["60.6", "$630,000", "$53,027", "11.9"])
        // Under the table, each price the comparison rests on with its own date (the test quotes were
        // retrieved 2026-11-01, the context's date).
        guard case .paragraph(let note) = result.blocks[0].artifacts[1] else { Issue.record("no prices note"); return }
        #expect(note == "Prices used: NVIDIA DGX H200 at $315,000 a node, dated 2026-11-01 (today); NVIDIA H200 SXM 141GB on-demand at $4.54/GPU-h, dated 2026-11-01 (today).")
        guard case .chart(let chart) = result.blocks[0].artifacts[2] else { Issue.record("no chart"); return }
        #expect(chart.series[1].points.count == 10)
    }

    @Test func breakevenThatNeverComesSaysSo() {
        let result = run("""
            ```{breakeven id=half}
            system: dgx-h200
            nodes: 2
            utilization: 0.5
            ```

            `{= half.months}`

            """)
        // 26,513.60 a month of cloud against 42,636.76 of operating cost: no payback.
        #expect(result.inlineValues.map(\.text) == ["never"])
    }

    @Test func breakevenErrorsPointAtTheKey() {
        let result = run("""
            ```{breakeven}
            system: dgx-h20
            ```

            """)
        #expect(errors(result) == ["5:9: unknown system 'dgx-h20'; did you mean 'dgx-h200', 'dgx-b200' or 'dgx-h100'?"])
        let second = run("""
            ```{breakeven}
            system: dgx-h200
            utilization: 1.5
            ```

            """)
        #expect(errors(second) == ["6:14: 'utilization' is a share of hours busy, greater than 0 and at most 1 (or a percentage such as 50%), found '1.5'"])
    }

    @Test func hardwareTableRowsAreAddressable() {
        let result = run("""
            ```{hardware-table id=hw}
            gpus: [h100-sxm, h200, ascend-910b]
            ```

            `{= hw.h200.on_demand | usd}` `{= hw.h100-sxm.spot | usd}` `{= hw.h200.memory | GB}`

            """)
        #expect(errors(result).isEmpty)
        // 141 GB: the H200 datasheet's memory, as the catalog holds it.
        #expect(result.inlineValues.map(\.text) == ["$4.54", "$1.49", "141 GB"])
    }

    /// Rows are named by the catalog's display names, units sit in the headers (cells hold numbers),
    /// and each row says how old its prices are, marking those past 180 days as stale.
    @Test func hardwareTableNamesGPUsAndDatesItsPrices() throws {
        let result = run("""
            ```{hardware-table}
            gpus: [h100-sxm]
            pricing: on_demand
            ```

            """)
        #expect(errors(result).isEmpty)
        guard case .table(let table) = result.blocks.first?.artifacts.first else { Issue.record("no table"); return }
        #expect(table.columns.map(\.title) == ["GPU", "Memory (GB)", "Bandwidth (TB/s)", "BF16 dense (TFLOPS)", "FP8 dense (TFLOPS)",
                                                "Interconnect", "Power (W)", "on-demand ($/GPU-h)", "Prices dated"])
        // 80 GB, 3.35 TB/s and 700 W: NVIDIA's H100 SXM5 datasheet, as gpus.yaml holds it; the test
        // quote was retrieved 2026-11-01, the test context's date.
        #expect(table.rows[0].map(\.text) == ["NVIDIA H100 SXM5 80GB", "80", "3.35", "989", "1,979", "NVLink 4, 900 GB/s", "700", "$2.99", "2026-11-01 (today)"])
        #expect(PriceAge.dated("2026-05-01", today: "2026-11-01") == "2026-05-01 (184 days old, stale)")
        #expect(PriceAge.dated("2026-10-31", today: "2026-11-01") == "2026-10-31 (1 day old)")
    }

    /// The cost table names each GPU as the catalog does and shows each price with its own date and age.
    @Test func costTableNamesGPUsAndDatesEachPrice() throws {
        let result = run("""
            ```{cost}
            model: llama-3.1-8b
            precision: bf16
            users: 1
            context: 8K
            hardware: [h100-sxm]
            ```

            """)
        #expect(errors(result).isEmpty)
        guard case .table(let table) = result.blocks.first?.artifacts.first else { Issue.record("no table"); return }
        #expect(table.caption == "Llama 3.1 8B for 1 user, on-demand prices")
        #expect(table.columns.last?.title == "Price dated")
        // The test quote is dated 2026-11-01 (its source's retrieval), the context's own date.
        #expect(table.rows[0].first?.text == "NVIDIA H100 SXM5 80GB")
        #expect(table.rows[0].last?.text == "2026-11-01 (today)")
    }

    @Test func pricesFunctions() {
        let result = run("""
            `{= gpu_price(h200, on_demand) | usd}` `{= node_price(dgx-h200) | usd}` `{= breakeven_months(dgx-h200, 2, 1.0, on_demand) | round(1)}`
            `{= gpu_price(h200, spot)}`

            """)
        #expect(result.inlineValues.prefix(3).map(\.text) == ["$4.54", "$315,000", "60.6"])
        #expect(errors(result) == ["5:15: GPU 'h200' has no spot price; it has: on_demand, reserved_1y"])
    }

    /// Doubling the H200's price doubles the hourly and monthly cost of the option on it, and only that one.
    @Test func doublingAGPUPriceDoublesTheCostOfOptionsOnIt() throws {
        let body = """
            ```{cost id=c}
            model: llama-3.1-70b
            precision: bf16
            users: 4
            context: 8K
            hardware: [h100-sxm, h200]
            ```

            `{= c.options.0.cost_per_hour}` `{= c.options.1.cost_per_hour}` `{= c.options.1.cost_per_month}`

            """
        var doubled = prices
        let index = try #require(doubled.gpuHourly.firstIndex { $0.gpu == "h200" })
        doubled.gpuHourly[index].tiers[.onDemand]!.amountUSD *= 2
        let before = run(body).values.filter { $0.expression != nil }.compactMap(\.number)
        let after = run(body, prices: doubled).values.filter { $0.expression != nil }.compactMap(\.number)
        #expect(before.count == 3 && after.count == 3)
        #expect(after[0] == before[0])
        #expect(after[1] == 2 * before[1])
        #expect(after[2] == 2 * before[2])
    }

    /// The block prices through the engine's priced plan, so it gives what `size` gives for the same
    /// inputs, and its provenance formulas are the cost engine's texts with the test quotes
    /// (H100 SXM $2.99, H200 $4.54 on demand) and the 730-hour month.
    @Test func costBlockPricesAsTheEnginesPricedPlanDoes() throws {
        let result = run("""
            ```{cost id=c}
            model: llama-3.1-70b
            precision: fp8
            users: 4
            context: 8K
            hardware: [h100-sxm, h200]
            ```

            """)
        #expect(errors(result).isEmpty)
        var inputs = SizingInputs(model: "llama-3.1-70b")
        inputs.precision = "fp8"
        inputs.users = "4"
        inputs.gpus = ["h100-sxm", "h200"]
        let plan = try inputs.plan(catalog: Self.catalog, prices: prices)
        for (index, (option, hourly)) in zip(plan.options, [2.99, 4.54]).enumerated() {
            let cost = try #require(option.cost)
            let perHour = try #require(result.values.first { $0.name == "options.\(index).cost_per_hour" })
            let perMonth = try #require(result.values.first { $0.name == "options.\(index).cost_per_month" })
            #expect(perHour.number == cost.usdPerHour)
            #expect(abs(cost.usdPerHour - Double(option.gpuCount) * hourly) < 1e-9)
            #expect(perHour.formula == "\(option.gpuCount) GPUs × $\(String(format: "%.2f", hourly))/GPU-h")
            #expect(perMonth.number == cost.usdPerMonth)
            #expect(perMonth.formula.hasSuffix("/h × 730 h"))
        }
        guard case .paragraph(let note) = result.blocks[0].artifacts[1] else { Issue.record("no note"); return }
        #expect(note.contains("a month is 730 hours"))
    }

    @Test func costOfAGPUWithoutAPriceInTheTierIsAnErrorAtItsName() {
        let result = run("""
            ```{cost}
            model: llama-3.1-70b
            hardware: [h100-sxm, h200]
            pricing: spot
            ```

            """)
        #expect(errors(result) == ["6:22: GPU 'h200' has no spot price; it has: on_demand, reserved_1y"])
    }
}
