import ArgumentParser
import Basics
import Catalog
import Foundation
import Kernels
import Literate
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
    var pricing = SizingInputs.defaults.pricing

    @OptionGroup var dataFolder: DataFolder

    /// The data folder `--content` (its data/) or `--data` names.
    var data: String { dataFolder.directory }

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

    /// The checks that need no catalog: an engine's name, and partial offload only with llama.cpp.
    func validate() throws {
        if let engine, Measurement.Engine(rawValue: engine) == nil {
            throw ValidationError("--engine: unknown engine '\(engine)'" + NearestNames.hint(engine, among: Measurement.Engine.allCases.map(\.rawValue)))
        }
        if gpuLayers != nil || cpuMoE {
            guard engine == Measurement.Engine.llamaCpp.rawValue else {
                throw ValidationError("\(gpuLayers != nil ? "--gpu-layers" : "--cpu-moe"): partial offload is llama.cpp's; add --engine llama.cpp")
            }
            guard gpuLayers == nil || !cpuMoE else { throw ValidationError("--cpu-moe: give --gpu-layers or --cpu-moe, not both") }
        }
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
        inputs.inputTokens = inputTokens
        inputs.outputTokens = outputTokens
        inputs.rate = rate
        inputs.thinkTime = thinkTime
        inputs.layout = LayoutPin(gpus: gpuTotal, tensor: tp, pipeline: pp, expert: ep, replicas: replicas)
        inputs.ttft = ttft
        inputs.tpot = tpot
        inputs.percentile = percentile
        inputs.requests = requests
        inputs.seed = seed
        inputs.engine = engine.flatMap(Measurement.Engine.init(rawValue:))
        let prices = try DataInputs.prices(explicit: self.prices, dataDirectory: data)
        var plan = try checked { () throws(SizingInputError) in try inputs.plan(catalog: catalog, prices: prices, models: Self.modelsAndFiles) }
        if let engine {
            // `validate()` refused any other name.
            let chosen = Measurement.Engine(rawValue: engine)!
            // A model given as files is launched from those files.
            let reference = catalog.model(model) == nil ? model : nil
            let measured = try measuredComparisons(catalog: catalog)
            do {
                plan = try plan.answering(for: chosen, modelReference: reference, measured: measured)
            } catch {
                throw CommandLineInput("--" + inputs.fieldName(for: error.field), error.message)
            }
        }
        if engine == Measurement.Engine.llamaCpp.rawValue {
            let split: PartialOffload.Split? = cpuMoE ? .experts : gpuLayers.map { .layers(gpuLayers: $0) }
            do {
                plan = try plan.offloading(host: try hostMeasurement(model: plan.request.model, precision: plan.request.precision), split: split)
            } catch let error as SizingError {
                throw CommandLineInput(gpuLayers != nil ? "--gpu-layers" : "--cpu-moe", error.message)
            }
        }
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
            return try MeasurementComparison.compareMemory(set, catalog: catalog)
        } catch {
            throw CommandLineInput("--engine", error.message)
        }
    }

    /// The CPU's measured rate for `model`'s weights at `precision`, from the data folder's benchmark.json, by
    /// the engine's rule (`PartialOffload.HostMeasurement.measured`).
    private func hostMeasurement(model: ModelSpec, precision: PrecisionSpec) throws -> PartialOffload.HostMeasurement {
        let path = (data as NSString).appendingPathComponent("benchmark.json")
        let report: BenchmarkReport
        do {
            report = try EvaluationContext.cachedBenchmark(at: path)
        } catch {
            throw InputFailure(diagnostics: [error])
        }
        let runs = report.results.filter { $0.op == .gemv && $0.n == 1 }.map {
            PartialOffload.HostMeasurement.GEMVRun(format: $0.format.rawValue, rows: $0.m, columns: $0.k, threads: $0.threads,
                                                   seconds: $0.medianSeconds, weightBytes: Double($0.m * $0.format.bytesPerRow(columns: $0.k)))
        }
        return .measured(cpu: report.machine.cpu, model: model, precision: precision, runs: runs,
                         memoryReadBytesPerSecond: report.machine.memoryReadGBps * 1e9, readThreads: report.machine.threads,
                         source: "benchmark.json")
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
