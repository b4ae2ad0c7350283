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
            // Each claim reads as a sentence: what a side is (in code when no words are known for it),
            // its value, and the relation; a bare number takes the other side's unit.
            CheckResult(claim: "size(llama-3.1-70b, int4) == size(llama-3.1-70b, bf16) / 4", holds: true,
                        detail: "`size(llama-3.1-70b, int4)` is 35.3 GB, the same as `size(llama-3.1-70b, bf16) / 4`."),
            CheckResult(claim: "The 70B model at BF16 is about 141 GB", holds: true, detail: "`size(llama-3.1-70b, bf16)` is 141.1 GB, within 0.1% of 141 GB."),
            CheckResult(claim: "size(llama-3.1-8b, bf16) < 20GB", holds: true, detail: "`size(llama-3.1-8b, bf16)` is 16.1 GB, less than 20 GB."),
            CheckResult(claim: "128K > 100000", holds: true, detail: "131,072 tokens is more than 100,000 tokens."),
        ])
        #expect(result.values.filter { $0.block == "check@4" }.map(\.name) == ["claims.0", "claims.1", "claims.2", "claims.3"])
    }

    /// Engine functions with catalog ids read in words with the catalog's display names; a number
    /// compared against another names what the other is; ratios read as percentages.
    @Test func claimsReadAsSentencesWithCatalogNames() {
        let result = evaluate(page("""
            ```{check}
            - weights(llama-3.1-70b, bf16) > gpu_memory(h100-sxm)
            - spec(llama-3.1-70b, kv_heads) / spec(llama-3.1-70b, attention_heads) < 20%
            - params(llama-3.1-70b) > 70B
            ```

            """), context: RealKindsTests.context)
        #expect(result.diagnostics.isEmpty)
        guard case .checks(let checks) = result.blocks[0].artifacts.first else { Issue.record("no checks artifact"); return }
        // 70,553,706,496 parameters × 2 bytes = 141.1 GB (config.json of meta-llama/Llama-3.1-70B); the
        // H100 SXM carries 80 GB (NVIDIA H100 datasheet); 8 KV heads of 64 attention heads = 12.5%.
        #expect(checks.map(\.detail) == [
            "The weight memory of Llama 3.1 70B at BF16 is 141.1 GB, more than the memory of one NVIDIA H100 SXM5 80GB (80 GB).",
            "`spec(llama-3.1-70b, kv_heads) / spec(llama-3.1-70b, attention_heads)` is 12.5%, less than 20%.",
            "The parameter count of Llama 3.1 70B is 70.6B, more than 70B.",
        ])
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
