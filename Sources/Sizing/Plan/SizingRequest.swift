import Basics
import Catalog

/// What to size: a model at a precision, its KV cache precision, how many users with how much
/// context each, and which GPUs to consider.
package struct SizingRequest: Sendable {
    package var model: ModelSpec
    package var precision: PrecisionSpec
    package var kvPrecision: PrecisionSpec
    /// Concurrent users (sequences decoded together).
    package var users: Int
    /// Tokens each user's conversation holds in the KV cache.
    package var contextTokens: Int
    /// Prompt length for time to first token; nil means the whole context.
    package var promptTokens: Int?
    /// Candidate GPUs, in the order options should be listed.
    package var gpus: [GPUSpec]
    /// Prompt and answer lengths and how requests arrive; when set, each option is the cheapest
    /// replicas × (TP × PP × EP) that serves it, found by simulating the scheduler.
    package var workload: Workload?
    /// Latency targets an option must meet (with a workload).
    package var targets: ServingTargets?
    /// Parts of the layout the caller fixed.
    package var layout = LayoutPin()
    /// Whether to sweep each GPU type's throughput-per-GPU against speed-per-user frontier (with a
    /// workload): dozens of simulations more, so front ends ask for it when they show it.
    package var includeFrontier = false
    /// The serving engine the answer is for, when the caller names one: it picks the calibrated
    /// constants of that engine's family (nil: a batched serving engine such as vLLM).
    package var engine: Measurement.Engine?

    package init(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, users: Int, contextTokens: Int,
                promptTokens: Int? = nil, gpus: [GPUSpec]) {
        self.model = model
        self.precision = precision
        self.kvPrecision = kvPrecision
        self.users = users
        self.contextTokens = contextTokens
        self.promptTokens = promptTokens
        self.gpus = gpus
    }
}

/// A request the engine refuses, naming the field at fault so callers can point at it
/// (a command-line option or a key in a block).
package struct SizingError: Error, Sendable, CustomStringConvertible {
    package enum Field: String, Sendable {
        case model, users, context, prompt, precision, kvPrecision = "kv_precision", gpus = "hardware"
        case inputTokens = "input_tokens", outputTokens = "output_tokens", rate, requests, targets
        case tensorParallel = "tp", pipelineParallel = "pp", expertParallel = "ep", replicas, gpuCount = "gpus"
    }

    package var field: Field
    package var message: String

    package init(_ field: Field, _ message: String) {
        self.field = field
        self.message = message
    }

    package var description: String { message }

    /// Runs `body`, turning a byte count that overflows into a "too large" error about `field`: the one
    /// way engine arithmetic reports an input it cannot count.
    static func counting<T>(_ field: Field, _ body: () throws(CountOverflow) -> T) throws(SizingError) -> T {
        do {
            return try body()
        } catch {
            throw SizingError(field, "'\(field.rawValue)' is too large: \(error.what) would come to more than "
                              + "\(CheckedCount.limitText) bytes, the most the engine counts")
        }
    }
}
