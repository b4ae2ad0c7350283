import Basics
import Foundation

/// Reading the catalog from its four YAML files. Every problem in every file is reported together,
/// each at `path:line:column`: missing fields, wrong types, unknown keys (with suggestions),
/// duplicate ids, and references to ids that do not exist.
extension DataCatalog {
    /// The file names read from the data folder.
    package static let fileNames = (models: "models.yaml", precisions: "precisions.yaml", gpus: "gpus.yaml", systems: "systems.yaml")

    /// Loads `models.yaml`, `precisions.yaml`, `gpus.yaml` and `systems.yaml` from `directory`.
    package static func load(directory: String) throws(Diagnostics) -> DataCatalog {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var texts: [String: (path: String, text: String)] = [:]
        var problems: [Diagnostic] = []
        for name in [fileNames.models, fileNames.precisions, fileNames.gpus, fileNames.systems] {
            let path = base + "/" + name
            do {
                texts[name] = (path, try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                problems.append(.error(at: SourceLocation(file: path, line: 1, column: 1), "cannot read the catalog file: \(error.localizedDescription)"))
            }
        }
        guard problems.isEmpty, let m = texts[fileNames.models], let p = texts[fileNames.precisions],
              let g = texts[fileNames.gpus], let s = texts[fileNames.systems] else { throw Diagnostics(problems) }
        return try parse(models: m, precisions: p, gpus: g, systems: s)
    }

    /// Builds a catalog from the four files' texts, each given with the path errors should name.
    package static func parse(models: (path: String, text: String), precisions: (path: String, text: String),
                             gpus: (path: String, text: String), systems: (path: String, text: String)) throws(Diagnostics) -> DataCatalog {
        var problems: [Diagnostic] = []
        let modelNodes = records(in: models, key: "models", problems: &problems)
        let precisionNodes = records(in: precisions, key: "precisions", problems: &problems)
        let gpuNodes = records(in: gpus, key: "gpus", problems: &problems)
        let systemNodes = records(in: systems, key: "systems", problems: &problems)

        let catalog = DataCatalog(
            models: unique(modelNodes.compactMap { readModel($0, problems: &problems) }, nodes: modelNodes, what: "model", problems: &problems),
            precisions: unique(precisionNodes.compactMap { readPrecision($0, problems: &problems) }, nodes: precisionNodes, what: "precision", problems: &problems),
            gpus: unique(gpuNodes.compactMap { readGPU($0, problems: &problems) }, nodes: gpuNodes, what: "GPU", problems: &problems),
            systems: unique(systemNodes.compactMap { readSystem($0, problems: &problems) }, nodes: systemNodes, what: "system", problems: &problems)
        )
        problems += crossReferenceProblems(gpuNodes: gpuNodes, systemNodes: systemNodes, precisionNodes: precisionNodes)
        if problems.hasErrors { throw Diagnostics(problems.sorted { $0.location < $1.location }) }
        return catalog
    }

    /// The list under `key` at the top of a file, as mappings.
    private static func records(in file: (path: String, text: String), key: String, problems: inout [Diagnostic]) -> [YAMLMapping] {
        do {
            let root = try YAMLNode.parse(file.text.withUnixLineEndings, file: file.path)
            let top = try root.mapping("a mapping with the key '\(key)'")
            problems += top.unknownKeys(allowed: [key], in: file.path)
            var result: [YAMLMapping] = []
            for item in try top.required(key, in: file.path).list() {
                do { result.append(try item.mapping("a \(key.dropLast()) record (a mapping)")) } catch { problems.append(error) }
            }
            return result
        } catch let error as Diagnostics {
            problems += error.items
        } catch let error as Diagnostic {
            problems.append(error)
        } catch {
            problems.append(.error(at: SourceLocation(file: file.path, line: 1, column: 1), "\(error)"))
        }
        return []
    }

    /// Drops records whose id repeats an earlier one, reporting each repeat at its `id` value.
    private static func unique<T: Identifiable>(_ items: [T], nodes: [YAMLMapping], what: String,
                                                problems: inout [Diagnostic]) -> [T] where T.ID == String {
        problems += repeatedIDs(nodes, what: what)
        var seen: Set<String> = []
        return items.filter { seen.insert($0.id).inserted }
    }

    /// One error at each record's `id` that repeats an earlier record's, naming the first one's line.
    /// Shared by every data file with a list of records.
    static func repeatedIDs(_ nodes: [YAMLMapping], what: String) -> [Diagnostic] {
        var firstLine: [String: Int] = [:]
        var problems: [Diagnostic] = []
        for node in nodes {
            guard let idNode = node["id"], let id = idNode.scalarText else { continue }
            if let line = firstLine[id] {
                problems.append(.error(at: idNode.location, "duplicate \(what) id '\(id)' (first defined at line \(line))"))
            } else {
                firstLine[id] = idNode.location.line
            }
        }
        return problems
    }

    /// Data types a GPU's `dense_tflops` and a precision's `compute` may name.
    package static let dataTypes = ["fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4", "fp4"]

    /// Systems naming unknown GPUs and precisions naming unknown architectures. Ids and architectures
    /// are taken from every GPU record as written, so one malformed GPU does not cascade into errors elsewhere.
    private static func crossReferenceProblems(gpuNodes: [YAMLMapping], systemNodes: [YAMLMapping],
                                               precisionNodes: [YAMLMapping]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let gpuIDs = gpuNodes.compactMap { $0["id"]?.scalarText }
        for node in systemNodes {
            if let gpuNode = node["gpu"], let id = gpuNode.scalarText, !gpuIDs.contains(id) {
                problems.append(.error(at: gpuNode.location, "unknown GPU '\(id)'" + NearestNames.hint(id, among: gpuIDs)))
            }
        }
        let architectures = Array(Set(gpuNodes.compactMap { $0["architecture"]?.scalarText })).sorted()
        for node in precisionNodes {
            guard let list = node["native"], case .sequence(let items) = list.content else { continue }
            for item in items {
                if let name = item.scalarText, !architectures.contains(name) {
                    problems.append(.error(at: item.location, "unknown GPU architecture '\(name)'" + NearestNames.hint(name, among: architectures)))
                }
            }
        }
        return problems
    }
}

// MARK: - Records

extension DataCatalog {
    static let modelKeys = ["id", "name", "vendor", "layers", "hidden_size", "attention_heads", "kv_heads", "head_dim", "ffn_size",
                            "vocab_size", "tied_embeddings", "parameters", "active_parameters", "experts", "mla", "sparse_attention", "sliding_window",
                            "max_context", "license", "openness", "formats", "source", "notes"]

    private static func readModel(_ m: YAMLMapping, problems: inout [Diagnostic]) -> ModelSpec? {
        let label = m["id"]?.scalarText.map { "model '\($0)'" } ?? "a model record"
        var r = RecordReader(m, what: label, allowed: modelKeys)
        let id = r.required("id", FieldRead.id)
        let name = r.required("name", FieldRead.text)
        let vendor = r.required("vendor", FieldRead.text)
        let layers = r.required("layers", FieldRead.dimension)
        let hidden = r.required("hidden_size", FieldRead.dimension)
        let heads = r.required("attention_heads", FieldRead.dimension)
        let kvHeads = r.required("kv_heads", FieldRead.dimension)
        let headDim = r.required("head_dim", FieldRead.dimension)
        let ffn = r.required("ffn_size", FieldRead.dimension)
        let vocab = r.required("vocab_size", FieldRead.dimension)
        let tied = r.optional("tied_embeddings") { node throws(Diagnostic) in try node.bool() }
        let total = r.required("parameters", FieldRead.positiveInt)
        let active = r.optional("active_parameters", FieldRead.positiveInt)
        let experts = r.optional("experts") { node throws(Diagnostic) -> ModelSpec.Experts? in try readExperts(node, into: &problems) }
        let mla = r.optional("mla") { node throws(Diagnostic) -> ModelSpec.LatentAttention? in try readLatent(node, into: &problems) }
        let sparse = r.optional("sparse_attention") { node throws(Diagnostic) -> ModelSpec.SparseAttention? in try readSparse(node, into: &problems) }
        let window = r.optional("sliding_window") { node throws(Diagnostic) -> ModelSpec.SlidingWindow? in try readWindow(node, into: &problems) }
        let context = r.required("max_context", FieldRead.tokens)
        let license = r.required("license", FieldRead.text)
        let openness = r.required("openness") { node throws(Diagnostic) in try FieldRead.choice(node, as: ModelSpec.Openness.self) }
        let formats = r.required("formats", FieldRead.textList)
        let source = r.required("source", FieldRead.text)
        let notes = r.optional("notes", FieldRead.text)

        if let total, let active, active > total, let at = m["active_parameters"]?.location {
            r.note(.error(at: at, "active_parameters (\(active)) exceeds parameters (\(total))"))
        }
        if experts != nil, active == nil {
            r.note(.error(at: m.location, "missing required key 'active_parameters' in \(label) (a mixture-of-experts model must give it)"))
        }
        if let experts = experts ?? nil, let layers, experts.moeLayers > layers, let at = m["experts"]?.location {
            r.note(.error(at: at, "experts.moe_layers (\(experts.moeLayers)) exceeds layers (\(layers))"))
        }
        if let window = window ?? nil, let layers, window.layers > layers, let at = m["sliding_window"]?.location {
            r.note(.error(at: at, "sliding_window.layers (\(window.layers)) exceeds layers (\(layers))"))
        }
        if let heads, let kvHeads, kvHeads > heads, let at = m["kv_heads"]?.location {
            r.note(.error(at: at, "kv_heads (\(kvHeads)) exceeds attention_heads (\(heads))"))
        }
        problems += r.problems
        guard let id, let name, let vendor, let layers, let hidden, let heads, let kvHeads, let headDim, let ffn, let vocab,
              let total, let context, let license, let openness, let formats, let source, !r.problems.hasErrors else { return nil }
        let spec = ModelSpec(id: id, name: name, vendor: vendor, layers: layers, hiddenSize: hidden, attentionHeads: heads, kvHeads: kvHeads,
                             headDim: headDim, ffnSize: ffn, vocabSize: vocab, tiedEmbeddings: tied ?? false, totalParameters: total, activeParameters: active ?? total,
                             experts: experts ?? nil, latentAttention: mla ?? nil, sparseAttention: sparse ?? nil, slidingWindow: window ?? nil,
                             maxContextTokens: context, license: license, openness: openness, formats: formats, source: source, notes: notes)
        if let problem = spec.limitProblem {
            problems.append(.error(at: m.location, "model '\(id)': \(problem)"))
            return nil
        }
        return spec
    }

    private static func readExperts(_ node: YAMLNode, into problems: inout [Diagnostic]) throws(Diagnostic) -> ModelSpec.Experts? {
        var r = RecordReader(try node.mapping(), what: "experts", allowed: ["total", "active", "shared", "moe_layers", "ffn_size"])
        let total = r.required("total", FieldRead.dimension)
        let active = r.required("active", FieldRead.dimension)
        let shared = r.required("shared", FieldRead.count)
        let layers = r.required("moe_layers", FieldRead.dimension)
        let ffn = r.required("ffn_size", FieldRead.dimension)
        if let total, let active, active > total { r.note(.error(at: node.location, "experts.active (\(active)) exceeds experts.total (\(total))")) }
        problems += r.problems
        guard let total, let active, let shared, let layers, let ffn, !r.problems.hasErrors else { return nil }
        return ModelSpec.Experts(total: total, active: active, shared: shared, moeLayers: layers, expertFFNSize: ffn)
    }

    private static func readLatent(_ node: YAMLNode, into problems: inout [Diagnostic]) throws(Diagnostic) -> ModelSpec.LatentAttention? {
        var r = RecordReader(try node.mapping(), what: "mla", allowed: ["kv_lora_rank", "rope_dim", "nope_dim", "v_head_dim", "q_lora_rank"])
        let rank = r.required("kv_lora_rank", FieldRead.dimension)
        let rope = r.required("rope_dim", FieldRead.dimension)
        let nope = r.required("nope_dim", FieldRead.dimension)
        let value = r.required("v_head_dim", FieldRead.dimension)
        let q = r.optional("q_lora_rank", FieldRead.dimension)
        problems += r.problems
        guard let rank, let rope, let nope, let value else { return nil }
        return ModelSpec.LatentAttention(kvLoraRank: rank, ropeDim: rope, noRopeDim: nope, valueHeadDim: value, qLoraRank: q)
    }

    private static func readSparse(_ node: YAMLNode, into problems: inout [Diagnostic]) throws(Diagnostic) -> ModelSpec.SparseAttention? {
        var r = RecordReader(try node.mapping(), what: "sparse_attention", allowed: ["top_k", "indexer_heads", "indexer_dim"])
        let topK = r.required("top_k", FieldRead.dimension)
        let heads = r.required("indexer_heads", FieldRead.dimension)
        let dim = r.required("indexer_dim", FieldRead.dimension)
        problems += r.problems
        guard let topK, let heads, let dim else { return nil }
        return ModelSpec.SparseAttention(topK: topK, indexerHeads: heads, indexerKeyDim: dim)
    }

    private static func readWindow(_ node: YAMLNode, into problems: inout [Diagnostic]) throws(Diagnostic) -> ModelSpec.SlidingWindow? {
        var r = RecordReader(try node.mapping(), what: "sliding_window", allowed: ["tokens", "layers", "chunked"])
        let tokens = r.required("tokens", FieldRead.tokens)
        let layers = r.required("layers", FieldRead.dimension)
        let chunked = r.optional("chunked") { node throws(Diagnostic) in try node.bool() }
        problems += r.problems
        guard let tokens, let layers else { return nil }
        return ModelSpec.SlidingWindow(tokens: tokens, layers: layers, chunked: chunked ?? false)
    }

    static let precisionKeys = ["id", "name", "kind", "bits_per_weight", "compute", "native", "kv_cache", "source", "notes"]

    private static func readPrecision(_ m: YAMLMapping, problems: inout [Diagnostic]) -> PrecisionSpec? {
        let label = m["id"]?.scalarText.map { "precision '\($0)'" } ?? "a precision record"
        var r = RecordReader(m, what: label, allowed: precisionKeys)
        let id = r.required("id", FieldRead.id)
        let name = r.required("name", FieldRead.text)
        let kind = r.required("kind") { node throws(Diagnostic) in try FieldRead.choice(node, as: PrecisionSpec.Kind.self) }
        let bits = r.required("bits_per_weight", FieldRead.positiveNumber)
        let compute = r.required("compute") { node throws(Diagnostic) -> String in
            let value = try node.string()
            guard dataTypes.contains(value) else {
                throw .error(at: node.location, "unknown data type '\(value)'" + NearestNames.hint(value, among: dataTypes))
            }
            return value
        }
        let native = r.required("native", FieldRead.textList)
        let kv = r.required("kv_cache") { node throws(Diagnostic) in try node.bool() }
        let source = r.required("source", FieldRead.text)
        let notes = r.optional("notes", FieldRead.text)
        problems += r.problems
        guard let id, let name, let kind, let bits, let compute, let native, let kv, let source, !r.problems.hasErrors else { return nil }
        return PrecisionSpec(id: id, name: name, kind: kind, bitsPerWeight: bits, computeType: compute, nativeArchitectures: native,
                             usableForKVCache: kv, source: source, notes: notes)
    }

    static let gpuKeys = ["id", "name", "vendor", "architecture", "memory", "usable_memory", "memory_type", "memory_bandwidth",
                          "dense_tflops", "interconnect", "interconnect_bandwidth", "power_watts", "form_factor", "gpus_per_node",
                          "source", "notes"]

    private static func readGPU(_ m: YAMLMapping, problems: inout [Diagnostic]) -> GPUSpec? {
        let label = m["id"]?.scalarText.map { "GPU '\($0)'" } ?? "a GPU record"
        var r = RecordReader(m, what: label, allowed: gpuKeys)
        let id = r.required("id", FieldRead.id)
        let name = r.required("name", FieldRead.text)
        let vendor = r.required("vendor", FieldRead.text)
        let architecture = r.required("architecture", FieldRead.id)
        let memory = r.required("memory", FieldRead.bytes)
        let usable = r.optional("usable_memory", FieldRead.bytes)
        let memoryType = r.required("memory_type", FieldRead.text)
        let bandwidth = r.required("memory_bandwidth", FieldRead.bytesPerSecond)
        let flops = r.required("dense_tflops") { node throws(Diagnostic) -> [String: Double] in
            let table = try node.mapping("a mapping of data type to dense TFLOPS")
            var result: [String: Double] = [:]
            for pair in table.pairs {
                let key = try pair.key.string()
                guard dataTypes.contains(key) else {
                    throw .error(at: pair.key.location, "unknown data type '\(key)'" + NearestNames.hint(key, among: dataTypes))
                }
                result[key] = try FieldRead.positiveNumber(pair.value) * 1e12
            }
            return result
        }
        let link = r.required("interconnect", FieldRead.text)
        let linkBandwidth = r.required("interconnect_bandwidth", FieldRead.bytesPerSecond)
        let power = r.required("power_watts", FieldRead.positiveNumber)
        let form = r.required("form_factor", FieldRead.text)
        let perNode = r.required("gpus_per_node", FieldRead.dimension)
        let source = r.required("source", FieldRead.text)
        let notes = r.optional("notes", FieldRead.text)
        if let memory, let usable, usable > memory * 11 / 10, let at = m["usable_memory"]?.location {
            r.note(.error(at: at, "usable_memory (\(usable) bytes) is more than the memory (\(memory) bytes) allows"))
        }
        problems += r.problems
        guard let id, let name, let vendor, let architecture, let memory, let memoryType, let bandwidth, let flops, let link,
              let linkBandwidth, let power, let form, let perNode, let source, !r.problems.hasErrors else { return nil }
        return GPUSpec(id: id, name: name, vendor: vendor, architecture: architecture, memoryBytes: memory, usableMemoryBytes: usable,
                       memoryType: memoryType, memoryBandwidthBytesPerSecond: bandwidth, denseFLOPS: flops, interconnect: link,
                       interconnectBytesPerSecond: linkBandwidth, powerWatts: power, formFactor: form, gpusPerNode: perNode,
                       source: source, notes: notes)
    }

    static let systemKeys = ["id", "name", "gpu", "gpus_per_node", "intra_node_link", "intra_node_bandwidth", "inter_node_network",
                             "inter_node_bandwidth", "power_watts", "source", "notes"]

    private static func readSystem(_ m: YAMLMapping, problems: inout [Diagnostic]) -> SystemSpec? {
        let label = m["id"]?.scalarText.map { "system '\($0)'" } ?? "a system record"
        var r = RecordReader(m, what: label, allowed: systemKeys)
        let id = r.required("id", FieldRead.id)
        let name = r.required("name", FieldRead.text)
        let gpu = r.required("gpu", FieldRead.id)
        let count = r.required("gpus_per_node", FieldRead.dimension)
        let link = r.required("intra_node_link", FieldRead.text)
        let linkBandwidth = r.required("intra_node_bandwidth", FieldRead.bytesPerSecond)
        let network = r.required("inter_node_network", FieldRead.text)
        let networkBandwidth = r.required("inter_node_bandwidth", FieldRead.bytesPerSecond)
        let power = r.required("power_watts", FieldRead.positiveNumber)
        let source = r.required("source", FieldRead.text)
        let notes = r.optional("notes", FieldRead.text)
        problems += r.problems
        guard let id, let name, let gpu, let count, let link, let linkBandwidth, let network, let networkBandwidth, let power,
              let source, !r.problems.hasErrors else { return nil }
        return SystemSpec(id: id, name: name, gpu: gpu, gpusPerNode: count, intraNodeLink: link, intraNodeBytesPerSecond: linkBandwidth,
                          interNodeNetwork: network, interNodeBytesPerSecond: networkBandwidth, nodePowerWatts: power,
                          source: source, notes: notes)
    }
}
