import ArgumentParser
import Catalog
import Foundation
import ModelFiles
import Sizing

/// `infrabook size`: sizes one model for some users and context on candidate GPUs. Parses the
/// options, loads the catalog (and prices when there are any), calls `SizingEngine`, prints.
struct Size: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "size",
        abstract: "Size a deployment of one model: memory, GPUs and split, tokens/s, time to first token.",
        discussion: """
            Context and prompt accept 8K or 128K (K = 1,024 tokens). Without --gpu every GPU in the catalog is \
            a candidate. The KV cache defaults to BF16, as serving engines store it unless told otherwise.
            """)

    @Option(help: "Model id (see 'infrabook catalog models'), or a path to a model folder, config.json or .gguf file.")
    var model: String

    @Option(help: "Weight precision id (see 'infrabook catalog precisions').")
    var precision = "bf16"

    @Option(name: .customLong("kv-precision"), help: "KV-cache precision id.")
    var kvPrecision = "bf16"

    // `.unconditional`: a value such as -5 is read as the value (and refused with a message), not as an option.
    @Option(parsing: .unconditional, help: "Tokens of context each user holds, e.g. 8K or 131072 (default 8K; with a workload, prompt + answer).")
    var context: String?

    @Option(parsing: .unconditional, help: "Prompt length for time to first token (default: the whole context).")
    var prompt: String?

    @Option(parsing: .unconditional, help: "Concurrent users (default 1); with a workload, a closed loop of users each waiting for its answer.")
    var users: String?

    @Option(name: .customLong("input-tokens"), help: "Prompt tokens per request: 5000, or uniform(1K, 3K), normal(2000, 500), samples(…).")
    var inputTokens: String?

    @Option(name: .customLong("output-tokens"), help: "Answer tokens per request, in the same forms as --input-tokens.")
    var outputTokens: String?

    @Option(help: "Requests per second arriving as a Poisson stream (instead of --users).")
    var rate: String?

    @Option(name: .customLong("think-time"), help: "Mean pause of each user between answer and next request, e.g. 2s (default 0).")
    var thinkTime: String?

    @Option(name: .customLong("gpus"), help: "Pin the deployment's GPU count (replicas × TP × PP).")
    var gpuTotal: Int?

    @Option(help: "Pin tensor parallelism.")
    var tp: Int?

    @Option(help: "Pin pipeline parallelism.")
    var pp: Int?

    @Option(help: "Pin expert parallelism (1, or equal to TP).")
    var ep: Int?

    @Option(help: "Pin the number of replicas.")
    var replicas: Int?

    @Option(help: "Time-to-first-token target, e.g. 500ms (at --percentile).")
    var ttft: String?

    @Option(help: "Time-per-output-token target, e.g. 40ms (at --percentile).")
    var tpot: String?

    @Option(help: "Percentile the targets hold at: 50, 90 or 99 (default 99).")
    var percentile: Int?

    @Option(help: "Requests simulated per layout (default \(Workload.defaultRequests)).")
    var requests: Int?

    @Option(help: "Seed of the simulated request stream (default \(Workload.defaultSeed)).")
    var seed: UInt64?

    @Option(name: .customLong("gpu"), help: "Candidate GPU id; repeat for several (default: all).")
    var gpus: [String] = []

    @Option(help: "Prices file (default: prices.yaml in the data folder, when present).")
    var prices: String?

    @Option(help: "Pricing tier: spot, on_demand, reserved_1y, reserved_3y.")
    var pricing = PricingTier.defaultTier.rawValue

    @Option(help: "Folder holding models.yaml, precisions.yaml, gpus.yaml and systems.yaml.")
    var data = "Content/data"

    @Option(help: "Output format: text, json or markdown.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    func run() throws {
        let catalog = try DataInputs.catalog(in: data)
        let request = try makeRequest(catalog: catalog)
        var plan: SizingPlan
        do {
            plan = try SizingEngine.plan(request, catalog: catalog)
        } catch {
            throw CommandLineInput("--\(option(for: error.field))", error.message)
        }
        if let priced = try DataInputs.prices(explicit: prices, dataDirectory: data) {
            guard let tier = PricingTier(rawValue: pricing) else {
                throw CommandLineInput("--pricing", "unknown pricing tier '\(pricing)'"
                                       + NearestNames.hint(pricing, among: PricingTier.allCases.map(\.rawValue)))
            }
            plan = plan.priced(with: priced, tier: tier)
        }
        switch format {
        case .text: print(plan.text, terminator: "")
        case .markdown: print(plan.markdown, terminator: "")
        case .json: print(plan.jsonText)
        }
    }

    private func makeRequest(catalog: DataCatalog) throws -> SizingRequest {
        func lookup<T>(_ option: String, _ body: (SourceLocation) throws(Diagnostic) -> T) throws -> T {
            do {
                return try body(SourceLocation(file: option, line: 1, column: 1))
            } catch {
                // A problem inside a model's files points into them (config.json:3:5); others point at the option.
                throw CommandLineInput(option, error.location.file == option ? error.message : error.description)
            }
        }
        let model = try lookup("--model") { at throws(Diagnostic) in try ModelSource.resolve(self.model, catalog: catalog, at: at) }
        let precision = try lookup("--precision") { at throws(Diagnostic) in try catalog.requirePrecision(self.precision, at: at) }
        let kv = try lookup("--kv-precision") { at throws(Diagnostic) in try catalog.requirePrecision(self.kvPrecision, at: at) }
        let candidates = gpus.isEmpty
            ? catalog.gpus
            : try gpus.map { id in try lookup("--gpu") { at throws(Diagnostic) in try catalog.requireGPU(id, at: at) } }
        let layout = LayoutPin(gpus: gpuTotal, tensor: tp, pipeline: pp, expert: ep, replicas: replicas)
        let userCount = try users.map { try whole("--users", $0, as: .count) }
        guard inputTokens != nil || outputTokens != nil else {
            if let option = [("--ttft", ttft), ("--tpot", tpot), ("--rate", rate), ("--think-time", thinkTime)].first(where: { $0.1 != nil })?.0 {
                throw CommandLineInput(option, "needs a workload: give --input-tokens and --output-tokens")
            }
            var request = SizingRequest(model: model, precision: precision, kvPrecision: kv, users: userCount ?? 1,
                                        contextTokens: try whole("--context", context ?? "8K", as: .tokens),
                                        promptTokens: try prompt.map { try whole("--prompt", $0, as: .tokens) }, gpus: candidates)
            request.layout = layout
            return request
        }
        guard let inputTokens else { throw CommandLineInput("--input-tokens", "is needed with --output-tokens") }
        guard let outputTokens else { throw CommandLineInput("--output-tokens", "is needed with --input-tokens") }
        if context != nil { throw CommandLineInput("--context", "a workload's context is its prompt + answer; leave --context out") }
        if prompt != nil { throw CommandLineInput("--prompt", "with a workload, prompts are --input-tokens") }
        func lengths(_ option: String, _ text: String) throws -> TokenLengths {
            guard let lengths = TokenLengths.parse(text) else {
                throw CommandLineInput(option, "expected \(TokenLengths.expectation), found '\(text)'")
            }
            return lengths
        }
        let rateValue = try rate.map { text in
            guard let value = Quantity.parse(text, as: .plain) else {
                throw CommandLineInput("--rate", "expected requests per second such as 2.5, found '\(text)'")
            }
            return value
        }
        let input = try lengths("--input-tokens", inputTokens), output = try lengths("--output-tokens", outputTokens)
        let think = try thinkTime.map { try seconds("--think-time", $0) }
        let ttftTarget = try ttft.map { try seconds("--ttft", $0) }, tpotTarget = try tpot.map { try seconds("--tpot", $0) }
        var request: SizingRequest
        do {
            request = try SizingRequest.serving(
                model: model, precision: precision, kvPrecision: kv, gpus: candidates, inputTokens: input, outputTokens: output,
                users: userCount, rate: rateValue, thinkSeconds: think, ttftSeconds: ttftTarget, tpotSeconds: tpotTarget,
                percentile: percentile, requests: requests, seed: seed, layout: layout)
        } catch {
            throw CommandLineInput("--\(option(for: error.field))", error.message)
        }
        request.includeFrontier = request.targets != nil
        return request
    }

    /// A duration such as 500ms or 0.5s.
    private func seconds(_ option: String, _ text: String) throws -> Double {
        guard let value = Quantity.parse(text, as: .seconds) else {
            throw CommandLineInput(option, "expected \(Quantity.Kind.seconds.expectation), found '\(text)'")
        }
        return value
    }

    /// A whole number written with an optional suffix (`8K`, `128K`, `1K` users).
    private func whole(_ option: String, _ text: String, as kind: Quantity.Kind) throws -> Int {
        guard let value = Quantity.parse(text, as: kind) else {
            throw CommandLineInput(option, "expected \(kind.expectation), found '\(text)'")
        }
        do {
            return try Quantity.whole(value)
        } catch {
            throw CommandLineInput(option, "\(option.dropFirst(2)) \(error.reason), found '\(text)'")
        }
    }

    private func option(for field: SizingError.Field) -> String {
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

/// A bad value on the command line (unknown id, zero users): printed as `Error: --model: …`, exit status 1.
struct CommandLineInput: Error, CustomStringConvertible {
    var option: String
    var message: String

    init(_ option: String, _ message: String) {
        self.option = option
        self.message = message
    }

    var description: String { "\(option): \(message)" }
}
