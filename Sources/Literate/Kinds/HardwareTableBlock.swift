import Basics
import Catalog
import Sizing

/// The `hardware-table` block: the catalog's GPUs with memory, bandwidth, dense throughput,
/// interconnect, power and current hourly prices.
///
/// ```yaml
/// gpus: [h100-sxm, h200]   # default: every GPU in the catalog
/// pricing: on_demand       # default: a column per tier
/// ```
///
/// The result is a record per GPU id, so `hw.h100-sxm.on_demand` or `hw.h200.memory` reach one cell.
/// Reads the catalog and the price list; computes nothing beyond unit conversions for display.
struct HardwareTableBlock: BlockKind {
    let name = "hardware-table"
    let keys = ["gpus", "pricing"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        var problems: [Diagnostic] = []
        let gpus = input["gpus"] == nil
            ? context.catalog.gpus : EngineInputs.gpus(input, key: "gpus", catalog: context.catalog, problems: &problems)
        if !problems.isEmpty { throw Diagnostics(problems) }
        let tiers = try input["pricing"].map { node throws(Diagnostic) in [try PriceInputs.tier(node)] } ?? PricingTier.allCases
        let prices = context.prices

        // Each column states its unit once, in its header; cells hold the number alone.
        var columns = [Table.Column("GPU"), Table.Column("Memory (GB)", alignment: .right), Table.Column("Bandwidth (TB/s)", alignment: .right),
                       Table.Column("BF16 dense (TFLOPS)", alignment: .right), Table.Column("FP8 dense (TFLOPS)", alignment: .right),
                       Table.Column("Interconnect"), Table.Column("Power (W)", alignment: .right)]
        columns += tiers.map { Table.Column("\($0.title) ($/GPU-h)", alignment: .right) }
        if prices != nil { columns.append(Table.Column("Prices dated")) }
        var rows: [[Table.Cell]] = []
        var fields: [Value.Field] = []
        var recorded: [RecordedValue] = []

        for gpu in gpus {
            var record: [Value.Field] = []
            let datasheet = "\(gpu.name) datasheet"
            func add(_ field: String, _ value: Value, formula: String, inputs: [String: String] = [:]) -> String {
                record.append(Value.Field(field, value))
                let name = "\(gpu.id).\(field)"
                // Datasheet figures name the datasheet itself, so the value's note links to it.
                let own = formula.hasPrefix(datasheet) ? ["gpu": gpu.id, "source": gpu.source] : ["gpu": gpu.id]
                recorded.append(RecordedValue(name: name, value: value, formula: formula, inputs: inputs.merging(own) { a, _ in a }))
                return name
            }
            let memory = add("memory", .number(Double(gpu.memoryBytes), .bytes), formula: datasheet)
            let bandwidth = add("memory_bandwidth", .number(gpu.memoryBandwidthBytesPerSecond, .bytesPerSecond), formula: datasheet)
            var row = [Table.Cell(gpu.name),
                       Table.Cell(Self.decimal(Double(gpu.memoryBytes) / 1e9, places: 0), valueName: memory),
                       Table.Cell(Self.decimal(gpu.memoryBandwidthBytesPerSecond / 1e12, places: 2), valueName: bandwidth)]
            for dataType in ["bf16", "fp8"] {
                if let flops = gpu.denseFLOPS(for: dataType) {
                    let name = add("\(dataType)_flops", .number(flops, .flopsPerSecond), formula: "\(datasheet), dense")
                    row.append(Table.Cell(Self.decimal(flops / 1e12, places: 0), valueName: name))
                } else {
                    row.append(Table.Cell("-"))
                }
            }
            let link = add("interconnect_bandwidth", .number(gpu.interconnectBytesPerSecond, .bytesPerSecond), formula: datasheet)
            row.append(Table.Cell("\(gpu.interconnect), \(Self.decimal(gpu.interconnectBytesPerSecond / 1e9, places: 0)) GB/s", valueName: link))
            let power = add("power", .number(gpu.powerWatts, .watts), formula: datasheet)
            row.append(Table.Cell(Self.decimal(gpu.powerWatts, places: 0), valueName: power))
            for tier in tiers {
                guard let prices, let entry = prices.gpu(gpu.id) else { row.append(Table.Cell("-")); continue }
                guard entry.unavailable == nil else { row.append(Table.Cell("n/a")); continue }
                guard let usd = entry.usdPerGPUHour(tier) else { row.append(Table.Cell("-")); continue }
                let name = add(tier.rawValue, .number(usd, .usdPerHour), formula: "price list: \(gpu.id), \(tier.rawValue)",
                               inputs: PriceInputs.provenance(prices, gpu: gpu.id, tier: tier))
                row.append(Table.Cell(ValueFormatter.dollars(usd, decimals: 2), valueName: name))
            }
            if let prices {
                let dates = tiers.compactMap { tier in
                    prices.gpu(gpu.id)?.tiers[tier].flatMap { prices.dateOf($0, entryDate: prices.gpu(gpu.id)?.date, entrySource: prices.gpu(gpu.id)?.source) }
                }
                row.append(Table.Cell(Set(dates).sorted().map { PriceAge.dated($0, today: context.today) }.joined(separator: "; ")))
            }
            rows.append(row)
            fields.append(Value.Field(gpu.id, .record(record)))
        }

        var artifacts: [Artifact] = [.table(Table(caption: input.caption, columns: columns, rows: rows))]
        if let prices {
            let unpriced = gpus.compactMap { gpu in prices.gpu(gpu.id)?.unavailable.map { "\(gpu.name): \($0)" } }
            var note = "Prices as of \(prices.asOf), USD per GPU-hour; \"-\" means no price in that tier."
            if !unpriced.isEmpty { note += " No public price: " + unpriced.joined(separator: " ") }
            artifacts.append(.paragraph(note))
        }
        return BlockOutput(result: .record(fields), artifacts: artifacts, recorded: recorded)
    }

    /// `value` with `places` decimals and thousands separators.
    static func decimal(_ value: Double, places: Int) -> String {
        NumberText.number(value, decimals: places, exact: true, grouping: true)
    }
}
