import Catalog
import Sizing

/// The `accuracy` block: each published measurement (`Content/data/measurements.yaml`) beside
/// infrabook's estimate of the same deployment, the error, and the median and worst error by kind.
///
/// ```yaml
/// kind: memory     # default: every kind infrabook estimates
/// ```
///
/// Results: `count`, `median_error` and `worst_error` (fractions, for `| pct`), and a record per
/// measurement id. Reads the measurements and the engine's comparison; computes no estimate itself.
struct AccuracyBlock: BlockKind {
    let name = "accuracy"
    let keys = ["kind"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        guard let set = context.measurements else {
            throw Diagnostic.error(at: input.location, "no measurements to compare: the data folder has no \(MeasurementSet.fileName)")
        }
        var kinds = MeasurementComparison.Kind.allCases
        if let node = input["kind"] {
            let word = try node.string()
            guard let kind = MeasurementComparison.Kind.allCases.first(where: { $0.rawValue.lowercased() == word.lowercased() }) else {
                throw Diagnostic.error(at: node.location, "unknown kind '\(word)'"
                                       + NearestNames.hint(word, among: MeasurementComparison.Kind.allCases.map { $0.rawValue.lowercased() }))
            }
            kinds = [kind]
        }
        let comparisons: [MeasurementComparison]
        do {
            comparisons = try MeasurementComparison.compare(set, catalog: context.catalog).filter { kinds.contains($0.kind) }
        } catch {
            throw Diagnostic.error(at: input.location, error.message)
        }
        let columns = [Table.Column("Measurement"), Table.Column("Engine"), Table.Column("GPU × TP"), Table.Column("Model, precision"),
                       Table.Column("Figure"), Table.Column("Published", alignment: .right), Table.Column("infrabook", alignment: .right),
                       Table.Column("Error", alignment: .right)]
        var rows: [[Table.Cell]] = []
        var fields: [Value.Field] = []
        var recorded: [RecordedValue] = []
        for comparison in comparisons {
            let record = comparison.measurement
            let source = set.source(record.source)
            let name = "\(record.id).error"
            recorded.append(RecordedValue(name: name, value: .number(comparison.error, .ratio),
                                          formula: "infrabook ÷ published − 1 for \(comparison.figure)",
                                          inputs: ["published": Self.whole(comparison.published), "infrabook": Self.whole(comparison.estimated),
                                                   "source": source?.url ?? record.source]))
            rows.append([Table.Cell(record.id), Table.Cell("\(record.engine.rawValue) \(record.engineVersion)"),
                         Table.Cell("\(record.gpu) × \(record.layout.tensorParallel)"), Table.Cell("\(record.model), \(record.precision)"),
                         Table.Cell(comparison.figure), Table.Cell(Self.whole(comparison.published)), Table.Cell(Self.whole(comparison.estimated)),
                         Table.Cell(NumberText.number(comparison.error * 100, decimals: 0, exact: true, grouping: true) + "%", valueName: name)])
            fields.append(Value.Field(record.id, .record([Value.Field("published", .number(comparison.published, .tokens)),
                                                          Value.Field("estimated", .number(comparison.estimated, .tokens)),
                                                          Value.Field("error", .number(comparison.error, .ratio))])))
        }
        var artifacts: [Artifact] = [.table(Table(caption: input.caption, columns: columns, rows: rows))]
        var summaryLines: [String] = []
        for kind in kinds {
            guard let summary = MeasurementComparison.summary(comparisons.filter { $0.kind == kind }) else {
                summaryLines.append("\(kind.rawValue): no published figure infrabook estimates yet.")
                continue
            }
            summaryLines.append("\(kind.rawValue): median error \(Self.percent(summary.median)), worst \(Self.percent(summary.worst)), "
                                + "on \(summary.count) published measurements.")
        }
        artifacts.append(.paragraph(summaryLines.joined(separator: " ")))
        let all = MeasurementComparison.summary(comparisons)
        fields.append(Value.Field("count", .number(Double(comparisons.count), .none)))
        fields.append(Value.Field("median_error", .number(all?.median ?? 0, .ratio)))
        fields.append(Value.Field("worst_error", .number(all?.worst ?? 0, .ratio)))
        return BlockOutput(result: .record(fields), artifacts: artifacts, recorded: recorded)
    }

    static func whole(_ value: Double) -> String { NumberText.number(value, decimals: 0, exact: true, grouping: true) }
    static func percent(_ fraction: Double) -> String { NumberText.number(fraction * 100, decimals: 0, exact: true, grouping: true) + "%" }
}
