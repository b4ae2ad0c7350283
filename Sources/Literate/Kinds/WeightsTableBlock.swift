import Basics
import Sizing

/// The `weights-table` block: weights memory of models × precisions.
///
/// ```yaml
/// models: [llama-3.1-8b, llama-3.1-70b, glm-5]
/// precisions: [bf16, fp8, int4, q4_k_m]
/// unit: GB            # or GiB; GB (10^9 bytes) by default
/// ```
///
/// The result is a record per model id with a number (bytes) per precision id, so `t.llama-3.1-70b.bf16`
/// reaches one cell, plus `rows` (a list of the same records, each with its `model`). Every cell is
/// recorded with its formula ("70,553,706,496 parameters × 2 bytes").
struct WeightsTableBlock: BlockKind {
    let name = "weights-table"
    let keys = ["models", "precisions", "unit"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        var problems: [Diagnostic] = []
        let models = EngineInputs.models(input, key: "models", catalog: context.catalog, problems: &problems)
        let precisions = EngineInputs.precisions(input, key: "precisions", catalog: context.catalog, problems: &problems)
        let unit = EngineInputs.sizeUnit(input, problems: &problems)
        if !problems.isEmpty { throw Diagnostics(problems) }

        var columns = [Table.Column("Model"), Table.Column("Parameters", alignment: .right)]
        columns += precisions.map { Table.Column("\($0.name) (\(unit.label))", alignment: .right) }
        var rows: [[Table.Cell]] = []
        var records: [Value.Field] = []
        var rowValues: [Value] = []
        var recorded: [RecordedValue] = []
        for model in models {
            var fields: [Value.Field] = []
            var row = [Table.Cell(model.name), Table.Cell(NumberText.grouped(model.totalParameters))]
            for precision in precisions {
                let weights = try EngineInputs.engine(input) { () throws(SizingError) in try WeightsEstimate(model: model, precision: precision) }
                let value = Value.number(Double(weights.bytes), .bytes)
                let name = "\(model.id).\(precision.id)"
                fields.append(Value.Field(precision.id, value))
                recorded.append(RecordedValue(name: name, value: value, formula: weights.formula,
                                              inputs: ["model": model.id, "precision": precision.id,
                                                       "parameters": String(model.totalParameters),
                                                       "bits_per_weight": NumberText.decimal(precision.bitsPerWeight)]))
                row.append(Table.Cell(unit.text(weights.bytes), valueName: name))
            }
            records.append(Value.Field(model.id, .record(fields)))
            rowValues.append(.record([Value.Field("model", .text(model.id))] + fields))
            rows.append(row)
        }
        let caption = input.caption ?? "Weights memory by precision (\(unit.label) = \(unit.definition))"
        let note = "Every parameter is stored, every expert of a mixture-of-experts model included; bits per weight count "
            + "the scales of block formats (Q4_0 is 4.5 bits). Weights only: the KV cache, activations and runtime come on top."
        return BlockOutput(result: .record(records + [Value.Field("rows", .list(rowValues))]),
                           artifacts: [.table(Table(caption: caption, columns: columns, rows: rows)), .paragraph(note)],
                           recorded: recorded)
    }
}
