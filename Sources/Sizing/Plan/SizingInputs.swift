import Catalog

/// The inputs of one sizing as a person writes them (`8K`, `1K` users, catalog ids), named as
/// `infrabook size`'s options are, with their defaults. `size` and the server's `POST /api/size` both
/// turn these into a plan here, so a default, a check or a message lives in one place and the two
/// front ends answer alike. It reads no files: the catalog and prices come from the caller.
public struct SizingInputs: Sendable {
    /// The names of the inputs: `size`'s long options without `--`, and the API's JSON keys.
    public static let fieldNames = ["model", "precision", "kv-precision", "context", "prompt", "users", "gpu", "pricing"]

    /// Model id.
    public var model: String
    /// Weight precision id.
    public var precision = "bf16"
    /// KV-cache precision id: BF16, as serving engines store the cache unless told otherwise.
    public var kvPrecision = "bf16"
    /// Tokens of context each user holds (`8K`).
    public var context = "8K"
    /// Prompt length for time to first token; nil means the whole context.
    public var prompt: String?
    /// Concurrent users.
    public var users = "1"
    /// Candidate GPU ids; empty means every GPU in the catalog.
    public var gpus: [String] = []
    /// Pricing tier, used when there are prices.
    public var pricing = PricingTier.defaultTier.rawValue

    /// Every input at its default (the model is required, so it is empty here).
    public static let defaults = SizingInputs(model: "")

    public init(model: String) {
        self.model = model
    }

    /// How a model is found from what was written: a catalog id by default; a front end that reads
    /// model files passes its own (which may point into those files with its errors).
    public typealias ModelResolver = @Sendable (_ model: String, _ catalog: DataCatalog, _ at: SourceLocation) throws(Diagnostic) -> ModelSpec

    /// Looks the model up in the catalog.
    public static let catalogModels: ModelResolver = { model, catalog, at throws(Diagnostic) in try catalog.requireModel(model, at: at) }

    /// The plan for these inputs, priced at `pricing` when `prices` are given (as `size` does with the
    /// prices file beside the catalog). Errors name the input at fault.
    public func plan(catalog: DataCatalog, prices: PriceList?, models: ModelResolver = catalogModels) throws(SizingInputError) -> SizingPlan {
        let request = try self.request(catalog: catalog, models: models)
        var plan: SizingPlan
        do {
            plan = try SizingEngine.plan(request, catalog: catalog)
        } catch {
            throw SizingInputError(field: Self.fieldName(for: error.field), message: error.message)
        }
        if let prices {
            guard let tier = PricingTier(rawValue: pricing) else {
                throw SizingInputError(field: "pricing", message: "unknown pricing tier '\(pricing)'"
                                       + NearestNames.hint(pricing, among: PricingTier.allCases.map(\.rawValue)))
            }
            plan = plan.priced(with: prices, tier: tier)
        }
        return plan
    }

    /// The engine's request: ids looked up in `catalog`, counts parsed with their suffixes.
    public func request(catalog: DataCatalog, models: ModelResolver = catalogModels) throws(SizingInputError) -> SizingRequest {
        func lookup<T>(_ field: String, _ body: (SourceLocation) throws(Diagnostic) -> T) throws(SizingInputError) -> T {
            do {
                return try body(SourceLocation(file: field, line: 1, column: 1))
            } catch {
                // A problem inside a file the input names points into it (config.json:3:5); others are about the input.
                throw SizingInputError(field: field, message: error.location.file == field ? error.message : error.description)
            }
        }
        let model = try lookup("model") { at throws(Diagnostic) in try models(self.model, catalog, at) }
        let precision = try lookup("precision") { at throws(Diagnostic) in try catalog.requirePrecision(self.precision, at: at) }
        let kv = try lookup("kv-precision") { at throws(Diagnostic) in try catalog.requirePrecision(self.kvPrecision, at: at) }
        var candidates: [GPUSpec] = []
        for id in gpus {
            candidates.append(try lookup("gpu") { at throws(Diagnostic) in try catalog.requireGPU(id, at: at) })
        }
        let prompt: Int? = try self.prompt.map { text throws(SizingInputError) in try Self.whole("prompt", text, as: .tokens) }
        return SizingRequest(model: model, precision: precision, kvPrecision: kv,
                             users: try Self.whole("users", users, as: .count), contextTokens: try Self.whole("context", context, as: .tokens),
                             promptTokens: prompt, gpus: gpus.isEmpty ? catalog.gpus : candidates)
    }

    /// A whole number written with an optional suffix (`8K`, `128K`, `1K` users).
    private static func whole(_ field: String, _ text: String, as kind: Quantity.Kind) throws(SizingInputError) -> Int {
        guard let value = Quantity.parse(text, as: kind) else {
            throw SizingInputError(field: field, message: "expected \(kind.expectation), found '\(text)'")
        }
        do {
            return try Quantity.whole(value)
        } catch {
            throw SizingInputError(field: field, message: "\(field) \(error.reason), found '\(text)'")
        }
    }

    /// The input an engine error is about.
    private static func fieldName(for field: SizingError.Field) -> String {
        switch field {
        case .model: return "model"
        case .users: return "users"
        case .context: return "context"
        case .prompt: return "prompt"
        case .precision: return "precision"
        case .kvPrecision: return "kv-precision"
        case .gpus: return "gpu"
        }
    }
}

/// An input `SizingInputs` refuses: which one (`users`, `gpu`) and a sentence saying what was found
/// and what was expected.
public struct SizingInputError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
