import Basics
import Catalog

/// The `calibration` block: the speed constants `infrabook calibrate --write` fitted (`calibration.yaml`),
/// one row per fit (GPU architecture, engine family, kind of model), so a page can show which constants
/// its calibrated figures use and how many published figures decided them.
///
/// ```yaml
/// architecture: hopper   # default: every fit
/// ```
///
/// Results: `date`, and a record per fit keyed `architecture[_llama_cpp][_dense|_moe]` with
/// `memory_efficiency`, `compute_efficiency`, `step_overhead` (seconds), `figures`, and where fitted
/// `expert_memory_efficiency`, `request_overhead` and `all_reduce_latency` (seconds). Reads the
/// calibration only; fits nothing and never decides which fit applies to an answer.
struct CalibrationBlock: BlockKind {
    let name = "calibration"
    let keys = ["architecture"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        guard let calibration = context.catalog.calibration else {
            throw Diagnostic.error(at: input.location, "no calibration to show: the data folder has no \(Calibration.fileName) "
                                   + "(run `infrabook calibrate --write`)")
        }
        var fits = calibration.fits
        if let node = input["architecture"] {
            let word = try node.string()
            let known = Array(Set(calibration.fits.map(\.architecture))).sorted()
            guard known.contains(word) else {
                throw Diagnostic.error(at: node.location, "no fit for the architecture '\(word)'" + NearestNames.hint(word, among: known))
            }
            fits = fits.filter { $0.architecture == word }
        }
        let columns = [Table.Column("Architecture"), Table.Column("Engines"), Table.Column("Models"),
                       Table.Column("Memory efficiency", alignment: .right), Table.Column("Routed experts' efficiency", alignment: .right),
                       Table.Column("Compute efficiency", alignment: .right), Table.Column("Step overhead", alignment: .right),
                       Table.Column("Request overhead", alignment: .right), Table.Column("All-reduce latency", alignment: .right),
                       Table.Column("Figures", alignment: .right)]
        var rows: [[Table.Cell]] = []
        var fields: [Value.Field] = [Value.Field("date", .text(calibration.date))]
        var recorded: [RecordedValue] = []
        for fit in fits {
            let key = Self.key(fit)
            let provenance = ["architecture": fit.architecture, "engines": fit.engines.joined(separator: ", "),
                              "fitted": "\(calibration.date), by least squares on log error"]
            var entry: [Value.Field] = []
            /// One constant: its cell, its result field and its recorded value (nil: not fitted, a dash).
            func constant(_ field: String, _ value: Double?, _ unit: Unit, _ text: (Double) -> String) -> Table.Cell {
                guard let value else { return Table.Cell("–") }
                let name = "\(key).\(field)"
                entry.append(Value.Field(field, .number(value, unit)))
                recorded.append(RecordedValue(name: name, value: .number(value, unit),
                                              formula: "fitted by `infrabook calibrate` to \(NumberText.count(fit.records.count, "published figure"))",
                                              inputs: provenance))
                return Table.Cell(text(value), valueName: name)
            }
            let efficiency = { (value: Double) in NumberText.decimal(value, places: 3) }
            rows.append([Table.Cell(fit.architecture), Table.Cell(fit.engines.joined(separator: ", ")),
                         Table.Cell(fit.models?.phrase ?? "every kind"),
                         constant("memory_efficiency", fit.memoryBandwidthEfficiency, .none, efficiency),
                         constant("expert_memory_efficiency", fit.expertMemoryEfficiency, .none, efficiency),
                         constant("compute_efficiency", fit.computeEfficiency, .none, efficiency),
                         constant("step_overhead", fit.stepOverheadSeconds, .seconds, NumberText.duration),
                         constant("request_overhead", fit.requestOverheadSeconds, .seconds, NumberText.duration),
                         constant("all_reduce_latency", fit.allReduceLatencySeconds, .seconds, NumberText.duration),
                         Table.Cell(NumberText.grouped(fit.records.count))])
            entry.append(Value.Field("figures", .number(Double(fit.records.count), .none)))
            fields.append(Value.Field(key, .record(entry)))
        }
        return BlockOutput(result: .record(fields), artifacts: [.table(Table(caption: input.caption, columns: columns, rows: rows))],
                           recorded: recorded)
    }

    /// "hopper_dense", "ada_llama_cpp": a fit's name as a key.
    static func key(_ fit: Calibration.Fit) -> String {
        [fit.architecture, fit.family == .llamaCpp ? "llama_cpp" : nil, fit.models?.rawValue].compactMap { $0 }.joined(separator: "_")
    }
}
