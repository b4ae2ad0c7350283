import Basics
import Catalog
import Sizing

/// The `serving` block: per candidate GPU, the cheapest replicas × (TP × PP × EP) that serves a
/// workload, from the engine's simulation of continuous batching.
///
/// ```yaml
/// model: llama-3.1-70b
/// precision: fp8
/// kv_precision: bf16      # default
/// input_tokens: 5000      # or uniform(1K, 3K), normal(2000, 500), samples(120, 800, 4K)
/// output_tokens: 500
/// users: 50               # a closed loop; or rate: 2.5 (requests per second, Poisson)
/// think_time: 0s          # users only
/// ttft: 500ms             # optional targets, at `percentile` (default 99)
/// tpot: 40ms
/// hardware: [h100-sxm]    # default: every GPU in the catalog
/// gpus: 2                 # optional pins: gpus, tp, pp, ep, replicas
/// tp: 2
/// seed: 1
/// requests: 2000
/// ```
///
/// Results: `options.<gpu id>` (and `options.N`) with `gpus`, `replicas`, `tp`, `pp`, `ep`, `fits`,
/// `output_tokens_per_second`, `total_tokens_per_second`, `requests_per_second`, `ttft_p50`,
/// `ttft_p90`, `ttft_p99`, `tpot_p50` … `e2e_p99`, `max_running_requests`, `kv_capacity_tokens`,
/// `meets_targets`. Reads and shows; the engine does the work.
struct ServingBlock: BlockKind {
    let name = "serving"
    let keys = ServingInputs.keys

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        let plan = try ServingInputs.plan(input, catalog: context.catalog, frontier: false)
        let request = plan.request
        let inputs = ["model": request.model.id, "precision": request.precision.id, "workload": request.workload?.description ?? ""]
        var recorded: [RecordedValue] = []
        func record(_ name: String, _ value: Value, _ formula: String) -> Value {
            recorded.append(RecordedValue(name: name, value: value, formula: formula, inputs: inputs))
            return value
        }
        var byGPU: [Value.Field] = []
        var rows: [[Table.Cell]] = []
        var notes: [String] = []
        for option in plan.options {
            let prefix = "options.\(option.gpu.id)"
            let how = "\(option.layoutDescription), simulated: \(request.workload?.description ?? "")"
            var fields: [Value.Field] = [
                Value.Field("gpu", .text(option.gpu.id)),
                Value.Field("gpus", record("\(prefix).gpus", .number(Double(option.gpuCount), .gpus), "replicas × TP × PP: \(option.layoutDescription)")),
                Value.Field("replicas", .number(Double(option.replicas), .none)),
                Value.Field("tp", .number(Double(option.parallelism.tensor), .none)),
                Value.Field("pp", .number(Double(option.parallelism.pipeline), .none)),
                Value.Field("ep", .number(Double(option.parallelism.expert), .none)),
                Value.Field("fits", .flag(option.fits)),
            ]
            if let targets = option.meetsTargets { fields.append(Value.Field("meets_targets", .flag(targets))) }
            if option.fits, let s = option.serving {
                let throughputs: [(String, Double, Unit)] = [
                    ("output_tokens_per_second", s.outputTokensPerSecond, .tokensPerSecond),
                    ("total_tokens_per_second", s.totalTokensPerSecond, .tokensPerSecond),
                    ("requests_per_second", s.requestsPerSecond, .none),
                ]
                for (name, value, unit) in throughputs {
                    fields.append(Value.Field(name, record("\(prefix).\(name)", .number(value, unit), how)))
                }
                for (name, p) in [("ttft", s.ttftSeconds), ("tpot", s.tpotSeconds), ("e2e", s.e2eSeconds)] {
                    for (level, value) in [("p50", p.p50), ("p90", p.p90), ("p99", p.p99)] {
                        fields.append(Value.Field("\(name)_\(level)", record("\(prefix).\(name)_\(level)", .number(value, .seconds), how)))
                    }
                }
                fields.append(Value.Field("max_running_requests", .number(Double(s.maxRunningRequests), .none)))
                fields.append(Value.Field("kv_capacity_tokens", .number(Double(s.kvCapacityTokens), .tokens)))
                rows.append([Table.Cell(option.gpu.name), Table.Cell(option.layoutDescription),
                             Table.Cell(String(option.gpuCount), valueName: "\(prefix).gpus"),
                             Table.Cell(NumberText.fixed(s.outputTokensPerSecond, places: 0), valueName: "\(prefix).output_tokens_per_second"),
                             Table.Cell(NumberText.fixed(s.requestsPerSecond, places: 2), valueName: "\(prefix).requests_per_second"),
                             Table.Cell(Self.milliseconds(s.ttftSeconds.p50), valueName: "\(prefix).ttft_p50"),
                             Table.Cell(Self.milliseconds(s.ttftSeconds.p99), valueName: "\(prefix).ttft_p99"),
                             Table.Cell(Self.milliseconds(s.tpotSeconds.p50), valueName: "\(prefix).tpot_p50"),
                             Table.Cell(Self.milliseconds(s.tpotSeconds.p99), valueName: "\(prefix).tpot_p99"),
                             Table.Cell(option.meetsTargets.map { $0 ? "yes" : "no" } ?? "–")])
            } else {
                rows.append([Table.Cell(option.gpu.name), Table.Cell(option.layoutDescription + " (no fit)"), Table.Cell(String(option.gpuCount))]
                            + Array(repeating: Table.Cell("–"), count: 7))
            }
            notes += option.notes.map { "\(option.gpu.id): \($0)" }
            notes += option.speedErrorLines
            byGPU.append(Value.Field(option.gpu.id, .record(fields)))
        }
        let options = Value.record(byGPU + byGPU.enumerated().map { Value.Field(String($0.offset), $0.element.value) })
        let table = Table(
            caption: input.caption ?? "Cheapest layout per GPU for \(request.workload?.description ?? "")",
            columns: [Table.Column("GPU"), Table.Column("Layout"), Table.Column("GPUs", alignment: .right),
                      Table.Column("Output tok/s", alignment: .right), Table.Column("Req/s", alignment: .right),
                      Table.Column("TTFT p50 (ms)", alignment: .right), Table.Column("TTFT p99 (ms)", alignment: .right),
                      Table.Column("TPOT p50 (ms)", alignment: .right), Table.Column("TPOT p99 (ms)", alignment: .right),
                      Table.Column("Meets targets")],
            rows: rows)
        let workload = request.workload!
        let note = "Simulated continuous batching: \(NumberText.grouped(workload.requests)) requests from seed \(workload.seed), the first "
            + "\(Int(Workload.warmupFraction * 100))% (at least a closed loop's first wave) left out; token budget \(NumberText.grouped(plan.assumptions.prefillChunkTokens)) per step, "
            + "at most \(plan.assumptions.maxRunningRequests) running requests per replica."
        return BlockOutput(result: .record([Value.Field("options", options)]),
                           artifacts: [.table(table), .paragraph(note)] + (notes.isEmpty ? [] : [.paragraph("Notes: " + notes.joined(separator: "; ") + ".")]),
                           recorded: recorded)
    }

    static func milliseconds(_ seconds: Double) -> String { NumberText.fixed(seconds * 1000, places: 0) }
}

/// The `frontier` block: for a workload, output tokens per second per GPU against tokens per second
/// per user as concurrency grows, one series per GPU type (the keys of `serving`).
struct FrontierBlock: BlockKind {
    let name = "frontier"
    let keys = ServingInputs.keys

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        let plan = try ServingInputs.plan(input, catalog: context.catalog, frontier: true)
        var series: [Chart.Series] = []
        for gpu in plan.request.gpus {
            let points = plan.frontier.filter { $0.gpu == gpu.id }
            guard !points.isEmpty else { continue }
            series.append(Chart.Series(name: gpu.name, points: points.map { (x: $0.tokensPerSecondPerUser, y: $0.outputTokensPerSecondPerGPU) }
                .sorted { $0.x < $1.x }))
        }
        guard !series.isEmpty else {
            throw Diagnostic.error(at: input.location, "no GPU fits one request of this workload, so there is no frontier to draw")
        }
        let chart = Chart(title: input.caption ?? "Throughput per GPU against speed per user, \(plan.request.workload?.description ?? "")",
                          style: .line, xLabel: "tokens/s per user", yLabel: "output tokens/s per GPU", series: series)
        let points = plan.frontier.map { point in
            Value.record([Value.Field("gpu", .text(point.gpu)), Value.Field("tp", .number(Double(point.shape.tensor), .none)),
                          Value.Field("concurrency", .number(Double(point.concurrency), .none)),
                          Value.Field("tokens_per_second_per_user", .number(point.tokensPerSecondPerUser, .tokensPerSecond)),
                          Value.Field("tokens_per_second_per_gpu", .number(point.outputTokensPerSecondPerGPU, .tokensPerSecond))])
        }
        return BlockOutput(result: .record([Value.Field("points", .list(points))]), artifacts: [.chart(chart)])
    }
}

/// The keys `serving` and `frontier` share and the one request they build from them, with the
/// engine's defaults (`Workload.defaultRequests`, `Workload.defaultSeed`, the 99th percentile).
enum ServingInputs {
    static let keys = ["model", "precision", "kv_precision", "hardware", "input_tokens", "output_tokens", "users", "rate", "think_time",
                       "ttft", "tpot", "percentile", "seed", "requests", "gpus", "tp", "pp", "ep", "replicas"]

    static func plan(_ input: BlockInput, catalog: DataCatalog, frontier: Bool) throws -> SizingPlan {
        var request = try self.request(input, catalog: catalog)
        request.includeFrontier = frontier
        do {
            return try SizingEngine.plan(request, catalog: catalog)
        } catch {
            throw Diagnostic.error(at: input[error.field.rawValue]?.location ?? input.location, error.message)
        }
    }

    static func request(_ input: BlockInput, catalog: DataCatalog) throws -> SizingRequest {
        var problems: [Diagnostic] = []
        let model = EngineInputs.models(input, key: "model", catalog: catalog, problems: &problems)
        let precision = EngineInputs.precision(input, key: "precision", default: SizingInputs.defaultPrecision, catalog: catalog, problems: &problems)
        let kvPrecision = EngineInputs.precision(input, key: "kv_precision", default: SizingInputs.defaultKVPrecision, catalog: catalog, problems: &problems)
        let gpus = input["hardware"] == nil ? catalog.gpus : EngineInputs.gpus(input, key: "hardware", catalog: catalog, problems: &problems)
        func lengths(_ key: String) -> TokenLengths? {
            guard let node = input[key] else {
                problems.append(.error(at: input.location, "missing required key '\(key)' in '\(input.kind)' block"))
                return nil
            }
            guard let text = node.scalarText, let lengths = TokenLengths.parse(text) else {
                problems.append(.error(at: node.location, "'\(key)' must be \(TokenLengths.expectation), found \(node.kindDescription)"))
                return nil
            }
            return lengths
        }
        func number(_ key: String, _ kind: Quantity.Kind) -> Double? {
            guard let node = input[key] else { return nil }
            do { return try node.quantity(kind) } catch { problems.append(error); return nil }
        }
        func whole(_ key: String) -> Int? {
            guard let value = number(key, .count) else { return nil }
            guard value.rounded() == value, abs(value) < 1e15 else {
                problems.append(.error(at: input[key]!.location, "'\(key)' must be a whole number"))
                return nil
            }
            return Int(value)
        }
        let inputTokens = lengths("input_tokens"), outputTokens = lengths("output_tokens")
        let users = whole("users"), rate = number("rate", .plain), think = number("think_time", .seconds)
        let ttft = number("ttft", .seconds), tpot = number("tpot", .seconds), percentile = whole("percentile")
        let seed = whole("seed"), requests = whole("requests")
        let layout = LayoutPin(gpus: whole("gpus"), tensor: whole("tp"), pipeline: whole("pp"), expert: whole("ep"), replicas: whole("replicas"))
        if let seed, seed < 0, let at = input["seed"]?.location { problems.append(.error(at: at, "'seed' must be zero or more")) }
        guard problems.isEmpty, let first = model.first, let precision, let kvPrecision, let inputTokens, let outputTokens else {
            throw Diagnostics(problems)
        }
        do {
            return try SizingRequest.serving(model: first, precision: precision, kvPrecision: kvPrecision, gpus: gpus,
                                             inputTokens: inputTokens, outputTokens: outputTokens, users: users, rate: rate,
                                             thinkSeconds: think, ttftSeconds: ttft, tpotSeconds: tpot, percentile: percentile,
                                             requests: requests, seed: seed.map { UInt64($0) }, layout: layout)
        } catch {
            throw Diagnostic.error(at: input[error.field.rawValue]?.location ?? input.location, error.message)
        }
    }
}
