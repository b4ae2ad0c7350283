import Testing
import Foundation
import Catalog
@testable import Literate

/// The language through the registered kinds and functions on the shipped catalog (Content/data).
@Suite struct RealKindsTests {
    static let context: EvaluationContext = {
        let data = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Content/data").path
        return EvaluationContext(catalog: try! DataCatalog.load(directory: data), today: "2026-11-01")
    }()

    /// Issue 2's acceptance example: Llama 3.1 70B has 70,553,706,496 parameters (its Hugging Face
    /// safetensors metadata); at BF16 that is × 2 bytes = 141,107,412,992 bytes ≈ 141.1 GB.
    @Test func weightsTableAndWeightsFunction() {
        let result = evaluate(page("""
            ```{weights-table id=t caption="Weights"}
            models: [llama-3.1-8b, llama-3.1-70b]
            precisions: [bf16, int4]
            ```

            Table cell `{= t.llama-3.1-70b.bf16 | GB}`, function `{= weights(llama-3.1-70b, bf16) | GB}`,
            exact `{= weights(llama-3.1-70b, bf16) | comma}` bytes.

            ```{check}
            - weights(llama-3.1-70b, int4) > weights(llama-3.1-70b, bf16) / 4
            - t.llama-3.1-70b.bf16 == weights(llama-3.1-70b, bf16)
            ```

            """), context: Self.context)
        #expect(errors(result) == [])
        #expect(result.inlineValues.map(\.text) == ["141.1 GB", "141.1 GB", "141,107,412,992"])
        let cell = result.values.first { $0.block == "t" && $0.name == "llama-3.1-70b.bf16" }
        #expect(cell?.number == 141_107_412_992)
        #expect(cell?.formula.contains("70,553,706,496") == true)
        let inline = result.values.first { $0.expression == "weights(llama-3.1-70b, bf16) | GB" }
        #expect(inline?.formula.hasPrefix("weights(llama-3.1-70b, bf16) = ") == true)
        #expect(inline?.inputs["model"] == "llama-3.1-70b")
    }

    @Test func unknownModelAndPrecisionPointAtTheArgument() {
        let result = evaluate(page("`{= weights(llama-3.1-7b, bf16)}` and `{= weights(llama-3.1-70b, bf61)}`\n"), context: Self.context)
        let found = errors(result)
        #expect(found.count == 2)
        #expect(found.first?.hasPrefix("4:13: ") == true)
        #expect(found.first?.contains("'llama-3.1-70b'") == true)
        #expect(found.last?.hasPrefix("4:66: ") == true)
        #expect(found.last?.contains("'bf16'") == true)
    }

    /// KV cache per token = 2 (K and V) × layers × KV heads × head dim × 2 bytes at BF16 (the models'
    /// config.json): Llama 3.1 8B 2 × 32 × 8 × 128 × 2 = 131,072 bytes; 70B 2 × 80 × 8 × 128 × 2 = 327,680.
    @Test func chartSweepingTheKVCacheKind() {
        let result = evaluate(page("""
            ```{chart id=kv caption="KV cache for one user"}
            kind: kv-cache
            x: context
            series: model
            y: total
            model: [llama-3.1-8b, llama-3.1-70b]
            context: [1K, 8K]
            users: 1
            kv_precision: bf16
            ```

            """), context: Self.context)
        #expect(errors(result) == [])
        guard case .chart(let chart) = result.blocks.first?.artifacts.first else { Issue.record("no chart"); return }
        // Series are named by the catalog's display names (models.yaml `name:`), not the ids typed.
        #expect(chart.series.map(\.name) == ["Llama 3.1 8B", "Llama 3.1 70B"])
        #expect(chart.series[0].points.map(\.x) == [1024, 8192])
        // 131,072 bytes × 8,192 tokens = 1,073,741,824 bytes = 1.073741824 GB; 327,680 × 8,192 = 2.68435456 GB.
        #expect(chart.series[0].points[1].y == 1.073741824)
        #expect(chart.series[1].points[1].y == 2.68435456)
        #expect(chart.yLabel == "total (GB)")
    }
}
