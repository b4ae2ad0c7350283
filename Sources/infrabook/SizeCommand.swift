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
    var precision = SizingInputs.defaults.precision

    @Option(name: .customLong("kv-precision"), help: "KV-cache precision id.")
    var kvPrecision = SizingInputs.defaults.kvPrecision

    // `.unconditional`: a value such as -5 is read as the value (and refused with a message), not as an option.
    @Option(parsing: .unconditional, help: "Tokens of context each user holds, e.g. 8K or 131072.")
    var context = SizingInputs.defaults.context

    @Option(parsing: .unconditional, help: "Prompt length for time to first token (default: the whole context).")
    var prompt: String?

    @Option(parsing: .unconditional, help: "Concurrent users.")
    var users = SizingInputs.defaults.users

    @Option(name: .customLong("gpu"), help: "Candidate GPU id; repeat for several (default: all).")
    var gpus: [String] = []

    @Option(help: "Prices file (default: prices.yaml in the data folder, when present).")
    var prices: String?

    @Option(help: "Pricing tier: spot, on_demand, reserved_1y, reserved_3y.")
    var pricing = SizingInputs.defaults.pricing

    @Option(help: "Folder holding models.yaml, precisions.yaml, gpus.yaml and systems.yaml.")
    var data = "Content/data"

    @Option(help: "Output format: text, json or markdown.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    func run() throws {
        let catalog = try DataInputs.catalog(in: data)
        var inputs = SizingInputs(model: model)
        inputs.precision = precision
        inputs.kvPrecision = kvPrecision
        inputs.context = context
        inputs.prompt = prompt
        inputs.users = users
        inputs.gpus = gpus
        inputs.pricing = pricing
        let prices = try DataInputs.prices(explicit: self.prices, dataDirectory: data)
        let plan = try checked { () throws(SizingInputError) in try inputs.plan(catalog: catalog, prices: prices, models: Self.modelsAndFiles) }
        switch format {
        case .text: print(plan.text, terminator: "")
        case .markdown: print(plan.markdown, terminator: "")
        case .json: print(plan.jsonText)
        }
    }

    /// A catalog id, or a path to a model's files (the API never reads paths; only the command line does).
    private static let modelsAndFiles: SizingInputs.ModelResolver = { model, catalog, at throws(Diagnostic) in
        try ModelSource.resolve(model, catalog: catalog, at: at)
    }

    /// Runs `body`, naming the option at fault (`--kv-precision`) when an input is refused.
    private func checked<T>(_ body: () throws(SizingInputError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CommandLineInput("--" + error.field, error.message)
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
