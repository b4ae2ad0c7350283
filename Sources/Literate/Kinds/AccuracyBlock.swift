import Basics
import Catalog
import Sizing

/// The `accuracy` block: each published measurement (`Content/data/measurements.yaml`) beside
/// infrabook's estimate of the same deployment, the error, and the median and worst error by kind.
///
/// ```yaml
/// kind: memory     # default: every kind infrabook estimates
/// ```
///
/// Each row gives infrabook's figure with the default constants, and when the catalog carries a
/// calibration, with the calibrated constants and the leave-one-out error `calibrate` recorded.
/// Results: `count`, `median_error` and `worst_error` (after calibration), `median_error_before`,
/// `worst_error_before`, `median_leave_one_out`, `worst_leave_one_out`, `leave_one_out_count`
/// (fractions, for `| pct`), and a record per measurement id (speed figures: `id.figure`). Reads the
/// measurements and the engine's comparison; computes no estimate itself.
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
        let before: [MeasurementComparison]
        let after: [MeasurementComparison]
        do {
            // Only the kinds shown are simulated (memory needs no simulation at all).
            (before, after) = try MeasurementComparison.compareBeforeAndAfter(set, catalog: context.catalog, kinds: Set(kinds))
        } catch {
            throw Diagnostic.error(at: input.location, error.message)
        }
        // Leave-one-out errors as `infrabook calibrate --write` recorded them, by record and figure.
        var leftOut: [String: Double] = [:]
        for record in (context.catalog.calibration?.fits ?? []).flatMap(\.records) { leftOut[record.id + "|" + record.figure] = record.leaveOneOutError }
        let columns = [Table.Column("Measurement"), Table.Column("Engine"), Table.Column("GPU × TP"), Table.Column("Model, precision"),
                       Table.Column("Figure"), Table.Column("Published", alignment: .right), Table.Column("infrabook", alignment: .right),
                       Table.Column("Error", alignment: .right), Table.Column("Calibrated", alignment: .right),
                       Table.Column("Error", alignment: .right), Table.Column("Left out", alignment: .right)]
        var rows: [[Table.Cell]] = []
        var fields: [Value.Field] = []
        var recorded: [RecordedValue] = []
        for (comparison, calibrated) in zip(before, after) {
            let record = comparison.measurement
            let source = set.source(record.source)
            let name = "\(record.id).\(Self.slug(comparison.figure)).error"
            let loo = leftOut[record.id + "|" + comparison.figure]
            recorded.append(RecordedValue(name: name, value: .number(calibrated.error, .ratio),
                                          formula: "infrabook ÷ published − 1 for \(comparison.figure)",
                                          inputs: ["published": Self.figure(comparison.published), "infrabook": Self.figure(calibrated.estimated),
                                                   "source": source?.url ?? record.source]))
            rows.append([Table.Cell(record.id), Table.Cell("\(record.engine.rawValue) \(record.engineVersion)"),
                         Table.Cell("\(record.gpu) × \(record.layout.tensorParallel)"), Table.Cell("\(record.model), \(record.precision)"),
                         Table.Cell(comparison.figure), Table.Cell(Self.figure(comparison.published)), Table.Cell(Self.figure(comparison.estimated)),
                         Table.Cell(Self.percent(comparison.error)),
                         Table.Cell(loo == nil ? "–" : Self.figure(calibrated.estimated)),
                         Table.Cell(loo == nil ? "–" : Self.percent(calibrated.error), valueName: name),
                         Table.Cell(loo.map(Self.percent) ?? "–")])
            var entry = [Value.Field("published", .number(comparison.published, .none)),
                         Value.Field("estimated", .number(calibrated.estimated, .none)),
                         Value.Field("error", .number(calibrated.error, .ratio)),
                         Value.Field("error_before", .number(comparison.error, .ratio))]
            if let loo { entry.append(Value.Field("leave_one_out_error", .number(loo, .ratio))) }
            fields.append(Value.Field(record.id + (comparison.kind == .memory ? "" : "." + Self.slug(comparison.figure)), .record(entry)))
        }
        var artifacts: [Artifact] = [.table(Table(caption: input.caption, columns: columns, rows: rows))]
        var summaryLines: [String] = []
        for kind in kinds {
            let inBefore = before.filter { $0.kind == kind }
            guard let first = MeasurementComparison.summary(inBefore) else {
                summaryLines.append("\(kind.rawValue): no published figure infrabook estimates yet.")
                continue
            }
            var line = "\(kind.rawValue), \(first.count) published figures: median error \(Self.magnitude(first.median)), worst \(Self.magnitude(first.worst))"
            let looErrors = inBefore.compactMap { leftOut[$0.measurement.id + "|" + $0.figure] }
            if let fitted = MeasurementComparison.summary(after.filter { $0.kind == kind }), let loo = MeasurementComparison.summary(errors: looErrors) {
                line += " before calibration; \(Self.magnitude(fitted.median)) and \(Self.magnitude(fitted.worst)) after; "
                    + "\(Self.magnitude(loo.median)) and \(Self.magnitude(loo.worst)) left out of the fit"
            }
            summaryLines.append(line + ".")
        }
        artifacts.append(.paragraph(summaryLines.joined(separator: " ")))
        let all = MeasurementComparison.summary(after)
        let first = MeasurementComparison.summary(before)
        let loo = MeasurementComparison.summary(errors: before.compactMap { leftOut[$0.measurement.id + "|" + $0.figure] })
        fields.append(Value.Field("count", .number(Double(after.count), .none)))
        fields.append(Value.Field("median_error", .number(all?.median ?? 0, .ratio)))
        fields.append(Value.Field("worst_error", .number(all?.worst ?? 0, .ratio)))
        fields.append(Value.Field("median_error_before", .number(first?.median ?? 0, .ratio)))
        fields.append(Value.Field("worst_error_before", .number(first?.worst ?? 0, .ratio)))
        fields.append(Value.Field("median_leave_one_out", .number(loo?.median ?? 0, .ratio)))
        fields.append(Value.Field("worst_leave_one_out", .number(loo?.worst ?? 0, .ratio)))
        fields.append(Value.Field("leave_one_out_count", .number(Double(loo?.count ?? 0), .none)))
        return BlockOutput(result: .record(fields), artifacts: artifacts, recorded: recorded)
    }

    /// "output_tokens_s" from "output tokens/s": a figure's name as a key.
    static func slug(_ figure: String) -> String {
        String(figure.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }).split(separator: "_").joined(separator: "_")
    }

    /// Counts and rates as whole numbers, times (seconds) with three decimals.
    static func figure(_ value: Double) -> String {
        value >= 100 ? whole(value) : NumberText.number(value, decimals: 3, exact: true, grouping: true)
    }

    static func magnitude(_ fraction: Double) -> String { NumberText.number(fraction * 100, decimals: 0, exact: true, grouping: true) + "%" }

    static func whole(_ value: Double) -> String { NumberText.number(value, decimals: 0, exact: true, grouping: true) }
    static func percent(_ fraction: Double) -> String {
        (fraction > 0 ? "+" : "") + NumberText.number(fraction * 100, decimals: 0, exact: true, grouping: true) + "%"
    }
}
