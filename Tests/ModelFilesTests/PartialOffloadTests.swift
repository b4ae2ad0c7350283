import Catalog
import ModelFiles
import Sizing
import Testing

/// Partial offload (`size --engine llama.cpp --gpu-layers N | --cpu-moe`): memory on each side and a
/// decode speed from the GPU's bandwidth and the CPU's measured rate.
struct PartialOffloadTests {
    let catalog: DataCatalog
    // The q4_0 GEMV rate of the 2-core machine in Content/data/benchmark.json (34.96 GB/s).
    let host = PartialOffload.HostMeasurement(cpu: "AMD EPYC", weightBytesPerSecond: 34.96e9, measuredAs: "q4_0 GEMV")

    init() throws {
        catalog = try ConfigCatalog.load(directory: ShippedMeasurementsTests.dataDirectory)
    }

    func offload(_ model: String, _ precision: String, gpu: String, context: Int = 8192, split: PartialOffload.Split?) throws -> PartialOffload {
        try PartialOffload.plan(model: try #require(catalog.model(model)), precision: try #require(catalog.precision(precision)),
                                kvPrecision: try #require(catalog.precision("q8_0")), gpu: try #require(catalog.gpu(gpu)),
                                contextTokens: context, users: 1, host: host, split: split)
    }

    @Test func bytesAreConservedAcrossTheSplit() throws {
        let model = try #require(catalog.model("llama-3.1-70b"))
        let weights = try WeightsEstimate(model: model, precision: try #require(catalog.precision("q4_k_m"))).bytes
        for layers in [0, 20, 40, 81] {
            let split = try offload("llama-3.1-70b", "q4_k_m", gpu: "rtx-4090", split: .layers(gpuLayers: layers))
            #expect(abs(split.gpuWeightsBytes + split.hostWeightsBytes - weights) <= 2)
        }
    }

    @Test func moreLayersOnTheGPUDecodeFaster() throws {
        // The CPU streams weights at 35 GB/s, the RTX 4090 at 1,008 GB/s × 0.75: every layer moved to the GPU helps.
        let few = try offload("llama-3.1-70b", "q4_k_m", gpu: "rtx-4090", split: .layers(gpuLayers: 10))
        let many = try offload("llama-3.1-70b", "q4_k_m", gpu: "rtx-4090", split: .layers(gpuLayers: 40))
        #expect(many.decodeTokensPerSecond > few.decodeTokensPerSecond)
        #expect(many.hostWeightsBytes < few.hostWeightsBytes)
        // With most of a 70B Q4_K_M model (about 42 GB) on the CPU, decode is bounded by the CPU's rate:
        // under 35 GB/s ÷ the bytes read there per token.
        #expect(few.decodeTokensPerSecond < host.weightBytesPerSecond / few.hostBytesPerToken)
    }

    @Test func withoutACountTheMostLayersThatFitAreChosen() throws {
        let chosen = try offload("llama-3.1-70b", "q4_k_m", gpu: "rtx-4090", split: nil)
        guard case .layers(let count) = chosen.split else { Issue.record("expected a layer split"); return }
        #expect(chosen.fitsOnGPU)
        let oneMore = try offload("llama-3.1-70b", "q4_k_m", gpu: "rtx-4090", split: .layers(gpuLayers: count + 1))
        #expect(!oneMore.fitsOnGPU)
    }

    @Test func expertsOnTheCPUKeepAttentionOnTheGPU() throws {
        // Qwen3-30B-A3B: 128 routed experts of width 768 in each of 48 layers, 8 active (its config.json).
        let split = try offload("qwen3-30b-a3b", "q4_k_m", gpu: "rtx-3090", context: 32768, split: .experts)
        #expect(split.fitsOnGPU)
        #expect(split.hostWeightsBytes > 10 * split.gpuWeightsBytes)
        // A token reads 8 of 128 experts on the CPU: a sixteenth of what the CPU holds (plus nothing else).
        #expect(abs(split.hostBytesPerToken / Double(split.hostWeightsBytes) - 8.0 / 128) < 0.01)
    }

    @Test func aDenseModelHasNoExpertsToOffload() throws {
        #expect(throws: SizingError.self) { try offload("llama-3.1-8b", "q4_k_m", gpu: "rtx-4090", split: .experts) }
    }
}
