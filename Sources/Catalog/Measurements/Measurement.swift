import Basics

/// A published, measured result of a real deployment: what ran (engine, GPU, model, precision,
/// layout), what it was asked (the workload and the engine's settings) and what was measured, with
/// the source that printed it.
///
/// Owns the shape of `Content/data/measurements.yaml` once it is read. It never computes an estimate
/// and never fills in a figure the source did not print: a field the source is silent on stays nil.
package struct Measurement: Sendable, Identifiable, Equatable {
    /// The serving engines that published measurements come from; the raw values are the words
    /// `size --engine` takes.
    package enum Engine: String, Sendable, CaseIterable {
        case vllm, sglang, llamaCpp = "llama.cpp", trtLLM = "trt-llm"

        /// Engines whose kernels and scheduling are alike enough to share calibrated constants:
        /// vLLM, SGLang and TensorRT-LLM batch many sequences through tuned GEMMs and CUDA graphs;
        /// llama.cpp runs its own quantized kernels, mostly one stream at a time.
        package enum Family: String, Sendable {
            case batchedServing = "batched serving engines", llamaCpp = "llama.cpp"
        }

        package var family: Family { self == .llamaCpp ? .llamaCpp : .batchedServing }
    }

    /// How the model was split: tensor, pipeline and expert parallel degrees, and whole copies.
    package struct Layout: Sendable, Equatable {
        package var tensorParallel: Int
        package var pipelineParallel: Int
        package var expertParallel: Int
        package var replicas: Int

        package init(tensorParallel: Int = 1, pipelineParallel: Int = 1, expertParallel: Int = 1, replicas: Int = 1) {
            self.tensorParallel = tensorParallel
            self.pipelineParallel = pipelineParallel
            self.expertParallel = expertParallel
            self.replicas = replicas
        }

        /// GPUs the layout occupies.
        package var gpus: Int { tensorParallel * pipelineParallel * replicas }
    }

    /// What the engine was asked to serve. Throughput tables give input and output lengths and an
    /// unbounded rate; start-up logs give only the settings below.
    package struct Workload: Sendable, Equatable {
        package var inputTokens: Int?
        package var outputTokens: Int?
        /// Concurrent requests the client kept in flight, when the source fixes it.
        package var users: Int?
        /// Requests per second offered, when the source fixes it.
        package var requestsPerSecond: Double?
        /// Requests the benchmark ran in all, when the source gives it (trtllm-bench's dataset size per
        /// length pair): with a fixed batch limit it decides how much of the run is the last, partial batch.
        package var requests: Int? = nil
    }

    /// The engine's own settings that decide its memory: the fields each engine prints at start-up.
    package struct Settings: Sendable, Equatable {
        /// vLLM `--gpu-memory-utilization`, SGLang `--mem-fraction-static`, TensorRT-LLM's free-memory fraction.
        package var memoryFraction: Double?
        /// vLLM `--max-model-len`, SGLang `--context-length`, llama.cpp `-c`.
        package var maxModelLength: Int?
        package var maxSequences: Int?
        /// vLLM `--max-num-batched-tokens`: the tokens of the profiling pass that sizes activations.
        package var maxBatchedTokens: Int?
        /// The KV cache's data type as the engine names it (`auto`, `fp8`, `q8_0`).
        package var kvCacheType: String?
        /// llama.cpp `-ngl`.
        package var gpuLayers: Int?
        /// llama.cpp `-fa` (llama-bench `-fa 0|1`): whether attention ran fused.
        package var flashAttention: Bool?
    }

    /// What was measured. Times are in seconds, memory in bytes per GPU.
    package struct Results: Sendable, Equatable {
        package var outputTokensPerSecond: Double?
        package var ttftP50Seconds: Double?
        package var ttftP99Seconds: Double?
        package var tpotP50Seconds: Double?
        package var tpotP99Seconds: Double?
        /// A single-stream prompt benchmark (llama-bench's `pp N`): the workload's `input_tokens`
        /// processed from an empty cache as one request, in tokens per second as printed. The time to
        /// first token it implies is input tokens ÷ this.
        package var promptTokensPerSecond: Double?
        /// A single-stream generation benchmark (llama-bench's `tg N`): the workload's `output_tokens`
        /// generated one at a time from an empty cache, in tokens per second as printed. The mean time
        /// per output token it implies is 1 ÷ this.
        package var generationTokensPerSecond: Double?
        /// Means over the requests of a run with one user (`users: 1`): the time to first token, and
        /// the time per output token after it (AIPerf's and genai-perf's inter-token latency).
        package var ttftMeanSeconds: Double?
        package var tpotMeanSeconds: Double?
        /// Tokens the KV cache holds, as the engine printed it at start-up (all GPUs of one replica).
        package var kvCacheTokens: Int?
        /// Bytes the engine gave the KV cache, per GPU.
        package var kvCacheBytes: Int?
        /// Bytes the weights took, per GPU, as the engine printed it.
        package var weightsBytes: Int?

        /// True when nothing was measured.
        package var isEmpty: Bool {
            outputTokensPerSecond == nil && ttftP50Seconds == nil && ttftP99Seconds == nil && tpotP50Seconds == nil
                && tpotP99Seconds == nil && promptTokensPerSecond == nil && generationTokensPerSecond == nil && ttftMeanSeconds == nil
                && tpotMeanSeconds == nil && kvCacheTokens == nil && kvCacheBytes == nil && weightsBytes == nil
        }
    }

    package var id: String
    /// The id of an entry in the file's `sources`.
    package var source: String
    package var engine: Engine
    package var engineVersion: String
    package var gpu: String
    package var model: String
    package var precision: String
    /// The KV cache's precision in the catalog's terms, when it differs from the engine default.
    package var kvPrecision: String?
    package var layout: Layout
    package var workload: Workload
    package var settings: Settings
    package var results: Results
    package var notes: String?
    /// Where the record starts in the file, so a later check (calibration, a page) can point at it.
    package var location: SourceLocation
}

/// A document that published measurements: a URL and a title, and the day it was published or,
/// where the page carries no date, the day it was read.
package struct MeasurementSource: Sendable, Identifiable, Equatable {
    package var id: String
    package var title: String
    package var url: String
    package var published: String?
    package var retrieved: String?
}

/// Every measurement in `measurements.yaml`, with the sources they cite.
package struct MeasurementSet: Sendable, Equatable {
    package var sources: [MeasurementSource]
    package var measurements: [Measurement]

    package init(sources: [MeasurementSource] = [], measurements: [Measurement] = []) {
        self.sources = sources
        self.measurements = measurements
    }

    package func source(_ id: String) -> MeasurementSource? { sources.first { $0.id == id } }
    package func measurement(_ id: String) -> Measurement? { measurements.first { $0.id == id } }
}
