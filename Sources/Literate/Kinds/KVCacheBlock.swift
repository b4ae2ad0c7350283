import Basics
import Sizing

/// The `kv-cache` block: the key/value cache of one or more models for some users at a context length.
///
/// ```yaml
/// model: [llama-3.1-70b, deepseek-v3]   # one id or a list
/// context: 4K
/// users: 10
/// kv_precision: bf16                    # default
/// ```
///
/// Results: `bytes_per_token`, `per_sequence` and `total` of the first model, and the same three under
/// each model id (`kv.deepseek-v3.total`). The table shows how each per-token figure arises
/// (GQA: 2 × layers × KV heads × head dim × bytes; MLA: (latent + rope) × layers × bytes).
struct KVCacheBlock: BlockKind {
    let name = "kv-cache"
    let keys = ["model", "context", "users", "kv_precision"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        var problems: [Diagnostic] = []
        let models = EngineInputs.models(input, key: "model", catalog: context.catalog, problems: &problems)
        let tokens = EngineInputs.tokens(input, key: "context", default: nil, problems: &problems)
        let users = EngineInputs.count(input, key: "users", default: 1, problems: &problems)
        let kvPrecision = EngineInputs.precision(input, key: "kv_precision", default: SizingInputs.defaultKVPrecision, catalog: context.catalog, problems: &problems)
        if let kvPrecision, !kvPrecision.usableForKVCache {
            problems.append(.error(at: input["kv_precision"]?.location ?? input.location,
                                   "\(kvPrecision.name) is not offered for the KV cache by serving engines"))
        }
        if let tokens {
            for model in models where tokens > model.maxContextTokens {
                problems.append(.error(at: input["context"]?.location ?? input.location,
                                       "context of \(NumberText.grouped(tokens)) tokens exceeds \(model.name)'s maximum of "
                                       + "\(NumberText.grouped(model.maxContextTokens)) tokens"))
            }
        }
        guard problems.isEmpty, let tokens, let users, let kvPrecision, !models.isEmpty else { throw Diagnostics(problems) }

        let columns = [Table.Column("Model"), Table.Column("Attention"), Table.Column("Per token"), Table.Column("Bytes per token", alignment: .right),
                       Table.Column("Per user (GB)", alignment: .right), Table.Column("For \(NumberText.count(users, "user")) (GB)", alignment: .right)]
        var rows: [[Table.Cell]] = []
        var perModel: [Value.Field] = []
        var recorded: [RecordedValue] = []
        var first: [Value.Field] = []
        for (index, model) in models.enumerated() {
            let (kv, single) = try EngineInputs.engine(input) { () throws(SizingError) in
                (try KVCacheEstimate(model: model, kvPrecision: kvPrecision, contextTokens: tokens, users: users),
                 try KVCacheEstimate(model: model, kvPrecision: kvPrecision, contextTokens: tokens, users: 1))
            }
            let inputs = ["model": model.id, "context": String(tokens), "users": String(users), "kv_precision": kvPrecision.id]
            let values: [(String, Int, String)] = [
                ("bytes_per_token", kv.bytesPerToken, kv.perTokenFormula),
                ("per_sequence", kv.bytesPerSequence, single.formula),
                ("total", kv.totalBytes, kv.formula),
            ]
            var fields: [Value.Field] = []
            for (field, bytes, formula) in values {
                let value = Value.number(Double(bytes), .bytes)
                fields.append(Value.Field(field, value))
                recorded.append(RecordedValue(name: "\(model.id).\(field)", value: value, formula: formula, inputs: inputs))
                if index == 0 { recorded.append(RecordedValue(name: field, value: value, formula: formula, inputs: inputs)) }
            }
            if index == 0 { first = fields }
            perModel.append(Value.Field(model.id, .record(fields)))
            rows.append([Table.Cell(model.name), Table.Cell(model.attentionKind), Table.Cell(kv.perTokenFormula),
                         Table.Cell(NumberText.grouped(kv.bytesPerToken), valueName: "\(model.id).bytes_per_token"),
                         Table.Cell(NumberText.fixed(Double(kv.bytesPerSequence) / 1e9, places: 2), valueName: "\(model.id).per_sequence"),
                         Table.Cell(NumberText.fixed(Double(kv.totalBytes) / 1e9, places: 2), valueName: "\(model.id).total")])
        }
        let caption = input.caption
            ?? "KV cache at \(kvPrecision.name) for \(NumberText.count(users, "user")) × \(NumberText.count(tokens, "token")) (GB = 10^9 bytes)"
        return BlockOutput(result: .record(first + perModel), artifacts: [.table(Table(caption: caption, columns: columns, rows: rows))],
                           recorded: recorded)
    }
}
