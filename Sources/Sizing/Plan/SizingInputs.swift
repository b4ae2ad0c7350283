import Basics
import Catalog

/// The inputs of one sizing as a person writes them (`8K`, `1K` users, catalog ids), named as
/// `infrabook size`'s options are, with their defaults. `size` and the server's `POST /api/size` both
/// turn these into a plan here, so a default, a check or a message lives in one place and the two
/// front ends answer alike. It reads no files: the catalog and prices come from the caller.
package struct SizingInputs: Sendable {
    /// The names of the inputs: `size`'s long options without `--`, and the API's JSON keys.
    package static let fieldNames = ["model", "precision", "kv-precision", "context", "prompt", "users", "gpu", "pricing",
                                    "input-tokens", "output-tokens", "rate", "think-time", "gpus", "tp", "pp", "ep", "replicas",
                                    "ttft", "tpot", "percentile", "requests", "seed"]

    /// Model id.
    package var model: String
    /// The weight precision when none is named: BF16, the type most checkpoints are published in.
    /// The one home of this default; the command line, blocks, functions and reports all read it.
    package static let defaultPrecision = "bf16"
    /// The KV cache's precision when none is named: BF16, as serving engines store the cache unless
    /// told otherwise. The one home of this default, read by every front end.
    package static let defaultKVPrecision = "bf16"

    /// Weight precision id.
    package var precision = SizingInputs.defaultPrecision
    /// KV-cache precision id.
    package var kvPrecision = SizingInputs.defaultKVPrecision
    /// Tokens of context each user holds (`8K`); nil means 8K, or prompt + answer with a workload.
    package var context: String?
    /// Prompt length for time to first token; nil means the whole context.
    package var prompt: String?
    /// Concurrent users; nil means one (with a workload and no rate: a closed loop of one user).
    package var users: String?
    /// Candidate GPU ids; empty means every GPU in the catalog.
    package var gpus: [String] = []
    /// Pricing tier, used when there are prices.
    package var pricing = PricingTier.defaultTier.rawValue

    // A workload (issue 18): with input and output tokens the plan simulates serving under load.
    /// Prompt tokens per request: `5000`, or `uniform(1K, 3K)`, `normal(2000, 500)`, `samples(…)`.
    package var inputTokens: String?
    /// Answer tokens per request, in the same forms.
    package var outputTokens: String?
    /// Requests per second arriving as a Poisson stream (instead of users).
    package var rate: String?
    /// Mean pause of each user between an answer and the next request (`2s`).
    package var thinkTime: String?
    /// Pins of the layout: all GPUs, tensor, pipeline and expert parallelism, replicas.
    package var layout = LayoutPin()
    /// Latency targets (`500ms`, `40ms`) and the percentile they hold at (50, 90 or 99).
    package var ttft: String?
    package var tpot: String?
    package var percentile: Int?
    /// Requests simulated per layout, and the seed of their stream.
    package var requests: Int?
    package var seed: UInt64?
    /// The serving engine the answer is for (`size --engine`); it picks that engine family's calibrated constants.
    package var engine: Measurement.Engine?

    /// Every input at its default (the model is required, so it is empty here).
    package static let defaults = SizingInputs(model: "")

    package init(model: String) {
        self.model = model
    }

    /// How a model is found from what was written: a catalog id by default; a front end that reads
    /// model files passes its own (which may point into those files with its errors).
    package typealias ModelResolver = @Sendable (_ model: String, _ catalog: DataCatalog, _ at: SourceLocation) throws(Diagnostic) -> ModelSpec

    /// Looks the model up in the catalog.
    package static let catalogModels: ModelResolver = { model, catalog, at throws(Diagnostic) in try catalog.requireModel(model, at: at) }

    /// The plan for these inputs, priced at `pricing` when `prices` are given (as `size` does with the
    /// prices file beside the catalog). Errors name the input at fault.
    package func plan(catalog: DataCatalog, prices: PriceList?, models: ModelResolver = catalogModels) throws(SizingInputError) -> SizingPlan {
        var request = try self.request(catalog: catalog, models: models)
        request.engine = engine
        var plan: SizingPlan
        do {
            plan = try SizingEngine.plan(request, catalog: catalog)
        } catch {
            throw SizingInputError(field: fieldName(for: error.field), message: error.message)
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
    package func request(catalog: DataCatalog, models: ModelResolver = catalogModels) throws(SizingInputError) -> SizingRequest {
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
        let gpus = self.gpus.isEmpty ? catalog.gpus : candidates
        let userCount: Int? = try users.map { text throws(SizingInputError) in try Self.whole("users", text, as: .count) }
        guard inputTokens != nil || outputTokens != nil else {
            let workloadOnly = [("ttft", ttft), ("tpot", tpot), ("rate", rate), ("think-time", thinkTime)]
            if let field = workloadOnly.first(where: { $0.1 != nil })?.0 {
                throw SizingInputError(field: field, message: "needs a workload: give input-tokens and output-tokens")
            }
            let prompt: Int? = try self.prompt.map { text throws(SizingInputError) in try Self.whole("prompt", text, as: .tokens) }
            var request = SizingRequest(model: model, precision: precision, kvPrecision: kv, users: userCount ?? 1,
                                        contextTokens: try Self.whole("context", context ?? "8K", as: .tokens),
                                        promptTokens: prompt, gpus: gpus)
            request.layout = layout
            return request
        }
        guard let inputTokens else { throw SizingInputError(field: "input-tokens", message: "is needed with output-tokens") }
        guard let outputTokens else { throw SizingInputError(field: "output-tokens", message: "is needed with input-tokens") }
        if context != nil { throw SizingInputError(field: "context", message: "a workload's context is its prompt + answer; leave context out") }
        if prompt != nil { throw SizingInputError(field: "prompt", message: "with a workload, prompts are input-tokens") }
        let rateValue: Double? = try rate.map { text throws(SizingInputError) in
            guard let value = Quantity.parse(text, as: .plain) else {
                throw SizingInputError(field: "rate", message: "expected requests per second such as 2.5, found '\(text)'")
            }
            return value
        }
        let input = try Self.lengths("input-tokens", inputTokens), output = try Self.lengths("output-tokens", outputTokens)
        let think = try thinkTime.map { text throws(SizingInputError) in try Self.seconds("think-time", text) }
        let ttftTarget = try ttft.map { text throws(SizingInputError) in try Self.seconds("ttft", text) }
        let tpotTarget = try tpot.map { text throws(SizingInputError) in try Self.seconds("tpot", text) }
        var request: SizingRequest
        do throws(SizingError) {
            request = try SizingRequest.serving(
                model: model, precision: precision, kvPrecision: kv, gpus: gpus, inputTokens: input, outputTokens: output,
                users: userCount, rate: rateValue, thinkSeconds: think, ttftSeconds: ttftTarget, tpotSeconds: tpotTarget,
                percentile: percentile, requests: requests, seed: seed, layout: layout)
        } catch {
            throw SizingInputError(field: fieldName(for: error.field), message: error.message)
        }
        request.includeFrontier = request.targets != nil
        return request
    }

    /// Token lengths per request: a count or a distribution.
    private static func lengths(_ field: String, _ text: String) throws(SizingInputError) -> TokenLengths {
        guard let lengths = TokenLengths.parse(text) else {
            throw SizingInputError(field: field, message: "expected \(TokenLengths.expectation), found '\(text)'")
        }
        return lengths
    }

    /// A duration such as 500ms or 0.5s.
    private static func seconds(_ field: String, _ text: String) throws(SizingInputError) -> Double {
        guard let value = Quantity.parse(text, as: .seconds) else {
            throw SizingInputError(field: field, message: "expected \(Quantity.Kind.seconds.expectation), found '\(text)'")
        }
        return value
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

    /// The input an engine error is about (`kv-precision`, `tp`), as an option or API field name.
    package func fieldName(for field: SizingError.Field) -> String {
        switch field {
        case .model: return "model"
        case .users: return "users"
        case .context: return "context"
        case .prompt: return "prompt"
        case .precision: return "precision"
        case .kvPrecision: return "kv-precision"
        case .gpus: return "gpu"
        case .inputTokens: return "input-tokens"
        case .outputTokens: return "output-tokens"
        case .rate: return "rate"
        case .requests: return "requests"
        case .targets:
            if let percentile, !ServingTargets.percentiles.contains(percentile) { return "percentile" }
            return ttft != nil ? "ttft" : "tpot"
        case .tensorParallel, .pipelineParallel, .expertParallel, .replicas, .gpuCount: return field.rawValue
        }
    }
}

/// An input `SizingInputs` refuses: which one (`users`, `gpu`) and a sentence saying what was found
/// and what was expected.
package struct SizingInputError: Error, Sendable, CustomStringConvertible {
    package var field: String
    package var message: String

    package init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    package var description: String { "\(field): \(message)" }
}
