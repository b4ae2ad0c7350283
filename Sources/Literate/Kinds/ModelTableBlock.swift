import Basics
import Catalog

/// The `model-table` block: the catalog's models with their size, architecture, context, license,
/// openness level and published weight formats, straight from `models.yaml`.
///
/// ```yaml
/// models: [llama-3.1-70b, glm-5]   # default: every model in the catalog
/// ```
///
/// The result is a record per model id (`m.glm-5.total_parameters`, `m.glm-5.license`). Reads the
/// catalog only; computes nothing.
struct ModelTableBlock: BlockKind {
    let name = "model-table"
    let keys = ["models"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        var problems: [Diagnostic] = []
        let models = input["models"] == nil
            ? context.catalog.models : EngineInputs.models(input, key: "models", catalog: context.catalog, problems: &problems)
        if !problems.isEmpty { throw Diagnostics(problems) }

        let columns = [Table.Column("Model"), Table.Column("Parameters (total)", alignment: .right),
                       Table.Column("Active per token", alignment: .right), Table.Column("Attention"),
                       Table.Column("Context (tokens)", alignment: .right), Table.Column("License"),
                       Table.Column("Openness"), Table.Column("Weights published as")]
        var rows: [[Table.Cell]] = []
        var fields: [Value.Field] = []
        var recorded: [RecordedValue] = []
        for model in models {
            let inputs = ["model": model.id, "source": model.source]
            let formula = "\(model.name) config and model card"
            let numbers: [(String, Double, Unit)] = [
                ("total_parameters", Double(model.totalParameters), .parameters),
                ("active_parameters", Double(model.activeParameters), .parameters),
                ("max_context", Double(model.maxContextTokens), .tokens),
            ]
            var record: [Value.Field] = []
            var names: [String: String] = [:]
            for (field, amount, unit) in numbers {
                let value = Value.number(amount, unit)
                record.append(Value.Field(field, value))
                names[field] = "\(model.id).\(field)"
                recorded.append(RecordedValue(name: "\(model.id).\(field)", value: value, formula: formula, inputs: inputs))
            }
            record += [Value.Field("license", .text(model.license)), Value.Field("openness", .text(model.openness.rawValue))]
            rows.append([
                Table.Cell(model.name),
                Table.Cell(ValueFormatter.text(Double(model.totalParameters), unit: .parameters), valueName: names["total_parameters"]),
                Table.Cell(ValueFormatter.text(Double(model.activeParameters), unit: .parameters), valueName: names["active_parameters"]),
                Table.Cell(Self.attention(model)),
                Table.Cell(NumberText.number(Double(model.maxContextTokens), decimals: 0, exact: true, grouping: true),
                           valueName: names["max_context"]),
                Table.Cell(model.license),
                Table.Cell(model.openness.rawValue),
                Table.Cell(model.formats.joined(separator: ", ")),
            ])
            fields.append(Value.Field(model.id, .record(record)))
        }
        return BlockOutput(result: .record(fields), artifacts: [.table(Table(caption: input.caption, columns: columns, rows: rows))],
                           recorded: recorded)
    }

    /// "GQA, 8 KV heads", "MLA", "MoE 8 of 256 experts" and the like, from the record's own fields.
    static func attention(_ model: ModelSpec) -> String {
        var parts: [String] = []
        if model.latentAttention != nil {
            parts.append("MLA")
        } else if model.kvHeads == model.attentionHeads {
            parts.append("MHA")
        } else if model.kvHeads == 1 {
            parts.append("MQA")
        } else {
            parts.append("GQA, \(model.kvHeads) KV heads")
        }
        if let window = model.slidingWindow {
            parts.append(NumberText.number(Double(window.tokens), decimals: 0, exact: true, grouping: true)
                         + (window.chunked ? "-token chunks" : "-token window"))
        }
        if let experts = model.experts { parts.append("MoE, \(experts.active) of \(experts.total) experts") }
        return parts.joined(separator: "; ")
    }
}
