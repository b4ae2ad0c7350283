import Basics
import Catalog
import Sizing

/// `spec(id, field)`: one field of any catalog record, so prose can cite a model's layers, a system's
/// GPUs per node or a format's bits per weight without typing them: `{= spec(llama-3.1-70b, kv_heads)}`.
///
/// Field names are the YAML keys of the data files (`layers`, `kv_heads`, `memory_bandwidth`,
/// `inter_node_bandwidth`, `bits_per_weight`); nested keys are flattened (`experts.total` is
/// `experts`, `experts.active` is `active_experts`, `sliding_window.tokens` is `window_tokens`) and a
/// GPU's `dense_tflops` table becomes `bf16_flops`, `fp8_flops`… in FLOP/s, as the hardware table names
/// them. A few derived fields that are the record's own arithmetic are offered too: `gqa_group` and
/// `attention` for models, `node_memory` for systems, `bytes_per_weight` for precisions.
///
/// Ids are unique across the four files today (a test keeps it so); should two kinds ever share an
/// id, models are searched first, then GPUs, then systems, then precisions. This file only reads
/// records: it never computes what the sizing engine computes.
struct SpecFunction: InlineFunction {
    let name = "spec"
    let parameters = ["id", "field"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let record = try CatalogRecord.find(try arguments[0].word("a catalog id"), in: context.catalog, at: arguments[0].location)
        let key = try arguments[1].word("a field name")
        let fields = record.fields(in: context.catalog)
        guard let field = fields.first(where: { $0.key == key }) else {
            let keys = fields.map(\.key)
            let hint = NearestNames.suggest(key, among: keys).isEmpty
                ? "; a \(record.kind)'s fields are: " + keys.joined(separator: ", ") : NearestNames.hint(key, among: keys)
            throw Diagnostic.error(at: arguments[1].location, "\(record.name) (a \(record.kind)) has no field '\(key)'" + hint)
        }
        guard let value = field.value else {
            throw Diagnostic.error(at: arguments[1].location, "\(record.name) gives no '\(key)': \(field.absence ?? "the record leaves it out")")
        }
        let shown = CatalogRecord.exact(value)
        let formula = field.derivation.map { "\(record.name): \(key) = \($0) = \(shown)" }
            ?? "\(record.name) \(record.document): \(key) = \(shown)"
        return Computed(value: value, formula: formula, inputs: ["id": record.id, "field": key, "source": record.source])
    }
}

/// A short name for a `spec` field that prose cites often: `params(m)` reads `spec(m, parameters)`,
/// with the same value, formula and errors, so the two can never disagree.
struct SpecAlias: InlineFunction {
    let name: String
    let field: String
    let parameters: [String]

    init(_ name: String, reads field: String, of what: String) {
        self.name = name
        self.field = field
        self.parameters = [what]
    }

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        try SpecFunction().call([arguments[0], Argument(.word(field), location: arguments[0].location)], context: context)
    }

    /// The aliases the language offers.
    static let all = [
        SpecAlias("params", reads: "parameters", of: "model"),
        SpecAlias("max_context", reads: "max_context", of: "model"),
        SpecAlias("gpu_memory", reads: "memory", of: "gpu"),
        SpecAlias("gpu_bandwidth", reads: "memory_bandwidth", of: "gpu"),
        SpecAlias("bits_per_weight", reads: "bits_per_weight", of: "precision"),
    ]
}

/// One field of a record as `spec` offers it: nil `value` when this record leaves an optional key
/// out, with `absence` saying why; `derivation` set for fields computed from the record's own keys.
struct SpecField {
    var key: String
    var value: Value?
    var derivation: String? = nil
    var absence: String? = nil
}

/// A record of any of the catalog's four kinds, found by id.
enum CatalogRecord {
    case model(ModelSpec), gpu(GPUSpec), system(SystemSpec), precision(PrecisionSpec)

    /// The record with `id`, searching models, GPUs, systems and precisions in that order; an unknown id
    /// is an error suggesting the nearest ids of every kind.
    static func find(_ id: String, in catalog: DataCatalog, at location: SourceLocation) throws(Diagnostic) -> CatalogRecord {
        if let found = catalog.model(id) { return .model(found) }
        if let found = catalog.gpu(id) { return .gpu(found) }
        if let found = catalog.system(id) { return .system(found) }
        if let found = catalog.precision(id) { return .precision(found) }
        let all = [DataCatalog.Entry.model, .gpu, .system, .precision].flatMap { catalog.ids(of: $0) }
        throw .error(at: location, "unknown catalog id '\(id)' (not a model, GPU, system or precision)" + NearestNames.hint(id, among: all))
    }

    var id: String {
        switch self {
        case .model(let m): return m.id
        case .gpu(let g): return g.id
        case .system(let s): return s.id
        case .precision(let p): return p.id
        }
    }

    var name: String {
        switch self {
        case .model(let m): return m.name
        case .gpu(let g): return g.name
        case .system(let s): return s.name
        case .precision(let p): return p.name
        }
    }

    var source: String {
        switch self {
        case .model(let m): return m.source
        case .gpu(let g): return g.source
        case .system(let s): return s.source
        case .precision(let p): return p.source
        }
    }

    /// "model", "GPU", "system", "precision", for messages.
    var kind: String {
        switch self {
        case .model: return "model"
        case .gpu: return "GPU"
        case .system: return "system"
        case .precision: return "precision"
        }
    }

    /// The document a record's figures are read from, for formulas ("Llama 3.1 70B config: layers = 80").
    var document: String {
        switch self {
        case .model: return "config"
        case .gpu, .system: return "datasheet"
        case .precision: return "format"
        }
    }

    /// Every field `spec` offers for this record, in the data file's order, derived fields last.
    func fields(in catalog: DataCatalog) -> [SpecField] {
        switch self {
        case .model(let m): return Self.fields(of: m)
        case .gpu(let g): return Self.fields(of: g)
        case .system(let s): return Self.fields(of: s, gpu: catalog.gpu(s.gpu))
        case .precision(let p): return Self.fields(of: p)
        }
    }

    /// A value as a formula shows it: sizes and bandwidths in GB with two places ("1,128 GB", not the
    /// default "1.1 TB"), so the formula states the record's figure rather than a rounding of it.
    static func exact(_ value: Value) -> String {
        switch value {
        case .number(let bytes, .bytes) where bytes >= 1e9: return NumberText.gigabytes(bytes)
        case .number(let rate, .bytesPerSecond) where rate >= 1e9: return NumberText.gigabytes(rate) + "/s"
        default: return ValueFormatter.text(value)
        }
    }

    private static func count(_ n: Int) -> Value { .number(Double(n), .none) }
    private static func text(_ s: String?) -> Value? { s.map(Value.text) }

    private static func fields(of m: ModelSpec) -> [SpecField] {
        let dense = "\(m.name) is dense (no experts)"
        let noMLA = "\(m.name) does not use multi-head latent attention"
        let noSparse = "\(m.name) does not use sparse attention"
        let noWindow = "\(m.name) has no sliding window"
        let e = m.experts, mla = m.latentAttention, sparse = m.sparseAttention, window = m.slidingWindow
        return [
            SpecField(key: "name", value: .text(m.name)),
            SpecField(key: "vendor", value: .text(m.vendor)),
            SpecField(key: "layers", value: count(m.layers)),
            SpecField(key: "hidden_size", value: count(m.hiddenSize)),
            SpecField(key: "attention_heads", value: count(m.attentionHeads)),
            SpecField(key: "kv_heads", value: count(m.kvHeads)),
            SpecField(key: "head_dim", value: count(m.headDim)),
            SpecField(key: "ffn_size", value: count(m.ffnSize)),
            SpecField(key: "vocab_size", value: count(m.vocabSize)),
            SpecField(key: "tied_embeddings", value: .flag(m.tiedEmbeddings)),
            SpecField(key: "parameters", value: .number(Double(m.totalParameters), .parameters)),
            SpecField(key: "active_parameters", value: .number(Double(m.activeParameters), .parameters)),
            SpecField(key: "experts", value: e.map { count($0.total) }, absence: dense),
            SpecField(key: "active_experts", value: e.map { count($0.active) }, absence: dense),
            SpecField(key: "shared_experts", value: e.map { count($0.shared) }, absence: dense),
            SpecField(key: "moe_layers", value: e.map { count($0.moeLayers) }, absence: dense),
            SpecField(key: "expert_ffn_size", value: e.map { count($0.expertFFNSize) }, absence: dense),
            SpecField(key: "kv_lora_rank", value: mla.map { count($0.kvLoraRank) }, absence: noMLA),
            SpecField(key: "rope_dim", value: mla.map { count($0.ropeDim) }, absence: noMLA),
            SpecField(key: "nope_dim", value: mla.map { count($0.noRopeDim) }, absence: noMLA),
            SpecField(key: "v_head_dim", value: mla.map { count($0.valueHeadDim) }, absence: noMLA),
            SpecField(key: "q_lora_rank", value: mla?.qLoraRank.map(count), absence: mla == nil ? noMLA : "\(m.name) does not compress its queries"),
            SpecField(key: "top_k", value: sparse.map { count($0.topK) }, absence: noSparse),
            SpecField(key: "indexer_heads", value: sparse.map { count($0.indexerHeads) }, absence: noSparse),
            SpecField(key: "indexer_dim", value: sparse.map { count($0.indexerKeyDim) }, absence: noSparse),
            SpecField(key: "window_tokens", value: window.map { .number(Double($0.tokens), .tokens) }, absence: noWindow),
            SpecField(key: "window_layers", value: window.map { count($0.layers) }, absence: noWindow),
            SpecField(key: "window_chunked", value: window.map { .flag($0.chunked) }, absence: noWindow),
            SpecField(key: "max_context", value: .number(Double(m.maxContextTokens), .tokens)),
            SpecField(key: "license", value: .text(m.license)),
            SpecField(key: "openness", value: .text(m.openness.rawValue)),
            SpecField(key: "formats", value: .text(m.formats.joined(separator: ", "))),
            SpecField(key: "source", value: .text(m.source)),
            SpecField(key: "notes", value: text(m.notes), absence: "the record has no notes"),
            SpecField(key: "gqa_group", value: .number(Double(m.attentionHeads) / Double(m.kvHeads), .none),
                      derivation: "attention_heads ÷ kv_heads = \(m.attentionHeads) ÷ \(m.kvHeads)"),
            SpecField(key: "attention", value: .text(m.attentionKind),
                      derivation: "MHA, GQA, MQA or MLA from the heads and the mla key"),
        ]
    }

    private static func fields(of g: GPUSpec) -> [SpecField] {
        let flops = DataCatalog.dataTypes.map { type in
            SpecField(key: "\(type)_flops", value: g.denseFLOPS(for: type).map { .number($0, .flopsPerSecond) },
                      absence: "the datasheet gives no dense \(type) figure")
        }
        return [
            SpecField(key: "name", value: .text(g.name)),
            SpecField(key: "vendor", value: .text(g.vendor)),
            SpecField(key: "architecture", value: .text(g.architecture)),
            SpecField(key: "memory", value: .number(Double(g.memoryBytes), .bytes)),
            SpecField(key: "usable_memory", value: g.usableMemoryBytes.map { .number(Double($0), .bytes) },
                      absence: "the catalog plans with the datasheet memory"),
            SpecField(key: "memory_type", value: .text(g.memoryType)),
            SpecField(key: "memory_bandwidth", value: .number(g.memoryBandwidthBytesPerSecond, .bytesPerSecond)),
        ] + flops + [
            SpecField(key: "interconnect", value: .text(g.interconnect)),
            SpecField(key: "interconnect_bandwidth", value: .number(g.interconnectBytesPerSecond, .bytesPerSecond)),
            SpecField(key: "power_watts", value: .number(g.powerWatts, .watts)),
            SpecField(key: "form_factor", value: .text(g.formFactor)),
            SpecField(key: "gpus_per_node", value: .number(Double(g.gpusPerNode), .gpus)),
            SpecField(key: "source", value: .text(g.source)),
            SpecField(key: "notes", value: text(g.notes), absence: "the record has no notes"),
        ]
    }

    private static func fields(of s: SystemSpec, gpu: GPUSpec?) -> [SpecField] {
        let nodeMemory = gpu.map { SpecField(key: "node_memory", value: .number(Double(s.gpusPerNode * $0.memoryBytes), .bytes),
                                             derivation: "gpus_per_node × \($0.name) memory = \(s.gpusPerNode) × "
                                                 + exact(.number(Double($0.memoryBytes), .bytes))) }
        return [
            SpecField(key: "name", value: .text(s.name)),
            SpecField(key: "gpu", value: .text(s.gpu)),
            SpecField(key: "gpus_per_node", value: .number(Double(s.gpusPerNode), .gpus)),
            SpecField(key: "intra_node_link", value: .text(s.intraNodeLink)),
            SpecField(key: "intra_node_bandwidth", value: .number(s.intraNodeBytesPerSecond, .bytesPerSecond)),
            SpecField(key: "inter_node_network", value: .text(s.interNodeNetwork)),
            SpecField(key: "inter_node_bandwidth", value: .number(s.interNodeBytesPerSecond, .bytesPerSecond)),
            SpecField(key: "power_watts", value: .number(s.nodePowerWatts, .watts)),
            SpecField(key: "source", value: .text(s.source)),
            SpecField(key: "notes", value: text(s.notes), absence: "the record has no notes"),
            nodeMemory ?? SpecField(key: "node_memory", value: nil, absence: "its GPU '\(s.gpu)' is not in the catalog"),
        ]
    }

    private static func fields(of p: PrecisionSpec) -> [SpecField] {
        [
            SpecField(key: "name", value: .text(p.name)),
            SpecField(key: "kind", value: .text(p.kind.rawValue)),
            SpecField(key: "bits_per_weight", value: .number(p.bitsPerWeight, .none)),
            SpecField(key: "compute", value: .text(p.computeType)),
            SpecField(key: "native", value: .text(p.nativeArchitectures.joined(separator: ", "))),
            SpecField(key: "kv_cache", value: .flag(p.usableForKVCache)),
            SpecField(key: "source", value: .text(p.source)),
            SpecField(key: "notes", value: text(p.notes), absence: "the record has no notes"),
            SpecField(key: "bytes_per_weight", value: .number(p.bytesPerWeight, .bytes),
                      derivation: "bits_per_weight ÷ 8 = \(NumberText.number(p.bitsPerWeight, decimals: 4, exact: false, grouping: false)) ÷ 8"),
        ]
    }
}
