import Basics
import Catalog

/// A model's architecture read from its Hugging Face `config.json`: the catalog record the sizing
/// engine needs (layers, heads, experts, MLA, sparse indexer), each layer's attention kind, the
/// constant state of hybrid models, and the tensors the architecture implies (for exact parameter
/// counts when no weights are at hand).
///
/// It owns the meaning of config fields across families (Llama, Qwen, Mistral, Gemma 3, DeepSeek,
/// Kimi, GLM, gpt-oss, Qwen3-Next, Jamba, Nemotron-H). It never guesses: a field the architecture
/// needs and the file lacks is an error naming the field.
package struct ModelConfig: Sendable {
    package var path: String
    /// `model_type` (text model's when nested), e.g. `llama`, `qwen3_moe`, `deepseek_v3`.
    package var modelType: String
    package var spec: ModelSpec
    /// The `torch_dtype` / `dtype` the weights were saved in, when given.
    package var savedType: String?
    /// Bits of the packed integer weights when the config declares GPTQ/AWQ/compressed-tensors quantization.
    package var quantizationBits: Int?
    /// `quantization_config.quant_method` (gptq, awq, fp8, mxfp4, compressed-tensors…).
    package var quantizationMethod: String?
    /// The tensors (name and shape) the architecture implies, for counting parameters from the config alone;
    /// nil for layer kinds it cannot count (then weights must come from safetensors or GGUF headers).
    package var impliedTensors: [(name: String, shape: [Int])]?
    /// Why `impliedTensors` is nil.
    package var countingGap: String?

    /// Reads the config.json at `path`.
    package static func read(path: String) throws(ModelFileError) -> ModelConfig {
        let bytes = try FileBytes.read(path)
        return try parse(bytes, path: path)
    }

    /// Parses config.json text read from `path`.
    package static func parse(_ bytes: [UInt8], path: String) throws(ModelFileError) -> ModelConfig {
        let fields = try ConfigFields(path: path, root: try JSONValue.parse(bytes, path: path))
        return try ConfigInterpreter(fields: fields).read()
    }
}

/// Reads whole small files (config.json, shard indexes) with a size limit, so a wrong path to a
/// multi-gigabyte file is refused rather than loaded.
enum FileBytes {
    static let limit = 64 << 20

    static func read(_ path: String) throws(ModelFileError) -> [UInt8] {
        var window = try FileWindow(path: path)
        defer { window.close() }
        guard window.fileSize <= limit else {
            throw ModelFileError(path, .wholeFile, "is \(window.fileSize) bytes; a JSON file here is expected to be under 64 MiB")
        }
        return Array(try window.bytes(window.fileSize, for: "the file's contents"))
    }
}
