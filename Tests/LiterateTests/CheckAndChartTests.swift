import Testing
import Catalog
@testable import Literate

/// A test-only kind for chart sweeps: `total = count × each` bytes.
struct ProductKind: BlockKind {
    let name = "product"
    let keys = ["count", "each"]
    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        let count = try input.required("count").quantity(.tokens)
        let each = try input.required("each").quantity(.bytes)
        return BlockOutput(result: .record([Value.Field("total", .number(count * each, .bytes))]))
    }
}

@Suite struct CheckBlockTests {
    @Test func claimsThatHoldShowBothSides() throws {
        let result = evaluate(page("""
            ```{check caption="Quantization"}
            - size(llama-3.1-70b, int4) == size(llama-3.1-70b, bf16) / 4
            - claim: The 70B model at BF16 is about 141 GB
              holds: size(llama-3.1-70b, bf16) == 141GB
              tolerance: 0.1%
            - size(llama-3.1-8b, bf16) < 20GB
            - 128K > 100000
            ```

            """))
        #expect(result.diagnostics.isEmpty)
        guard case .checks(let checks) = result.blocks[0].artifacts.first else { Issue.record("no checks artifact"); return }
        // 70,553,706,496 parameters: 0.5 bytes each at INT4 = 35,276,853,248 bytes; 2 bytes at BF16 ÷ 4 is the same.
        #expect(checks == [
            CheckResult(claim: "size(llama-3.1-70b, int4) == size(llama-3.1-70b, bf16) / 4", holds: true, detail: "35.3 GB == 35.3 GB"),
            CheckResult(claim: "The 70B model at BF16 is about 141 GB", holds: true, detail: "141.1 GB == 141 GB"),
            CheckResult(claim: "size(llama-3.1-8b, bf16) < 20GB", holds: true, detail: "16.1 GB < 20 GB"),
            CheckResult(claim: "128K > 100000", holds: true, detail: "131,072 tokens > 100,000"),
        ])
        #expect(result.values.filter { $0.block == "check@4" }.map(\.name) == ["claims.0", "claims.1", "claims.2", "claims.3"])
    }

    @Test func falseClaimsFailAtTheirLineWithBothSides() {
        let result = evaluate(page("""
            ```{check}
            claims:
              - size(llama-3.1-70b, bf16) < 80GB
              - claim: "Fits one GPU"
                holds: "size(llama-3.1-70b, bf16) <= 80GB"
              - size(llama-3.1-70b, bf16) == 141GB
            ```

            """))
        #expect(errors(result) == [
            "6:5: claim does not hold: 141.1 GB < 80 GB (size(llama-3.1-70b, bf16) < 80GB)",
            "8:13: claim does not hold: 'Fits one GPU': 141.1 GB <= 80 GB (size(llama-3.1-70b, bf16) <= 80GB)",
            "9:5: claim does not hold: 141.1 GB == 141 GB (size(llama-3.1-70b, bf16) == 141GB)",
        ])
    }

    @Test func malformedClaims() {
        let result = evaluate(page("""
            ```{check}
            - claim: x
              hold: 1 < 2
            - 1GB < 8K
            - 1GB
            - [1, 2]
            ```

            """))
        #expect(errors(result) == [
            "6:3: unknown key 'hold' in a claim; did you mean 'holds'?",
            "7:7: cannot compare bytes with tokens",
            "8:3: a claim compares two values, as in 'weights(m, int4) < 40GB'; found no comparison",
            "9:3: expected a claim: a comparison such as 'a.total < 80GB', or a mapping with 'claim' and 'holds'",
        ])
    }

    @Test func claimsReadBlocksAbove() {
        let result = evaluate(page("""
            ```{sizes id=w}
            models: [llama-3.1-70b]
            precisions: [bf16, int4]
            ```

            ```{check}
            - w.llama-3.1-70b.bf16 / w.llama-3.1-70b.int4 == 4
            ```

            """))
        #expect(result.diagnostics.isEmpty)
    }
}

@Suite struct ChartBlockTests {
    @Test func expressionSweptOverTwoVariables() throws {
        let result = evaluate(page("""
            ```{chart id=c caption="Weights by precision"}
            x: {name: precision, values: [bf16, int4], label: "Precision"}
            series: {name: model, values: [llama-3.1-8b, llama-3.1-70b]}
            y: "size(model, precision) | GB"
            y_label: Weights
            style: bar
            ```

            The 70B at INT4: `{= c.llama-3.1-70b.int4 | GB}`.

            """))
        #expect(result.diagnostics.isEmpty)
        guard case .chart(let chart) = result.blocks[0].artifacts.first, case .table(let table) = result.blocks[0].artifacts.last else {
            Issue.record("expected a chart and a table"); return
        }
        #expect(chart.title == "Weights by precision")
        #expect(chart.style == .bar)
        #expect(chart.xLabel == "Precision")
        #expect(chart.yLabel == "Weights (GB)")
        #expect(chart.categories == ["bf16", "int4"])
        #expect(chart.series.map(\.name) == ["llama-3.1-8b", "llama-3.1-70b"])
        // Points in GB: 8,030,261,248 × 2 and × 0.5; 70,553,706,496 × 2 and × 0.5 (Hugging Face parameter counts).
        #expect(chart.series[1].points.map(\.y) == [141.107412992, 35.276853248])
        #expect(chart.series[0].points.map(\.x) == [0, 1])
        #expect(table.columns.map(\.title) == ["Precision", "llama-3.1-8b", "llama-3.1-70b"])
        #expect(table.rows.map { $0.map(\.text) } == [["bf16", "16.1 GB", "141.1 GB"], ["int4", "4 GB", "35.3 GB"]])
        #expect(result.inlineValues.map(\.text) == ["35.3 GB"])
        #expect(result.values.filter { $0.block == "c" }.count == 4)
    }

    @Test func sweepOfAnotherKind() throws {
        var context = testContext()
        context.blockKinds.append(ProductKind())
        let result = evaluate(page("""
            ```{chart caption="Total"}
            kind: product
            x: count
            y: total
            count: [1K, 2K, 4K]
            each: 1MB
            ```

            """), context: context)
        #expect(result.diagnostics.isEmpty)
        guard case .chart(let chart) = result.blocks[0].artifacts.first else { Issue.record("no chart"); return }
        #expect(chart.style == .line)
        // 1,024 × 1 MB = 1.024 GB; 2,048 × 1 MB = 2.048 GB; 4,096 × 1 MB = 4.096 GB.
        #expect(chart.series[0].points.map(\.x) == [1024, 2048, 4096])
        #expect(chart.series[0].points.map(\.y) == [1.024, 2.048, 4.096])
        #expect(chart.yLabel == "total (GB)")
    }

    @Test func chartMistakes() {
        var context = testContext()
        context.blockKinds.append(ProductKind())
        let result = evaluate(page("""
            ```{chart}
            kind: product
            x: count
            y: total
            count: [1K]
            eech: 1MB
            ```

            ```{chart}
            x: {name: model, values: [llama-3.1-8b]}
            y: size(model, bf16)
            ```

            ```{chart}
            kind: prodct
            x: count
            y: total
            ```

            """), context: context)
        #expect(errors(result) == [
            "9:1: unknown key 'eech' in 'chart' block; did you mean 'each'?",
            "13:27: a line chart needs numbers along x, found 'llama-3.1-8b'; use style: bar for names",
            "18:7: unknown block kind 'prodct' to sweep; did you mean 'product'?",
        ])
    }
}
