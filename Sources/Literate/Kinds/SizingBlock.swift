import Basics
import Foundation
import Catalog
import ModelFiles
import Sizing

/// The `sizing` block: memory of a deployment and, per candidate GPU, the smallest split that fits
/// and how fast it runs.
///
/// ```yaml
/// model: glm-5
/// precision: fp8
/// kv_precision: bf16     # default
/// users: 10              # default 1
/// context: 8K            # default 8K
/// prompt: 2K             # default: the context (for time to first token)
/// hardware: [h100-sxm, h200, b200]   # default: every GPU in the catalog
/// ```
///
/// Results: `memory.weights`, `memory.kv_cache`, `memory.kv_cache_per_token`, `memory.activations`,
/// `memory.overhead`, `memory.total`; `options.<gpu id>` with `gpus`, `nodes`, `tp`, `pp`, `ep`, `fits`,
/// `memory_per_gpu`, `headroom`, `tokens_per_second` (per user), `aggregate_tokens_per_second`, `ttft`,
/// `decode_bound`; and `options.N` by position. The engine does the work; this file reads and shows.
struct SizingBlock: BlockKind {
    let name = "sizing"
    let keys = ["model", "precision", "kv_precision", "users", "context", "prompt", "hardware"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        let request = try EngineInputs.request(input, catalog: context.catalog)
        let plan = try EngineInputs.engine(input) { () throws(SizingError) in try SizingEngine.plan(request, catalog: context.catalog) }
        let inputs = ["model": request.model.id, "precision": request.precision.id, "kv_precision": request.kvPrecision.id,
                      "users": String(request.users), "context": String(request.contextTokens)]
        var recorded: [RecordedValue] = []
        func record(_ name: String, _ value: Value, _ formula: String, _ extra: [String: String] = [:]) -> Value {
            recorded.append(RecordedValue(name: name, value: value, formula: formula, inputs: inputs.merging(extra) { a, _ in a }))
            return value
        }

        let m = plan.memory
        // (field name, bytes, formula): the engine's parts under their own names, and the per-token size after the KV cache.
        var memoryFields: [(String, Int, String)] = m.rows.map { part, bytes in
            switch part {
            case .weights: return (part.rawValue, bytes, plan.weights.formula)
            case .kvCache: return (part.rawValue, bytes, plan.kvCache.formula)
            case .activations: return (part.rawValue, bytes, "activation workspace for one pass without tensor parallelism")
            case .overhead: return (part.rawValue, bytes, "runtime overhead of one GPU (CUDA context, workspaces, graphs)")
            case .total: return (part.rawValue, bytes, "weights + KV cache + activations + overhead")
            }
        }
        memoryFields.insert(("kv_cache_per_token", m.kvCacheBytesPerToken, plan.kvCache.perTokenFormula), at: 2)
        let memory = Value.record(memoryFields.map { field, bytes, formula in
            Value.Field(field, record("memory.\(field)", .number(Double(bytes), .bytes), formula))
        })

        var byGPU: [Value.Field] = []
        var byIndex: [Value] = []
        var rows: [[Table.Cell]] = []
        var warnings: [Diagnostic] = plan.warnings.map { .warning(at: input.location, $0) }
        var notes = plan.notes
        let listed = Set(request.gpus.map(\.id).filter { _ in input["hardware"] != nil })
        for option in plan.options {
            let id = option.gpu.id
            let p = option.performance
            let prefix = "options.\(id)"
            let gpuInput = ["gpu": id]
            let perGPU = option.memoryPerGPU
            let fields: [Value.Field] = [
                Value.Field("gpu", .text(id)),
                Value.Field("gpus", record("\(prefix).gpus", .number(Double(option.gpuCount), .gpus),
                                           "\(option.layoutDescription): fewest GPUs whose busiest one stays within "
                                           + "\(Int(plan.assumptions.maxMemoryUtilization * 100))% of \(NumberText.gigabytes(Double(option.capacityPerGPUBytes)))",
                                           gpuInput)),
                Value.Field("nodes", .number(Double(option.nodes), .none)),
                Value.Field("replicas", .number(Double(option.replicas), .none)),
                Value.Field("tp", .number(Double(option.parallelism.tensor), .none)),
                Value.Field("pp", .number(Double(option.parallelism.pipeline), .none)),
                Value.Field("ep", .number(Double(option.parallelism.expert), .none)),
                Value.Field("fits", .flag(option.fits)),
                Value.Field("memory_per_gpu", record("\(prefix).memory_per_gpu", .number(Double(perGPU.totalBytes), .bytes),
                                                     "\(NumberText.gigabytes(Double(perGPU.weightsBytes))) weights + \(NumberText.gigabytes(Double(perGPU.kvCacheBytes))) KV cache + "
                                                     + "\(NumberText.gigabytes(Double(perGPU.activationsBytes))) activations + \(NumberText.gigabytes(Double(perGPU.overheadBytes))) overhead",
                                                     gpuInput)),
                Value.Field("headroom", record("\(prefix).headroom", .number(Double(option.headroomBytes), .bytes),
                                               "\(NumberText.gigabytes(Double(option.capacityPerGPUBytes))) − \(NumberText.gigabytes(Double(perGPU.totalBytes)))", gpuInput)),
                Value.Field("tokens_per_second", record("\(prefix).tokens_per_second", .number(p.decodeTokensPerSecondPerUser, .tokensPerSecond),
                                                        Self.decodeFormula(p), gpuInput)),
                Value.Field("aggregate_tokens_per_second", record("\(prefix).aggregate_tokens_per_second",
                                                                  .number(p.aggregateTokensPerSecond, .tokensPerSecond),
                                                                  "\(NumberText.count(p.batch, "user")) ÷ \(NumberText.fixed(p.decodeStepSeconds * 1000, places: 2)) ms per step", gpuInput)),
                Value.Field("ttft", record("\(prefix).ttft", .number(p.timeToFirstTokenSeconds, .seconds),
                                           "max(\(NumberText.decimal(p.prefillFLOPs / 1e12, places: 1)) TFLOP ÷ (\(option.parallelism.tensor) × "
                                           + "\(NumberText.decimal(p.peakFLOPSPerGPU / 1e12, places: 1)) TFLOP/s × \(NumberText.decimal(plan.assumptions.computeEfficiency))), "
                                           + "weights ÷ bandwidth) + \(NumberText.fixed(p.prefillCommunicationSeconds * 1000, places: 2)) ms communication "
                                           + "+ \(NumberText.fixed(p.passOverheadSeconds * 1000, places: 2)) ms per-layer overhead"
                                           + (p.requestOverheadSeconds > 0 ? " + \(NumberText.fixed(p.requestOverheadSeconds * 1000, places: 2)) ms per request" : ""),
                                           gpuInput)),
                Value.Field("decode_bound", .text(p.decodeBound.rawValue)),
            ]
            byGPU.append(Value.Field(id, .record(fields)))
            byIndex.append(.record(fields))
            // Caveats about GPUs the author chose are warnings; about GPUs taken by default, notes under the table.
            if listed.contains(id) {
                warnings += option.warnings.map { .warning(at: input["hardware"]?.location ?? input.location, "\(id): \($0)") }
            } else {
                notes += option.warnings.map { "\(id): \($0)" }
            }
            notes += option.notes.map { "\(id): \($0)" }
            notes += option.speedErrorLines
            rows.append([Table.Cell(option.gpu.name), Table.Cell(String(option.gpuCount), valueName: "\(prefix).gpus"),
                         Table.Cell(String(option.nodes)), Table.Cell(option.layoutDescription), Table.Cell(option.fits ? "yes" : "no"),
                         Table.Cell(NumberText.fixed(Double(perGPU.totalBytes) / 1e9, places: 1), valueName: "\(prefix).memory_per_gpu"),
                         Table.Cell(NumberText.fixed(Double(option.headroomBytes) / 1e9, places: 1), valueName: "\(prefix).headroom"),
                         Table.Cell(option.fits ? NumberText.fixed(p.decodeTokensPerSecondPerUser, places: 1) : "–",
                                    valueName: option.fits ? "\(prefix).tokens_per_second" : nil),
                         Table.Cell(option.fits ? NumberText.fixed(p.aggregateTokensPerSecond, places: 0) : "–",
                                    valueName: option.fits ? "\(prefix).aggregate_tokens_per_second" : nil),
                         Table.Cell(option.fits ? NumberText.duration(p.timeToFirstTokenSeconds) : "–",
                                    valueName: option.fits ? "\(prefix).ttft" : nil)])
        }
        let options = Value.record(byGPU + byIndex.enumerated().map { Value.Field(String($0.offset), $0.element) })

        let memoryTable = Table(
            caption: "Memory of \(request.model.name) at \(request.precision.name), \(NumberText.count(request.users, "user")) × "
                + "\(NumberText.count(request.contextTokens, "token")) (GB = 10^9 bytes)",
            columns: [Table.Column("Part"), Table.Column("GB", alignment: .right), Table.Column("How")],
            // Every cell of the GB column is in GB: the per-token size, far below a GB, is told in the KV
            // cache row's "How" instead of a row of its own.
            rows: memoryFields.compactMap { field, bytes, formula in
                MemoryBreakdown.Part(rawValue: field).map { part in (part, field, bytes, formula) }
            }.map { part, field, bytes, formula in
                [Table.Cell(part.label), Table.Cell(NumberText.fixed(Double(bytes) / 1e9, places: 2), valueName: "memory.\(field)"),
                 Table.Cell(field == "kv_cache" ? "\(formula); one token takes \(plan.kvCache.perTokenFormula)" : formula)]
            })
        let optionsTable = Table(
            caption: input.caption ?? "Fewest GPUs that fit, per GPU type",
            columns: [Table.Column("GPU"), Table.Column("GPUs", alignment: .right), Table.Column("Nodes", alignment: .right),
                      Table.Column("Split"), Table.Column("Fits"), Table.Column("GB per GPU", alignment: .right),
                      Table.Column("Free GB", alignment: .right), Table.Column("Tokens/s per user", alignment: .right),
                      Table.Column("Tokens/s total", alignment: .right), Table.Column("Time to first token", alignment: .right)],
            rows: rows)
        let a = plan.assumptions
        let note = (request.users == 1 ? "Decode is timed for one user" : "Decode is timed with all \(NumberText.count(request.users, "user"))")
            + " at full context; time to first token for one "
            + "\(NumberText.grouped(request.promptTokens ?? request.contextTokens))-token prompt on an idle deployment. Assumed: "
            + "\(Int(a.memoryBandwidthEfficiency * 100))% of memory bandwidth, \(Int(a.computeEfficiency * 100))% of dense peak, "
            + "\(Int(a.interconnectEfficiency * 100))% of link bandwidth, \(NumberText.decimal(Double(a.runtimeOverheadBytesPerGPU) / 1_073_741_824)) GiB runtime overhead per GPU."
        let artifacts: [Artifact] = [.table(memoryTable), .table(optionsTable), .paragraph(note)]
            + (notes.isEmpty ? [] : [.paragraph("Notes: " + notes.joined(separator: "; ") + ".")])
        return BlockOutput(result: .record([Value.Field("memory", memory), Value.Field("options", options)]),
                           artifacts: artifacts,
                           recorded: recorded, warnings: warnings)
    }

    /// "1 ÷ (max(6.42 ms reading the weights, 0.02 ms multiplying) + max(0.41 ms reading the KV cache, 0.00 ms of
    /// attention) + 0.00 ms communication + 2.10 ms per-layer overhead); 17.1 GB read, 0.02 TFLOP" for the per-user
    /// decode rate: each kind of kernel's roofline, one after the other (`Roofline.KernelTime`).
    static func decodeFormula(_ p: PerformanceEstimate) -> String {
        func ms(_ seconds: Double) -> String { NumberText.fixed(seconds * 1000, places: 2) + " ms" }
        return "1 ÷ (max(\(ms(p.decodeProducts.memorySeconds)) reading the weights, \(ms(p.decodeProducts.computeSeconds)) multiplying) "
            + "+ max(\(ms(p.decodeAttention.memorySeconds)) reading the KV cache, \(ms(p.decodeAttention.computeSeconds)) of attention) "
            + "+ \(ms(p.decodeCommunicationSeconds)) communication + \(ms(p.passOverheadSeconds)) per-layer overhead); "
            + "\(NumberText.gigabytes(p.decodeBytesPerStep)) read, \(NumberText.decimal(p.decodeFLOPsPerStep / 1e12, places: 2)) TFLOP"
    }
}

/// Readers the engine's block kinds and functions share: catalog ids with suggestions, counts and
/// token lengths with suffixes, a byte unit; each problem noted at its `path:line:column`.
enum EngineInputs {
    /// Runs engine arithmetic for a block, reporting what the engine refuses (too many users, a
    /// context past the model's maximum) at the key it names, else at the block.
    static func engine<T>(_ input: BlockInput, _ body: () throws(SizingError) -> T) throws(Diagnostic) -> T {
        do {
            return try body()
        } catch {
            throw .error(at: input[error.field.rawValue]?.location ?? input.location, error.message)
        }
    }

    /// Models named by catalog id or by a path to their files (relative to the page's folder or the content folder).
    static func models(_ input: BlockInput, key: String, catalog: DataCatalog, problems: inout [Diagnostic]) -> [ModelSpec] {
        let folders = modelFolders(page: input.location.file)
        return ids(input, key: key, problems: &problems).compactMap { id, at in
            // A model given by path reads files outside the catalog: each place it may be found is a dependency.
            if catalog.model(id) == nil {
                for place in id.hasPrefix("/") ? [id] : folders.map({ ($0 as NSString).appendingPathComponent(id) }) + [id] {
                    DataReads.note(file: place)
                }
            }
            do throws(Diagnostic) { return try ModelSource.resolve(id, catalog: catalog, folders: folders, at: at) } catch {
                problems.append(error)
                return nil
            }
        }
    }

    /// Where a relative model path on `page` is looked for: the page's folder, then the content folder
    /// (the one holding `pages/`).
    static func modelFolders(page: String) -> [String] {
        let folder = (page as NSString).deletingLastPathComponent
        var folders = [folder.isEmpty ? "." : folder]
        if let range = page.range(of: "/pages/", options: .backwards) {
            folders.append(String(page[..<range.lowerBound]))
        } else if page.hasPrefix("pages/") {
            folders.append(".")
        }
        return folders
    }

    static func gpus(_ input: BlockInput, key: String, catalog: DataCatalog, problems: inout [Diagnostic]) -> [GPUSpec] {
        ids(input, key: key, problems: &problems).compactMap { id, at in
            do throws(Diagnostic) { return try catalog.requireGPU(id, at: at) } catch { problems.append(error); return nil }
        }
    }

    static func precisions(_ input: BlockInput, key: String, catalog: DataCatalog, problems: inout [Diagnostic]) -> [PrecisionSpec] {
        ids(input, key: key, problems: &problems).compactMap { id, at in
            do throws(Diagnostic) { return try catalog.requirePrecision(id, at: at) } catch { problems.append(error); return nil }
        }
    }

    static func precision(_ input: BlockInput, key: String, default fallback: String, catalog: DataCatalog,
                          problems: inout [Diagnostic]) -> PrecisionSpec? {
        do {
            guard let node = input[key] else { return try catalog.requirePrecision(fallback, at: input.location) }
            return try catalog.requirePrecision(try node.string(), at: node.location)
        } catch {
            problems.append(error)
            return nil
        }
    }

    /// The ids under a required key (a scalar or a list), each with where it was written; an id given
    /// twice is an error at its second place (it would be sized, tabled or priced twice).
    static func ids(_ input: BlockInput, key: String, problems: inout [Diagnostic]) -> [(String, SourceLocation)] {
        do {
            let ids = try input.required(key).list().map { node throws(Diagnostic) in (try node.string(), node.location) }
            var seen: Set<String> = []
            for (id, at) in ids where !seen.insert(id).inserted {
                problems.append(.error(at: at, "'\(id)' is listed twice in '\(key)'; name each once"))
            }
            return ids
        } catch {
            problems.append(error)
            return []
        }
    }

    static func tokens(_ input: BlockInput, key: String, default fallback: Int?, problems: inout [Diagnostic]) -> Int? {
        guard let node = input[key] else {
            if fallback == nil { problems.append(.error(at: input.location, "missing required key '\(key)' in '\(input.kind)' block")) }
            return fallback
        }
        do { return try node.positiveWhole(.tokens, name: key) } catch { problems.append(error); return nil }
    }

    static func count(_ input: BlockInput, key: String, default fallback: Int, problems: inout [Diagnostic]) -> Int? {
        guard let node = input[key] else { return fallback }
        do { return try node.positiveWhole(.count, name: key) } catch { problems.append(error); return nil }
    }

    /// GB (10^9) or GiB (2^30) for showing byte counts.
    struct SizeUnit {
        var label: String
        var divisor: Double
        var definition: String
        func text(_ bytes: Int) -> String { NumberText.fixed(Double(bytes) / divisor, places: 1) }
    }

    static func sizeUnit(_ input: BlockInput, problems: inout [Diagnostic]) -> SizeUnit {
        let gigabytes = SizeUnit(label: "GB", divisor: 1e9, definition: "10^9 bytes")
        guard let node = input["unit"] else { return gigabytes }
        switch node.scalarText {
        case "GB": return gigabytes
        case "GiB": return SizeUnit(label: "GiB", divisor: 1_073_741_824, definition: "2^30 bytes")
        default:
            problems.append(.error(at: node.location, "unit must be GB or GiB, found \(node.kindDescription)"))
            return gigabytes
        }
    }

    /// The sizing request a `sizing` block describes; unknown ids and bad numbers reported together.
    static func request(_ input: BlockInput, catalog: DataCatalog) throws -> SizingRequest {
        var problems: [Diagnostic] = []
        let model = models(input, key: "model", catalog: catalog, problems: &problems)
        if model.count > 1, let at = input["model"]?.location {
            problems.append(.error(at: at, "a 'sizing' block sizes one model; found \(model.count)"))
        }
        let precision = self.precision(input, key: "precision", default: SizingInputs.defaultPrecision, catalog: catalog, problems: &problems)
        let kvPrecision = self.precision(input, key: "kv_precision", default: SizingInputs.defaultKVPrecision, catalog: catalog, problems: &problems)
        let users = count(input, key: "users", default: 1, problems: &problems)
        let context = tokens(input, key: "context", default: 8192, problems: &problems)
        let prompt = input["prompt"] == nil ? nil : tokens(input, key: "prompt", default: nil, problems: &problems)
        let gpus = input["hardware"] == nil ? catalog.gpus : self.gpus(input, key: "hardware", catalog: catalog, problems: &problems)
        guard problems.isEmpty, let first = model.first, let precision, let kvPrecision, let users, let context else {
            throw Diagnostics(problems)
        }
        return SizingRequest(model: first, precision: precision, kvPrecision: kvPrecision, users: users, contextTokens: context,
                             promptTokens: prompt, gpus: gpus)
    }
}
