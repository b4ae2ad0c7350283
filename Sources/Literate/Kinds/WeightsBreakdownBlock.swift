import Basics
import Sizing

/// The `weights-breakdown` block: what a checkpoint of a model really holds, tensor group by tensor
/// group — which parts a precision quantizes, which stay in 16 bits, and the bytes of each — from the
/// model's own files when `model` is a path, else from the precision's per-tensor recipe.
///
/// ```yaml
/// model: llama-3.1-8b        # a catalog id or a path to the model's files
/// precision: gptq-int4
/// ```
///
/// Results: `total` (bytes), `parameters`, `bits_per_weight` (averaged over all parameters).
struct WeightsBreakdownBlock: BlockKind {
    let name = "weights-breakdown"
    let keys = ["model", "precision"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        var problems: [Diagnostic] = []
        let models = EngineInputs.models(input, key: "model", catalog: context.catalog, problems: &problems)
        let precision = EngineInputs.precision(input, key: "precision", default: SizingInputs.defaultPrecision, catalog: context.catalog, problems: &problems)
        if models.count > 1, let at = input["model"]?.location {
            problems.append(.error(at: at, "a 'weights-breakdown' block shows one model; found \(models.count)"))
        }
        guard problems.isEmpty, let model = models.first, let precision else { throw Diagnostics(problems) }

        let weights = try EngineInputs.engine(input) { () throws(SizingError) in try WeightsEstimate(model: model, precision: precision) }
        let inputs = ["model": model.id, "precision": precision.id]
        let columns = [Table.Column("Tensors"), Table.Column("Stored as"), Table.Column("Parameters", alignment: .right),
                       Table.Column("Bytes", alignment: .right), Table.Column("GB", alignment: .right), Table.Column("Share", alignment: .right)]
        let rows = weights.breakdown.map { part -> [Table.Cell] in
            [Table.Cell(part.role), Table.Cell(part.storage), Table.Cell(NumberText.grouped(part.parameters)),
             Table.Cell(NumberText.grouped(part.bytes)), Table.Cell(NumberText.fixed(Double(part.bytes) / 1e9, places: 3)),
             Table.Cell(NumberText.fixed(Double(part.bytes) / Double(max(1, weights.bytes)) * 100, places: 1) + "%")]
        } + [[Table.Cell("total"), Table.Cell(NumberText.fixed(weights.bitsPerWeight, places: 3) + " bits on average"),
              Table.Cell(NumberText.grouped(weights.parameters)), Table.Cell(NumberText.grouped(weights.bytes), valueName: "total"),
              Table.Cell(NumberText.fixed(Double(weights.bytes) / 1e9, places: 3)), Table.Cell("100%")]]
        let fields: [(String, Value, String)] = [
            ("total", .number(Double(weights.bytes), .bytes), weights.formula),
            ("parameters", .number(Double(weights.parameters), .parameters), "\(NumberText.grouped(weights.parameters)) parameters"),
            ("bits_per_weight", .number(weights.bitsPerWeight, .none), "total bytes × 8 ÷ parameters"),
        ]
        let caption = input.caption ?? "What \(model.name) at \(precision.name) holds, tensor group by tensor group"
            + (weights.recipe.map { " (\($0))" } ?? "") + " (GB = 10^9 bytes)"
        return BlockOutput(result: .record(fields.map { Value.Field($0.0, $0.1) }),
                           artifacts: [.table(Table(caption: caption, columns: columns, rows: rows))],
                           recorded: fields.map { RecordedValue(name: $0.0, value: $0.1, formula: $0.2, inputs: inputs) })
    }
}
