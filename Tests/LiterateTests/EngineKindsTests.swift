import Testing
import Catalog
@testable import Literate

/// The engine's block kinds (`kv-cache`, `sizing`) and inline functions on the shipped catalog: values
/// reach prose with their formulas, and bad input points at its line and column.
@Suite struct EngineKindsTests {
    /// The shipped catalog, loaded as RealKindsTests loads it.
    static var context: EvaluationContext { RealKindsTests.context }

    @Test func kvCacheForGQAAndMLA() {
        // Per token: Llama 3.1 70B 2 × 80 × 8 × 128 × 2 = 327,680 B (config.json); DeepSeek-V3 (512 + 64) × 61 × 2 = 70,272 B.
        let result = evaluate(page("""
            ```{kv-cache id=kv}
            model: [llama-3.1-70b, deepseek-v3]
            context: 4K
            users: 10
            ```

            `{= kv.bytes_per_token | comma}` and `{= kv.deepseek-v3.bytes_per_token | comma}`; total `{= kv.total | GB}`.
            """), context: Self.context)
        #expect(errors(result) == [])
        #expect(result.inlineValues.map(\.text) == ["327,680", "70,272", "13.4 GB"])
        let total = result.values.first { $0.block == "kv" && $0.name == "total" }
        #expect(total?.number == Double(327_680 * 4096 * 10))
        #expect(total?.formula == "327,680 B per token × 4,096 tokens × 10 users")
    }

    @Test func sizingResultsAreAddressableByGPU() {
        // The reference's example: the 745B MoE at FP8 for 10 users at 8K needs two 8 × H100 nodes.
        let result = evaluate(page("""
            ```{sizing id=s}
            model: glm-5
            precision: fp8
            users: 10
            context: 8K
            hardware: [h100-sxm, b200]
            ```

            `{= s.options.h100-sxm.nodes}` nodes, `{= s.options.h100-sxm.gpus}`; weights `{= s.memory.weights | GB}`.

            ```{check}
            - s.options.b200.nodes == 1
            - s.memory.total > s.memory.weights
            ```
            """), context: Self.context)
        #expect(errors(result) == [])
        // GLM-5 at FP8: 743.9B parameters, the layers' linear weights at one byte, embedding, head and routers at two.
        #expect(result.inlineValues.map(\.text) == ["2", "16 GPUs", "747.5 GB"])
        let speed = result.values.first { $0.block == "s" && $0.name == "options.h100-sxm.tokens_per_second" }
        #expect(speed?.formula.hasPrefix("1 ÷ (max(") == true)
        #expect(speed?.inputs["gpu"] == "h100-sxm")
        let artifacts = result.blocks.first?.artifacts ?? []
        #expect(artifacts.filter { if case .table = $0 { return true } else { return false } }.count == 2)
    }

    @Test func engineFunctions() {
        let result = evaluate(page("""
            `{= params(llama-3.1-70b) | comma}` `{= active_params(mixtral-8x7b) | comma}` `{= kv_per_token(deepseek-v3, fp8) | comma}`
            `{= kv_cache(mistral-7b-v0.1, 32K, 1, bf16) | GiB}` `{= gpu_memory(h100-sxm) | GB}` `{= gpu_bandwidth(h200)}`
            `{= gpu_flops(h100-sxm, fp8)}` `{= bits_per_weight(q4_0)}` `{= gpus_needed(llama-3.1-70b, bf16, h100-sxm)}`
            `{= max_context(glm-5) | comma}`
            """), context: Self.context)
        #expect(errors(result) == [])
        // Mistral 7B keeps at most its 4,096-token window: 131,072 B × 4,096 = 0.5 GiB at any longer context.
        #expect(result.inlineValues.map(\.text) == ["70,553,706,496", "12,879,925,248", "35,136", "0.5 GiB", "80 GB", "4.8 TB/s",
                                                    "2 PFLOP/s", "4.5", "2 GPUs", "202,752"])
    }

    @Test func unknownIdsPointAtTheirPlace() {
        let result = evaluate(page("""
            ```{sizing}
            model: llama-3.1-70
            hardware: [h100, b200]
            ```

            `{= weights(llama-3.1-70b, bf61)}`
            """), context: Self.context)
        // Line 4 is the first body line (after three lines of front matter and the fence).
        #expect(errors(result) == [
            "5:8: unknown model 'llama-3.1-70'; did you mean 'llama-3.1-70b', 'llama-3.1-8b' or 'llama-3.1-405b'?",
            "6:12: unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie' or 'h200'?",
            "9:28: unknown precision 'bf61'; did you mean 'bf16'?",
        ])
    }

    @Test func impossibleRequestsAreErrorsAtTheKey() {
        let result = evaluate(page("""
            ```{sizing}
            model: mistral-7b-v0.1
            context: 64K
            users: 0
            ```
            """), context: Self.context)
        let found = errors(result)
        #expect(found.contains { $0.hasPrefix("7:8: 'users' must be greater than zero") })
    }
}
