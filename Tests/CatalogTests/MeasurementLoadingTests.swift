import Basics
import Catalog
import Testing

/// `measurements.yaml` is read like every data file: a well-formed record comes back field by field,
/// and each kind of mistake is an error at its line and column with the nearest valid name.
struct MeasurementLoadingTests {
    let catalog: DataCatalog

    init() throws {
        catalog = try DataCatalog.load(directory: CatalogFixtures.dataDirectory)
    }

    static let header = """
        sources:
          - id: trtllm-perf-overview-1.0
            title: "TensorRT-LLM Performance Overview"
            url: https://github.com/NVIDIA/TensorRT-LLM/blob/00f37686aa854010d68bcbd0f4ab000221541ca6/docs/source/performance/perf-overview.md
            retrieved: 2026-12-05
        measurements:

        """

    /// The sources above, then `record` as the only measurement (its `- id` on line 7).
    static func file(record: String) -> String { header + record }

    static let goodRecord = """
          - id: trtllm-llama-3.1-8b-fp8-h100-tp1-128-2048
            source: trtllm-perf-overview-1.0
            engine: trt-llm
            engine_version: "1.0"
            gpu: h100-sxm
            model: llama-3.1-8b
            precision: fp8
            layout: { tp: 1 }
            workload: { input_tokens: 128, output_tokens: 2048 }
            measured: { output_tokens_per_second: 22714 }
        """

    func problems(_ text: String) -> [Diagnostic] {
        do {
            _ = try MeasurementSet.parse(text, path: "measurements.yaml", catalog: catalog)
            return []
        } catch {
            return error.items
        }
    }

    @Test func readsARecordFieldByField() throws {
        let set = try MeasurementSet.parse(Self.file(record: Self.goodRecord), path: "measurements.yaml", catalog: catalog)
        let record = try #require(set.measurements.first)
        // Llama 3.1 8B, H100 TP1 (FP8), 128/2048: 22,714 output tokens/s in TensorRT-LLM's perf-overview.md.
        #expect(record.results.outputTokensPerSecond == 22714)
        #expect(record.engine == .trtLLM)
        #expect(record.layout == Measurement.Layout(tensorParallel: 1, pipelineParallel: 1, expertParallel: 1, replicas: 1))
        #expect(record.workload.inputTokens == 128 && record.workload.outputTokens == 2048)
        #expect(set.source(record.source)?.retrieved == "2026-12-05")
        #expect(record.location.line == 7)
    }

    @Test func unknownKeyIsRefusedWithTheNearestName() {
        let found = problems(Self.file(record: Self.goodRecord.replacingOccurrences(of: "engine_version:", with: "engine_verison:")))
        #expect(found.contains { $0.location.line == 10 && $0.location.column == 5 && $0.message.contains("unknown key 'engine_verison'")
            && $0.message.contains("engine_version") })
    }

    @Test func unknownSourceIsRefused() {
        let found = problems(Self.file(record: Self.goodRecord.replacingOccurrences(of: "source: trtllm-perf-overview-1.0", with: "source: trtllm-perf-overview")))
        #expect(found.contains { $0.location.line == 8 && $0.location.column == 13 && $0.message.contains("unknown source 'trtllm-perf-overview'")
            && $0.message.contains("trtllm-perf-overview-1.0") })
    }

    @Test func recordWithoutSourceIsRefused() {
        let found = problems(Self.file(record: Self.goodRecord.replacingOccurrences(of: "    source: trtllm-perf-overview-1.0\n", with: "")))
        #expect(found.contains { $0.location.line == 7 && $0.message.contains("missing required key 'source'") })
    }

    @Test func sourceWithoutDateIsRefused() {
        let found = problems(Self.file(record: Self.goodRecord).replacingOccurrences(of: "    retrieved: 2026-12-05\n", with: ""))
        #expect(found.contains { $0.location.line == 2 && $0.message.contains("needs a date") })
    }

    @Test func unknownGPUAndModelSuggestNearestIds() {
        let text = Self.file(record: Self.goodRecord.replacingOccurrences(of: "gpu: h100-sxm", with: "gpu: h100")
            .replacingOccurrences(of: "model: llama-3.1-8b", with: "model: llama-3.1-8"))
        let found = problems(text)
        #expect(found.contains { $0.location.line == 11 && $0.location.column == 10 && $0.message.contains("unknown GPU 'h100'")
            && $0.message.contains("h100-sxm") })
        #expect(found.contains { $0.location.line == 12 && $0.message.contains("unknown model 'llama-3.1-8'") && $0.message.contains("llama-3.1-8b") })
    }

    @Test func unknownEngineIsRefused() {
        let found = problems(Self.file(record: Self.goodRecord.replacingOccurrences(of: "engine: trt-llm", with: "engine: tensorrt")))
        #expect(found.contains { $0.location.line == 9 && $0.message.contains("unexpected value 'tensorrt'") })
    }

    @Test func duplicateIdIsRefusedAtTheSecond() {
        let found = problems(Self.file(record: Self.goodRecord + "\n" + Self.goodRecord))
        #expect(found.contains { $0.location.line == 17 && $0.message.contains("duplicate measurement id") && $0.message.contains("line 7") })
    }

    @Test func recordThatMeasuredNothingIsRefused() {
        let found = problems(Self.file(record: Self.goodRecord.replacingOccurrences(of: "{ output_tokens_per_second: 22714 }", with: "{ }")))
        #expect(found.contains { $0.location.line == 16 && $0.message.contains("nothing measured") })
    }

    @Test func singleStreamRatesAreReadWithTheirLengths() throws {
        // GPU-Benchmarks-on-LLM-Inference's LLaMA 3 table: RTX 4090, 8B Q4_K_M, pp 512 7138.99 and tg 512 130.58 t/s.
        let record = Self.goodRecord.replacingOccurrences(of: "engine: trt-llm", with: "engine: llama.cpp")
            .replacingOccurrences(of: "{ input_tokens: 128, output_tokens: 2048 }", with: "{ input_tokens: 512, output_tokens: 512, users: 1 }")
            .replacingOccurrences(of: "{ output_tokens_per_second: 22714 }",
                                  with: "{ prompt_tokens_per_second: 7138.99, generation_tokens_per_second: 130.58 }")
        let set = try MeasurementSet.parse(Self.file(record: record), path: "measurements.yaml", catalog: catalog)
        let results = try #require(set.measurements.first?.results)
        #expect(results.promptTokensPerSecond == 7138.99 && results.generationTokensPerSecond == 130.58)
        #expect(results.outputTokensPerSecond == nil)
    }

    @Test func singleStreamRateWithoutItsLengthIsRefusedAtTheRate() {
        // A prompt rate means nothing without the prompt's length: the error points at the rate (line 16,
        // column 17: `    measured: { ` is 16 characters) and names the missing key.
        let record = Self.goodRecord.replacingOccurrences(of: "{ input_tokens: 128, output_tokens: 2048 }", with: "{ output_tokens: 2048 }")
            .replacingOccurrences(of: "{ output_tokens_per_second: 22714 }", with: "{ prompt_tokens_per_second: 7138.99 }")
        let found = problems(Self.file(record: record))
        #expect(found.contains { $0.location.line == 16 && $0.location.column == 17 && $0.message.contains("input_tokens") }, "\(found)")
    }

    @Test func memoryFractionAboveOneIsRefused() {
        let found = problems(Self.file(record: Self.goodRecord + "\n    settings: { memory_fraction: 1.5 }"))
        #expect(found.contains { $0.location.line == 17 && $0.message.contains("at most 1") })
    }

    @Test func flashAttentionIsAYesOrNo() throws {
        let found = problems(Self.file(record: Self.goodRecord + "\n    settings: { flash_attention: sometimes }"))
        #expect(found.contains { $0.location.line == 17 }, "\(found)")
        let set = try MeasurementSet.parse(Self.file(record: Self.goodRecord + "\n    settings: { flash_attention: false }"), path: "measurements.yaml",
                                           catalog: catalog)
        #expect(set.measurements.first?.settings.flashAttention == false)
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let text = Self.file(record: Self.goodRecord.replacingOccurrences(of: "gpu: h100-sxm", with: "gpu: h100")
            .replacingOccurrences(of: "precision: fp8", with: "precision: fp7"))
        #expect(problems(text).count == 2)
    }
}
