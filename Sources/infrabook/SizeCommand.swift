import ArgumentParser
import Catalog
import Foundation
import Kernels
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
    @Option(parsing: .unconditional, help: "Tokens of context each user holds, e.g. 8K or 131072.")
    var context = "8K"

    @Option(parsing: .unconditional, help: "Prompt length for time to first token (default: the whole context).")
    var prompt: String?

    @Option(parsing: .unconditional, help: "Concurrent users.")
    var users = "1"

    @Option(name: .customLong("gpu"), help: "Candidate GPU id; repeat for several (default: all).")
    var gpus: [String] = []

    @Option(help: "Prices file (default: prices.yaml in the data folder, when present).")
    var prices: String?

    @Option(help: "Pricing tier: spot, on_demand, reserved_1y, reserved_3y.")
    var pricing = PricingTier.defaultTier.rawValue

    @Option(help: "Folder holding models.yaml, precisions.yaml, gpus.yaml and systems.yaml.")
    var data = "Content/data"

    @Option(help: "Serving engine to answer for: vllm, sglang, llama.cpp or trt-llm (its KV capacity, longest context, most sequences and launch command).")
    var engine: String?

    @Option(name: .customLong("gpu-layers"), parsing: .unconditional,
            help: "With --engine llama.cpp: layers on the GPU (-ngl; the output head counts as one), the rest in system memory.")
    var gpuLayers: Int?

    @Flag(name: .customLong("cpu-moe"), help: "With --engine llama.cpp: keep every layer's routed experts in system memory.")
    var cpuMoE = false

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
        if let engine {
            guard let chosen = Measurement.Engine(rawValue: engine) else {
                throw CommandLineInput("--engine", "unknown engine '\(engine)'" + NearestNames.hint(engine, among: Measurement.Engine.allCases.map(\.rawValue)))
            }
            // A model given as files is launched from those files.
            let reference = catalog.model(model) == nil ? model : nil
            let measured = try measuredComparisons(catalog: catalog)
            do {
                plan = try plan.answering(for: chosen, modelReference: reference, measured: measured)
            } catch {
                throw CommandLineInput("--\(option(for: error.field))", error.message)
            }
        }
        if gpuLayers != nil || cpuMoE || engine == Measurement.Engine.llamaCpp.rawValue {
            guard engine == Measurement.Engine.llamaCpp.rawValue else {
                throw CommandLineInput(gpuLayers != nil ? "--gpu-layers" : "--cpu-moe", "partial offload is llama.cpp's; add --engine llama.cpp")
            }
            guard gpuLayers == nil || !cpuMoE else { throw CommandLineInput("--cpu-moe", "give --gpu-layers or --cpu-moe, not both") }
            let split: PartialOffload.Split? = cpuMoE ? .experts : gpuLayers.map { .layers(gpuLayers: $0) }
            do {
                plan = try plan.offloading(host: try hostMeasurement(precision: plan.request.precision), split: split)
            } catch let error as SizingError {
                throw CommandLineInput(gpuLayers != nil ? "--gpu-layers" : "--cpu-moe", error.message)
            }
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
        return SizingRequest(model: model, precision: precision, kvPrecision: kv,
                             users: try whole("--users", users, as: .count), contextTokens: try whole("--context", context, as: .tokens),
                             promptTokens: try prompt.map { try whole("--prompt", $0, as: .tokens) }, gpus: candidates)
    }

    /// Published measurements beside infrabook's estimates, from the data folder's measurements.yaml
    /// (none when it has no such file), for the error bands `--engine` prints.
    private func measuredComparisons(catalog: DataCatalog) throws -> [MeasurementComparison] {
        guard FileManager.default.fileExists(atPath: (data as NSString).appendingPathComponent(MeasurementSet.fileName)) else { return [] }
        let set: MeasurementSet
        do {
            set = try MeasurementSet.load(directory: data, catalog: catalog)
        } catch {
            throw InputFailure(diagnostics: error.items)
        }
        do {
            return try MeasurementComparison.compare(set, catalog: catalog)
        } catch {
            throw CommandLineInput("--engine", error.message)
        }
    }

    /// The CPU's measured rate for weights at `precision`: the fastest matrix-vector run of the matching
    /// kernel in the data folder's benchmark.json, or its memory read rate when it has none.
    private func hostMeasurement(precision: PrecisionSpec) throws -> PartialOffload.HostMeasurement {
        let path = (data as NSString).appendingPathComponent("benchmark.json")
        let report: BenchmarkReport
        do {
            report = try DataInputs.benchmark(at: path)
        } catch {
            throw InputFailure(diagnostics: [error])
        }
        let format = PartialOffload.HostMeasurement.kernelFormat(for: precision)
        let runs = report.results.filter { $0.format.rawValue == format && $0.op == .gemv && $0.n == 1 }
        if let best = runs.max(by: { $0.gbps < $1.gbps }) {
            return .init(cpu: report.machine.cpu, weightBytesPerSecond: best.gbps * 1e9,
                         measuredAs: "\(best.format.rawValue) GEMV, \(best.threads) threads, benchmark.json")
        }
        return .init(cpu: report.machine.cpu, weightBytesPerSecond: report.machine.memoryReadGBps * 1e9,
                     measuredAs: "memory read, \(report.machine.threads) threads, benchmark.json")
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
