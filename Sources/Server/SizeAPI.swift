import Basics
import Catalog
import Foundation
import Literate
import Site
import Sizing

/// `POST /api/size`: a JSON object whose keys are `infrabook size`'s option names (`model`,
/// `precision`, `kv-precision`, `context`, `prompt`, `users`, `gpu`, `pricing`) in, exactly what
/// `size --format json` prints out. The request is turned into a plan by `SizingInputs`, the same code
/// `size` runs, so defaults, checks and numbers cannot drift apart. Files (`prices`, `data`) cannot be
/// named over HTTP: the server answers from its own content folder. `model` may be a path to a model's
/// files under that folder (`ContentModels` confines it).
enum SizeAPI {
    /// The answer for a request body.
    static func answer(body: Data, engine: EngineData) throws(ServerError) -> String {
        let inputs = try inputs(from: body)
        let models = try modelResolver(for: inputs, engine: engine)
        do {
            return try inputs.plan(catalog: engine.catalog, prices: engine.prices, models: models).jsonText + "\n"
        } catch {
            throw ServerError(status: 422, field: error.field, message: error.message)
        }
    }

    /// `POST /api/size/html`: the same inputs, answered with the HTML of a `sizing` block (and a `cost`
    /// block when there are prices) as a page of the book would show it, for the calculator page. The
    /// inputs are checked by `SizingInputs` first, so every refusal names its field as `/api/size`'s do,
    /// and only checked catalog ids and whole numbers reach the block.
    static func htmlAnswer(body: Data, engine: EngineData) throws(ServerError) -> String {
        let inputs = try inputs(from: body)
        let models = try modelResolver(for: inputs, engine: engine)
        let request: SizingRequest
        do {
            _ = try inputs.plan(catalog: engine.catalog, prices: engine.prices, models: models)
            request = try inputs.request(catalog: engine.catalog, models: models)
        } catch {
            throw ServerError(status: 422, field: error.field, message: error.message)
        }
        // A model path is written as JSON text (valid YAML) so any character in it stays itself.
        let modelText = String(decoding: (try? JSONEncoder().encode(request.model.id)) ?? Data(), as: UTF8.self)
        var keys = ["model: \(modelText)", "precision: \(request.precision.id)", "kv_precision: \(request.kvPrecision.id)",
                    "users: \(request.users)", "context: \(request.contextTokens)"]
        if let prompt = request.promptTokens { keys.append("prompt: \(prompt)") }
        if !inputs.gpus.isEmpty { keys.append("hardware: [\(request.gpus.map(\.id).joined(separator: ", "))]") }
        var markdown = "```{sizing id=calculator}\n" + keys.joined(separator: "\n") + "\n```\n"
        // The cost block refuses a GPU without a price, so it gets only the candidates that have one.
        if let prices = engine.prices, let tier = PricingTier(rawValue: inputs.pricing) {
            let priced = request.gpus.map(\.id).filter { id in
                (try? prices.requireUSDPerGPUHour(gpu: id, tier: tier, at: SourceLocation(file: "gpu", line: 1, column: 1))) != nil
            }
            if !priced.isEmpty {
                let costKeys = keys.filter { !$0.hasPrefix("hardware:") } + ["hardware: [\(priced.joined(separator: ", "))]", "pricing: \(tier.rawValue)"]
                markdown += "\n```{cost id=calculator_cost}\n" + costKeys.joined(separator: "\n") + "\n```\n"
            }
        }
        let context = EvaluationContext(catalog: engine.catalog, prices: engine.prices, today: engine.today)
        do {
            // Named as a page of the content folder, so the block finds a model path where the API found it.
            let name = engine.contentDirectory.map { ContentModels(contentDirectory: $0).root.appendingPathComponent("pages/calculator").path } ?? "calculator"
            return try BlockPreview.html(markdown: markdown, name: name, context: context)
        } catch {
            throw ServerError(status: 422, field: nil, message: error.items.map(\.message).joined(separator: "; "))
        }
    }

    /// Catalog ids, and model paths confined to the content folder (checked here, so a path that leaves
    /// it or names nothing is a 403 or 404 naming `model` before any file is read).
    static func modelResolver(for inputs: SizingInputs, engine: EngineData) throws(ServerError) -> SizingInputs.ModelResolver {
        guard engine.catalog.model(inputs.model) == nil, ModelReference.looksLikePath(inputs.model) else { return SizingInputs.catalogModels }
        guard let content = engine.contentDirectory else {
            throw ServerError(status: 400, field: "model", message: "this server reads no model files; give a catalog id (see GET /api/catalog/models)")
        }
        let models = ContentModels(contentDirectory: content)
        _ = try models.confined(inputs.model)
        return models.resolver()
    }

    /// The sizing inputs a request body holds. Numbers may be written as JSON numbers (`10`) or as text
    /// with a suffix (`"8K"`); `gpu` takes one id or a list.
    static func inputs(from body: Data) throws(ServerError) -> SizingInputs {
        func notAnObject(_ reason: String) -> ServerError {
            ServerError(status: 400, field: nil, message: "the body must be a JSON object such as "
                        + "{\"model\": \"llama-3.1-8b\", \"users\": 10}: \(reason)")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(body)
        } catch {
            // Worded as the API has always answered a body that is not JSON at all.
            throw notAnObject("The given data was not valid JSON.")
        }
        guard let members = json.members else { throw notAnObject("found another kind of value") }
        // A name given twice keeps its first value, as `JSONValue`'s own lookup (and Foundation's decoder) does.
        let object = Dictionary(members, uniquingKeysWith: { first, _ in first })
        for key in object.keys.sorted() where !SizingInputs.fieldNames.contains(key) {
            throw ServerError(status: 400, field: key, message: "unknown field '\(key)'"
                              + NearestNames.hint(key, among: SizingInputs.fieldNames))
        }
        guard let model = object["model"] else {
            throw ServerError(status: 400, field: "model", message: "'model' is required (see GET /api/catalog/models)")
        }
        var inputs = SizingInputs(model: try model.text(field: "model"))
        if let value = object["precision"] { inputs.precision = try value.text(field: "precision") }
        if let value = object["kv-precision"] { inputs.kvPrecision = try value.text(field: "kv-precision") }
        if let value = object["pricing"] { inputs.pricing = try value.text(field: "pricing") }
        if let value = object["context"] { inputs.context = try value.quantity(field: "context") }
        if let value = object["prompt"] { inputs.prompt = try value.quantity(field: "prompt") }
        if let value = object["users"] { inputs.users = try value.quantity(field: "users") }
        if let value = object["gpu"] { inputs.gpus = try value.texts(field: "gpu") }
        if let value = object["input-tokens"] { inputs.inputTokens = try value.quantity(field: "input-tokens") }
        if let value = object["output-tokens"] { inputs.outputTokens = try value.quantity(field: "output-tokens") }
        if let value = object["rate"] { inputs.rate = try value.quantity(field: "rate") }
        if let value = object["think-time"] { inputs.thinkTime = try value.text(field: "think-time") }
        if let value = object["ttft"] { inputs.ttft = try value.text(field: "ttft") }
        if let value = object["tpot"] { inputs.tpot = try value.text(field: "tpot") }
        if let value = object["gpus"] { inputs.layout.gpus = try value.whole(field: "gpus") }
        if let value = object["tp"] { inputs.layout.tensor = try value.whole(field: "tp") }
        if let value = object["pp"] { inputs.layout.pipeline = try value.whole(field: "pp") }
        if let value = object["ep"] { inputs.layout.expert = try value.whole(field: "ep") }
        if let value = object["replicas"] { inputs.layout.replicas = try value.whole(field: "replicas") }
        if let value = object["percentile"] { inputs.percentile = try value.whole(field: "percentile") }
        if let value = object["requests"] { inputs.requests = try value.whole(field: "requests") }
        if let value = object["seed"] { inputs.seed = UInt64(try value.whole(field: "seed")) }
        return inputs
    }

}

/// A request's JSON values read as `infrabook size`'s options, each refusal naming its field.
extension JSONValue {
    /// What was found, in the words the API's messages use.
    private var requestKind: String {
        switch kind {
        case .string: return "text"
        case .number: return "a number"
        case .bool: return "true or false"
        case .array: return "a list"
        case .object: return "an object"
        case .null: return "null"
        }
    }

    /// An id such as `"fp8"`.
    func text(field: String) throws(ServerError) -> String {
        guard let text = string else {
            throw ServerError(status: 400, field: field, message: "'\(field)' must be text such as \"bf16\", found \(requestKind)")
        }
        return text
    }

    /// A count or token count, as a JSON number or as text with a suffix (`"8K"`); the engine's parser
    /// checks it, so a fraction or a huge number gets the same message as on the command line.
    func quantity(field: String) throws(ServerError) -> String {
        switch kind {
        case .string(let text): return text
        case .number(let number, _):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
            return "\(number)"
        default:
            throw ServerError(status: 400, field: field, message: "'\(field)' must be a number such as 8192 or text such as \"8K\", found \(requestKind)")
        }
    }

    /// A whole number such as a layout pin (`2`), a percentile or a seed: a JSON number, 0 to 2^53.
    func whole(field: String) throws(ServerError) -> Int {
        if let number, number.rounded() == number, number >= 0, number <= 9_007_199_254_740_992 {
            return Int(number)
        }
        throw ServerError(status: 400, field: field, message: "'\(field)' must be a whole number such as 2, found \(requestKind)")
    }

    /// One id or a list of ids.
    func texts(field: String) throws(ServerError) -> [String] {
        if let items {
            var ids: [String] = []
            for item in items { ids.append(try item.text(field: field)) }
            return ids
        }
        return [try text(field: field)]
    }
}
