import Testing
import Catalog
@testable import Literate

/// The `serving` and `frontier` kinds on the shipped catalog: simulated figures reach prose by GPU
/// id, and workload or layout mistakes are errors at their key.
@Suite struct ServingBlockTests {
    static var context: EvaluationContext { RealKindsTests.context }

    @Test func servingResultsAreAddressableByGPU() {
        // NVIDIA NIM's benchmark layout: Llama 3.1 70B FP8 on 2 × H100 SXM, TP 2, 5,000 tokens in and 500 out.
        let result = evaluate(page("""
            ```{serving id=s}
            model: llama-3.1-70b
            precision: fp8
            input_tokens: 5000
            output_tokens: 500
            users: 8
            hardware: [h100-sxm]
            gpus: 2
            tp: 2
            requests: 200
            ```

            `{= s.options.h100-sxm.gpus}` GPUs in `{= s.options.h100-sxm.replicas}` replica.
            """), context: Self.context)
        #expect(errors(result) == [])
        #expect(result.inlineValues.map(\.text) == ["2 GPUs", "1"])
        let p50 = result.values.first { $0.block == "s" && $0.name == "options.h100-sxm.ttft_p50" }?.number ?? 0
        let p99 = result.values.first { $0.block == "s" && $0.name == "options.h100-sxm.ttft_p99" }?.number ?? 0
        #expect(p50 > 0 && p99 >= p50)
    }

    @Test func workloadAndLayoutMistakesAreErrorsAtTheirKey() {
        let result = evaluate(page("""
            ```{serving}
            model: llama-3.1-70b
            precision: fp8
            input_tokens: 5000
            output_tokens: normal(500)
            users: 8
            ```

            ```{serving}
            model: llama-3.1-70b
            precision: fp8
            input_tokens: 5000
            output_tokens: 500
            users: 8
            rate: 2
            ```

            ```{serving}
            model: llama-3.1-70b
            precision: fp8
            input_tokens: 5000
            output_tokens: 500
            hardware: [h100-sxm]
            tp: 3
            ```
            """), context: Self.context)
        let found = errors(result)
        #expect(found.contains { $0.hasPrefix("8:16: 'output_tokens' must be a token count") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("18:7: give users (a closed loop) or a rate") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("27:5: TP 3 does not divide Llama 3.1 70B's 64 attention heads") }, "\(found)")
    }

    @Test func frontierDrawsOneSeriesPerGPU() throws {
        let result = evaluate(page("""
            ```{frontier id=f}
            model: llama-3.1-8b
            precision: fp8
            input_tokens: 1000
            output_tokens: 200
            hardware: [h100-sxm, h200]
            tp: 1
            requests: 200
            ```
            """), context: Self.context)
        #expect(errors(result) == [])
        let chart = try #require(result.blocks.first?.artifacts.compactMap { artifact -> Chart? in
            if case .chart(let chart) = artifact { return chart } else { return nil }
        }.first)
        #expect(chart.series.count == 2)
        for series in chart.series {
            // Along a frontier, more speed per user costs throughput per GPU.
            let ys = series.points.map(\.y)
            #expect(ys == ys.sorted(by: >), "\(series.name)")
        }
    }
}
