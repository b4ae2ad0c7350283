import Basics
import Foundation

/// Reading `measurements.yaml`. Every problem is reported together at `path:line:column`: unknown
/// keys (with the nearest names), missing sources, a record citing a source the file does not list,
/// repeated ids, and models, GPUs and precisions the catalog does not know. A record that measured
/// nothing is refused too, so every record in the file can be compared with an estimate.
extension MeasurementSet {
    /// The file's name in the data folder.
    package static let fileName = "measurements.yaml"

    static let topKeys = ["sources", "measurements"]
    static let sourceKeys = ["id", "title", "url", "published", "retrieved"]
    static let recordKeys = ["id", "source", "engine", "engine_version", "gpu", "model", "precision", "kv_precision",
                             "layout", "workload", "settings", "measured", "notes"]
    static let layoutKeys = ["tp", "pp", "ep", "replicas"]
    static let workloadKeys = ["input_tokens", "output_tokens", "users", "rate", "requests"]
    static let settingsKeys = ["memory_fraction", "max_model_len", "max_num_seqs", "max_num_batched_tokens", "kv_cache_dtype", "gpu_layers", "flash_attention"]
    static let measuredKeys = ["output_tokens_per_second", "ttft_p50_ms", "ttft_p99_ms", "tpot_p50_ms", "tpot_p99_ms",
                               "ttft_mean_ms", "tpot_mean_ms", "prompt_tokens_per_second", "generation_tokens_per_second", "kv_cache_tokens", "kv_cache_memory", "weights_memory"]

    /// Loads `measurements.yaml` from `directory`, checking its ids against `catalog`.
    package static func load(directory: String, catalog: DataCatalog) throws(Diagnostics) -> MeasurementSet {
        let path = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/" + fileName
        return try parse(try DataFileText.read(path, what: "measurements"), path: path, catalog: catalog)
    }

    /// Builds the set from the file's text; `path` is the name errors carry.
    package static func parse(_ text: String, path: String, catalog: DataCatalog) throws(Diagnostics) -> MeasurementSet {
        var problems: [Diagnostic] = []
        var result = MeasurementSet()
        do {
            let root = try YAMLNode.parse(text.withUnixLineEndings, file: path)
            let top = try root.mapping("a mapping with the keys 'sources' and 'measurements'")
            problems += top.unknownKeys(allowed: topKeys, in: path)
            var sourceNodes: [YAMLMapping] = []
            for item in try top.required("sources", in: path).list() {
                do { sourceNodes.append(try item.mapping("a source (a mapping with id, title and url)")) } catch { problems.append(error) }
            }
            result.sources = sourceNodes.compactMap { readSource($0, problems: &problems) }
            problems += DataCatalog.repeatedIDs(sourceNodes, what: "source")
            var recordNodes: [YAMLMapping] = []
            for item in try top.required("measurements", in: path).list() {
                do { recordNodes.append(try item.mapping("a measurement (a mapping)")) } catch { problems.append(error) }
            }
            let sourceIDs = result.sources.map(\.id)
            result.measurements = recordNodes.compactMap { readRecord($0, sources: sourceIDs, catalog: catalog, problems: &problems) }
            problems += DataCatalog.repeatedIDs(recordNodes, what: "measurement")
        } catch {
            DataFileText.gather(error, path: path, into: &problems)
        }
        if problems.hasErrors { throw Diagnostics(problems.sorted { $0.location < $1.location }) }
        return result
    }

    private static func readSource(_ m: YAMLMapping, problems: inout [Diagnostic]) -> MeasurementSource? {
        let label = m["id"]?.scalarText.map { "source '\($0)'" } ?? "a source"
        var r = RecordReader(m, what: label, allowed: sourceKeys)
        let id = r.required("id", FieldRead.id)
        let title = r.required("title", FieldRead.text)
        let url = r.required("url", FieldRead.text)
        let published = r.optional("published") { node throws(Diagnostic) in try node.date() }
        let retrieved = r.optional("retrieved") { node throws(Diagnostic) in try node.date() }
        if published == nil, retrieved == nil, m["published"] == nil, m["retrieved"] == nil {
            r.note(.error(at: m.location, "\(label) needs a date: 'published' (the day the source printed it) or 'retrieved' (the day it was read)"))
        }
        problems += r.problems
        guard let id, let title, let url, !r.problems.hasErrors else { return nil }
        return MeasurementSource(id: id, title: title, url: url, published: published, retrieved: retrieved)
    }

    private static func readRecord(_ m: YAMLMapping, sources: [String], catalog: DataCatalog, problems: inout [Diagnostic]) -> Measurement? {
        let label = m["id"]?.scalarText.map { "measurement '\($0)'" } ?? "a measurement"
        var r = RecordReader(m, what: label, allowed: recordKeys)
        let id = r.required("id", FieldRead.id)
        let source = r.required("source") { node throws(Diagnostic) -> String in
            let value = try FieldRead.text(node)
            guard sources.contains(value) else {
                throw .error(at: node.location, "unknown source '\(value)'; every measurement cites an entry of 'sources'" + NearestNames.hint(value, among: sources))
            }
            return value
        }
        let engine = r.required("engine") { node throws(Diagnostic) in try FieldRead.choice(node, as: Measurement.Engine.self) }
        let version = r.required("engine_version", FieldRead.text)
        let gpu = r.required("gpu") { node throws(Diagnostic) in try catalog.requireGPU(try FieldRead.text(node), at: node.location).id }
        let model = r.required("model") { node throws(Diagnostic) in try catalog.requireModel(try FieldRead.text(node), at: node.location).id }
        let precision = r.required("precision") { node throws(Diagnostic) in try catalog.requirePrecision(try FieldRead.text(node), at: node.location).id }
        let kvPrecision = r.optional("kv_precision") { node throws(Diagnostic) in try catalog.requirePrecision(try FieldRead.text(node), at: node.location).id }
        let layout = r.required("layout") { node throws(Diagnostic) in try readLayout(node, problems: &problems) }
        let workload = r.optional("workload") { node throws(Diagnostic) in try readWorkload(node, problems: &problems) }
        let settings = r.optional("settings") { node throws(Diagnostic) in try readSettings(node, problems: &problems) }
        let results = r.required("measured") { node throws(Diagnostic) in try readResults(node, problems: &problems) }
        let notes = r.optional("notes", FieldRead.text)
        if let results, let measured = try? m["measured"]?.mapping() {
            // A single-stream benchmark's rate means nothing without the length it was run at.
            for (key, value, length) in [("prompt_tokens_per_second", results.promptTokensPerSecond, workload?.inputTokens),
                                         ("generation_tokens_per_second", results.generationTokensPerSecond, workload?.outputTokens)]
            where value != nil && length == nil {
                let lengthKey = key.hasPrefix("prompt") ? "input_tokens" : "output_tokens"
                r.note(.error(at: measured.keyLocation(key) ?? m.location,
                              "'\(key)' needs the length it was measured at: give 'workload: { \(lengthKey): N }'"))
            }
            // A mean time is a served run's: it means nothing without the load it was measured under.
            for (key, value) in [("ttft_mean_ms", results.ttftMeanSeconds), ("tpot_mean_ms", results.tpotMeanSeconds)]
            where value != nil && workload?.users == nil && workload?.requestsPerSecond == nil {
                r.note(.error(at: measured.keyLocation(key) ?? m.location,
                              "'\(key)' is a mean over a served run's requests: give the load it ran under, 'workload: { users: N }' or '{ rate: R }'"))
            }
        }
        problems += r.problems
        guard let id, let source, let engine, let version, let gpu, let model, let precision, let layout, let results,
              !r.problems.hasErrors else { return nil }
        return Measurement(id: id, source: source, engine: engine, engineVersion: version, gpu: gpu, model: model, precision: precision,
                           kvPrecision: kvPrecision, layout: layout, workload: workload ?? .init(), settings: settings ?? .init(),
                           results: results, notes: notes, location: m.location)
    }

    private static func readLayout(_ node: YAMLNode, problems: inout [Diagnostic]) throws(Diagnostic) -> Measurement.Layout {
        var r = RecordReader(try node.mapping("a layout such as { tp: 2, pp: 1, replicas: 1 }"), what: "layout", allowed: layoutKeys)
        let layout = Measurement.Layout(tensorParallel: r.optional("tp", FieldRead.dimension) ?? 1,
                                        pipelineParallel: r.optional("pp", FieldRead.dimension) ?? 1,
                                        expertParallel: r.optional("ep", FieldRead.dimension) ?? 1,
                                        replicas: r.optional("replicas", FieldRead.dimension) ?? 1)
        problems += r.problems
        return layout
    }

    private static func readWorkload(_ node: YAMLNode, problems: inout [Diagnostic]) throws(Diagnostic) -> Measurement.Workload {
        var r = RecordReader(try node.mapping("a workload (input_tokens, output_tokens, users or rate, requests)"), what: "workload", allowed: workloadKeys)
        let workload = Measurement.Workload(inputTokens: r.optional("input_tokens", FieldRead.positiveInt),
                                            outputTokens: r.optional("output_tokens", FieldRead.positiveInt),
                                            users: r.optional("users", FieldRead.positiveInt),
                                            requestsPerSecond: r.optional("rate", FieldRead.positiveNumber),
                                            requests: r.optional("requests", FieldRead.positiveInt))
        problems += r.problems
        return workload
    }

    private static func readSettings(_ node: YAMLNode, problems: inout [Diagnostic]) throws(Diagnostic) -> Measurement.Settings {
        var r = RecordReader(try node.mapping("the engine's settings"), what: "settings", allowed: settingsKeys)
        let fraction = r.optional("memory_fraction") { node throws(Diagnostic) -> Double in
            let value = try node.double()
            guard value > 0, value <= 1 else { throw .error(at: node.location, "expected a fraction above 0 and at most 1, found \(value)") }
            return value
        }
        let settings = Measurement.Settings(memoryFraction: fraction, maxModelLength: r.optional("max_model_len", FieldRead.tokens),
                                            maxSequences: r.optional("max_num_seqs", FieldRead.positiveInt),
                                            maxBatchedTokens: r.optional("max_num_batched_tokens", FieldRead.tokens),
                                            kvCacheType: r.optional("kv_cache_dtype", FieldRead.text),
                                            gpuLayers: r.optional("gpu_layers", FieldRead.count),
                                            flashAttention: r.optional("flash_attention") { node throws(Diagnostic) in try node.bool() })
        problems += r.problems
        return settings
    }

    private static func readResults(_ node: YAMLNode, problems: inout [Diagnostic]) throws(Diagnostic) -> Measurement.Results {
        var r = RecordReader(try node.mapping("what was measured"), what: "measured", allowed: measuredKeys)
        func seconds(_ key: String) -> Double? { r.optional(key, FieldRead.positiveNumber).map { $0 / 1000 } }
        let results = Measurement.Results(outputTokensPerSecond: r.optional("output_tokens_per_second", FieldRead.positiveNumber),
                                          ttftP50Seconds: seconds("ttft_p50_ms"), ttftP99Seconds: seconds("ttft_p99_ms"),
                                          tpotP50Seconds: seconds("tpot_p50_ms"), tpotP99Seconds: seconds("tpot_p99_ms"),
                                          promptTokensPerSecond: r.optional("prompt_tokens_per_second", FieldRead.positiveNumber),
                                          generationTokensPerSecond: r.optional("generation_tokens_per_second", FieldRead.positiveNumber),
                                          ttftMeanSeconds: seconds("ttft_mean_ms"), tpotMeanSeconds: seconds("tpot_mean_ms"),
                                          kvCacheTokens: r.optional("kv_cache_tokens", FieldRead.positiveInt),
                                          kvCacheBytes: r.optional("kv_cache_memory", FieldRead.bytes),
                                          weightsBytes: r.optional("weights_memory", FieldRead.bytes))
        if results.isEmpty, r.problems.isEmpty {
            r.note(.error(at: node.location, "nothing measured: give at least one of " + measuredKeys.joined(separator: ", ")))
        }
        problems += r.problems
        return results
    }
}
