import Catalog
import ModelFiles
import Testing

/// The shipped `Content/data/measurements.yaml` loads against the whole catalog (config.json models
/// included) and holds what calibration needs: enough records, each citing a dated source.
struct ShippedMeasurementsTests {
    static var dataDirectory: String {
        #filePath.components(separatedBy: "/Tests/").dropLast().joined(separator: "/Tests/") + "/Content/data"
    }

    @Test func loadsWithEveryRecordSourced() throws {
        let catalog = try ConfigCatalog.load(directory: Self.dataDirectory)
        let set = try MeasurementSet.load(directory: Self.dataDirectory, catalog: catalog)
        #expect(set.measurements.count >= 25)
        for record in set.measurements {
            let source = try #require(set.source(record.source), "\(record.id)")
            #expect(source.url.hasPrefix("https://"), "\(record.id)")
            #expect(source.published != nil || source.retrieved != nil, "\(record.id)")
        }
        // Both kinds calibration compares: KV capacity printed at start-up and throughput under load.
        #expect(set.measurements.contains { $0.results.kvCacheTokens != nil })
        #expect(set.measurements.contains { $0.results.outputTokensPerSecond != nil })
    }

    @Test func startUpLogFiguresAreAsPrinted() throws {
        let catalog = try ConfigCatalog.load(directory: Self.dataDirectory)
        let set = try MeasurementSet.load(directory: Self.dataDirectory, catalog: catalog)
        // vLLM issue 10517: "# GPU blocks: 1952" at block size 16 for Llama-3.1-8B-Instruct on an RTX 3090
        // at max_model_len 20000, gpu_memory_utilization 0.90.
        let record = try #require(set.measurement("vllm-llama-3.1-8b-rtx-3090-20k"))
        #expect(record.results.kvCacheTokens == 1952 * 16)
        #expect(record.settings.memoryFraction == 0.90)
        // vLLM issue 21348: "GPU KV cache size: 178,880 tokens" for Qwen3-235B-A22B-FP8 at TP 4 on H100.
        #expect(set.measurement("vllm-qwen3-235b-a22b-fp8-4xh100")?.results.kvCacheTokens == 178_880)
    }
}
