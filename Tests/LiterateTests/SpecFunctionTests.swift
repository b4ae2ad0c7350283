import Testing
import Catalog
@testable import Literate

/// `spec(id, field)` on the shipped catalog: each expected figure is the published one, cited beside it.
@Suite struct SpecFunctionTests {
    static let context = RealKindsTests.context

    /// The first inline value of a one-expression page, and the page's errors.
    private func inline(_ expression: String) -> (text: String?, value: PageValue?, errors: [String]) {
        let result = evaluate(page("`{= \(expression)}`\n"), context: Self.context)
        return (result.inlineValues.first?.text, result.values.first { $0.expression == expression }, errors(result))
    }

    /// Llama 3.1 70B config.json (huggingface.co/meta-llama/Llama-3.1-70B): num_hidden_layers 80,
    /// num_key_value_heads 8, num_attention_heads 64, hidden_size 8192.
    @Test func modelFieldsFromTheConfig() {
        #expect(inline("spec(llama-3.1-70b, layers)").text == "80")
        #expect(inline("spec(llama-3.1-70b, kv_heads)").text == "8")
        #expect(inline("spec(llama-3.1-70b, attention_heads)").text == "64")
        #expect(inline("spec(llama-3.1-70b, hidden_size) | comma").text == "8,192")
        // max_position_embeddings 131072 in the same config; a token count keeps its unit.
        #expect(inline("spec(llama-3.1-70b, max_context)").text == "131,072 tokens")
        let layers = inline("spec(llama-3.1-70b, layers)").value
        #expect(layers?.formula == "spec(llama-3.1-70b, layers) = Llama 3.1 70B config: layers = 80")
        #expect(layers?.inputs["id"] == "llama-3.1-70b")
        #expect(layers?.inputs["field"] == "layers")
        #expect(layers?.inputs["source"] == "https://huggingface.co/meta-llama/Llama-3.1-70B/blob/main/config.json")
    }

    /// 64 query heads share 8 KV heads (same config), so GQA groups 8 queries per KV head and a
    /// multi-head cache would be 8 times larger: 327,680 bytes per token × 8 = 2,621,440 bytes
    /// (2 × 80 layers × 64 heads × 128 dims × 2 bytes).
    @Test func derivedGQAGroupMultipliesACacheSize() {
        let group = inline("spec(llama-3.1-70b, gqa_group)")
        #expect(group.text == "8")
        #expect(group.value?.formula.contains("attention_heads ÷ kv_heads = 64 ÷ 8") == true)
        #expect(inline("kv_per_token(llama-3.1-70b, bf16) * spec(llama-3.1-70b, gqa_group) | comma").text == "2,621,440")
        #expect(inline("spec(llama-3.1-70b, attention)").text == "GQA")
    }

    /// GLM-5 config.json (huggingface.co/zai-org/GLM-5): n_routed_experts 256, num_experts_per_tok 8,
    /// n_shared_experts 1.
    @Test func expertsOfAMixtureOfExperts() {
        #expect(inline("spec(glm-5, experts)").text == "256")
        #expect(inline("spec(glm-5, active_experts)").text == "8")
        #expect(inline("spec(glm-5, shared_experts)").text == "1")
        let dense = inline("spec(llama-3.1-70b, experts)")
        #expect(dense.errors.count == 1)
        #expect(dense.errors.first?.contains("Llama 3.1 70B is dense") == true)
    }

    /// DGX H100 datasheet: 8 H100 GPUs, 640 GB of GPU memory in all, 8 × 400 Gb/s ConnectX-7 ports
    /// (400 GB/s of the node's scale-out bandwidth), 10.2 kW maximum.
    @Test func systemFieldsAndNodeMemory() {
        #expect(inline("spec(dgx-h100, gpus_per_node)").text == "8 GPUs")
        #expect(inline("spec(dgx-h100, node_memory)").text == "640 GB")
        #expect(inline("spec(dgx-h100, inter_node_bandwidth) | GB | int").text == "400 GB/s")
        #expect(inline("spec(dgx-h100, power_watts)").text == "10.2 kW")
        #expect(inline("spec(dgx-h100, node_memory)").value?.formula.contains("gpus_per_node × NVIDIA H100 SXM5 80GB memory = 8 × 80 GB") == true)
        // One NDR port per GPU: 400 GB/s for the node is 50 GB/s per GPU, a bandwidth still.
        #expect(inline("spec(dgx-h100, inter_node_bandwidth) / spec(dgx-h100, gpus_per_node) | GB | int").text == "50 GB/s")
    }

    /// DGX H200 datasheet: 8 × 141 GB = 1,128 GB. The formula keeps the figure whole where the default
    /// text would round it to "1.1 TB".
    @Test func formulasStateSizesWithoutRoundingThem() {
        let memory = inline("spec(dgx-h200, node_memory) | GB | int")
        #expect(memory.text == "1,128 GB")
        #expect(memory.value?.formula.hasSuffix("= 8 × 141 GB = 1,128 GB") == true)
    }

    /// H100 SXM datasheet: 900 GB/s NVLink 4, 3.35 TB/s HBM3, 989.4 dense BF16 TFLOPS (1,979 with sparsity).
    @Test func gpuFieldsFromTheDatasheet() {
        #expect(inline("spec(h100-sxm, interconnect_bandwidth) | GB | int").text == "900 GB/s")
        #expect(inline("spec(h100-sxm, memory_bandwidth)").text == "3.35 TB/s")
        #expect(inline("spec(h100-sxm, bf16_flops)").text == "989.4 TFLOP/s")
        #expect(inline("spec(h100-sxm, interconnect)").text == "NVLink 4")
        #expect(inline("spec(h100-sxm, fp4_flops)").errors.first?.contains("no dense fp4 figure") == true)
    }

    /// FP8 (E4M3) stores 8 bits, one byte, per weight (arXiv 2209.05433); BF16 two bytes.
    @Test func precisionFields() {
        #expect(inline("spec(fp8, bits_per_weight)").text == "8")
        #expect(inline("spec(bf16, bytes_per_weight)").text == "2 bytes")
        // A stage boundary of Llama 3.1 70B passes hidden 8192 × 2 bytes = 16,384 bytes per token.
        #expect(inline("spec(llama-3.1-70b, hidden_size) * spec(bf16, bytes_per_weight) | comma").text == "16,384")
    }

    @Test func unknownIdSuggestsIdsOfEveryKind() {
        let result = evaluate(page("Layers: `{= spec(dgx-h10, layers)}`\n"), context: Self.context)
        #expect(errors(result).count == 1)
        #expect(errors(result).first?.hasPrefix("4:18: unknown catalog id 'dgx-h10'") == true)
        #expect(errors(result).first?.contains("'dgx-h100'") == true)
    }

    @Test func unknownFieldSuggestsFieldsOfThatKind() {
        let result = evaluate(page("`{= spec(llama-3.1-70b, kv_head)}` `{= spec(dgx-h100, gpus_per_nod)}`\n"), context: Self.context)
        let found = errors(result)
        #expect(found.count == 2)
        #expect(found.first?.hasPrefix("4:25: Llama 3.1 70B (a model) has no field 'kv_head'; did you mean 'kv_heads'") == true)
        #expect(found.last?.contains("NVIDIA DGX H100 (a system) has no field 'gpus_per_nod'; did you mean 'gpus_per_node'") == true)
        // Nothing close: every field of that kind is listed, and none of another kind.
        let far = inline("spec(fp8, colour)").errors.first ?? ""
        #expect(far.contains("FP8 (E4M3) (a precision) has no field 'colour'; a precision's fields are: name, kind, bits_per_weight"))
        #expect(!far.contains("layers"))
    }

    /// The search order (models, GPUs, systems, precisions) only matters if two kinds share an id;
    /// the shipped catalog keeps them apart so that `spec` is never ambiguous.
    @Test func shippedIdsAreUniqueAcrossKinds() {
        let catalog = Self.context.catalog
        let all = [DataCatalog.Entry.model, .gpu, .system, .precision].flatMap { catalog.ids(of: $0) }
        #expect(Set(all).count == all.count)
    }
}
