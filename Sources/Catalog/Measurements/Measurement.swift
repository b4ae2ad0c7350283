import Basics

/// A published, measured result of a real deployment: what ran (engine, GPU, model, precision,
/// layout), what it was asked (the workload and the engine's settings) and what was measured, with
/// the source that printed it.
///
/// Owns the shape of `Content/data/measurements.yaml` once it is read. It never computes an estimate
/// and never fills in a figure the source did not print: a field the source is silent on stays nil.
public struct Measurement: Sendable, Identifiable, Equatable {
    /// The serving engines that published measurements come from; the raw values are the words
    /// `size --engine` takes.
    public enum Engine: String, Sendable, CaseIterable {
        case vllm, sglang, llamaCpp = "llama.cpp", trtLLM = "trt-llm"

        /// Engines whose kernels and scheduling are alike enough to share calibrated constants:
        /// vLLM, SGLang and TensorRT-LLM batch many sequences through tuned GEMMs and CUDA graphs;
        /// llama.cpp runs its own quantized kernels, mostly one stream at a time.
        public enum Family: String, Sendable {
            case batchedServing = "batched serving engines", llamaCpp = "llama.cpp"
        }

        public var family: Family { self == .llamaCpp ? .llamaCpp : .batchedServing }
    }

    /// How the model was split: tensor, pipeline and expert parallel degrees, and whole copies.
    public struct Layout: Sendable, Equatable {
        public var tensorParallel: Int
        public var pipelineParallel: Int
        public var expertParallel: Int
        public var replicas: Int

        public init(tensorParallel: Int = 1, pipelineParallel: Int = 1, expertParallel: Int = 1, replicas: Int = 1) {
            self.tensorParallel = tensorParallel
            self.pipelineParallel = pipelineParallel
            self.expertParallel = expertParallel
            self.replicas = replicas
        }

        /// GPUs the layout occupies.
        public var gpus: Int { tensorParallel * pipelineParallel * replicas }
    }

    /// What the engine was asked to serve. Throughput tables give input and output lengths and an
    /// unbounded rate; start-up logs give only the settings below.
    public struct Workload: Sendable, Equatable {
        public var inputTokens: Int?
        public var outputTokens: Int?
        /// Concurrent requests the client kept in flight, when the source fixes it.
        public var users: Int?
        /// Requests per second offered, when the source fixes it.
        public var requestsPerSecond: Double?
    }

    /// The engine's own settings that decide its memory: the fields each engine prints at start-up.
    public struct Settings: Sendable, Equatable {
        /// vLLM `--gpu-memory-utilization`, SGLang `--mem-fraction-static`, TensorRT-LLM's free-memory fraction.
        public var memoryFraction: Double?
        /// vLLM `--max-model-len`, SGLang `--context-length`, llama.cpp `-c`.
        public var maxModelLength: Int?
        public var maxSequences: Int?
        /// vLLM `--max-num-batched-tokens`: the tokens of the profiling pass that sizes activations.
        public var maxBatchedTokens: Int?
        /// The KV cache's data type as the engine names it (`auto`, `fp8`, `q8_0`).
        public var kvCacheType: String?
        /// llama.cpp `-ngl`.
        public var gpuLayers: Int?
    }

    /// What was measured. Times are in seconds, memory in bytes per GPU.
    public struct Results: Sendable, Equatable {
        public var outputTokensPerSecond: Double?
        public var ttftP50Seconds: Double?
        public var ttftP99Seconds: Double?
        public var tpotP50Seconds: Double?
        public var tpotP99Seconds: Double?
        /// A single-stream prompt benchmark (llama-bench's `pp N`): the workload's `input_tokens`
        /// processed from an empty cache as one request, in tokens per second as printed. The time to
        /// first token it implies is input tokens ÷ this.
        public var promptTokensPerSecond: Double?
        /// A single-stream generation benchmark (llama-bench's `tg N`): the workload's `output_tokens`
        /// generated one at a time from an empty cache, in tokens per second as printed. The mean time
        /// per output token it implies is 1 ÷ this.
        public var generationTokensPerSecond: Double?
        /// Tokens the KV cache holds, as the engine printed it at start-up (all GPUs of one replica).
        public var kvCacheTokens: Int?
        /// Bytes the engine gave the KV cache, per GPU.
        public var kvCacheBytes: Int?
        /// Bytes the weights took, per GPU, as the engine printed it.
        public var weightsBytes: Int?

        /// True when nothing was measured.
        public var isEmpty: Bool {
            outputTokensPerSecond == nil && ttftP50Seconds == nil && ttftP99Seconds == nil && tpotP50Seconds == nil
                && tpotP99Seconds == nil && promptTokensPerSecond == nil && generationTokensPerSecond == nil && kvCacheTokens == nil && kvCacheBytes == nil && weightsBytes == nil
        }
    }

    public var id: String
    /// The id of an entry in the file's `sources`.
    public var source: String
    public var engine: Engine
    public var engineVersion: String
    public var gpu: String
    public var model: String
    public var precision: String
    /// The KV cache's precision in the catalog's terms, when it differs from the engine default.
    public var kvPrecision: String?
    public var layout: Layout
    public var workload: Workload
    public var settings: Settings
    public var results: Results
    public var notes: String?
    /// Where the record starts in the file, so a later check (calibration, a page) can point at it.
    public var location: SourceLocation
}

/// A document that published measurements: a URL and a title, and the day it was published or,
/// where the page carries no date, the day it was read.
public struct MeasurementSource: Sendable, Identifiable, Equatable {
    public var id: String
    public var title: String
    public var url: String
    public var published: String?
    public var retrieved: String?
}

/// Every measurement in `measurements.yaml`, with the sources they cite.
public struct MeasurementSet: Sendable, Equatable {
    public var sources: [MeasurementSource]
    public var measurements: [Measurement]

    public init(sources: [MeasurementSource] = [], measurements: [Measurement] = []) {
        self.sources = sources
        self.measurements = measurements
    }

    public func source(_ id: String) -> MeasurementSource? { sources.first { $0.id == id } }
    public func measurement(_ id: String) -> Measurement? { measurements.first { $0.id == id } }
}
