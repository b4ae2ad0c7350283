import Catalog

/// What to size: a model at a precision, its KV cache precision, how many users with how much
/// context each, and which GPUs to consider.
public struct SizingRequest: Sendable {
    public var model: ModelSpec
    public var precision: PrecisionSpec
    public var kvPrecision: PrecisionSpec
    /// Concurrent users (sequences decoded together).
    public var users: Int
    /// Tokens each user's conversation holds in the KV cache.
    public var contextTokens: Int
    /// Prompt length for time to first token; nil means the whole context.
    public var promptTokens: Int?
    /// Candidate GPUs, in the order options should be listed.
    public var gpus: [GPUSpec]

    public init(model: ModelSpec, precision: PrecisionSpec, kvPrecision: PrecisionSpec, users: Int, contextTokens: Int,
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
public struct SizingError: Error, Sendable, CustomStringConvertible {
    public enum Field: String, Sendable {
        case model, users, context, prompt, precision, kvPrecision = "kv_precision", gpus = "hardware"
    }

    public var field: Field
    public var message: String

    public init(_ field: Field, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }

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
