import Basics
import Catalog
import Sizing

/// The `breakeven` block: buying `nodes` of a catalog system against renting the same GPUs.
///
/// ```yaml
/// system: dgx-h200
/// nodes: 2
/// utilization: 1.0        # or 50%
/// pricing: on_demand      # the cloud tier compared against
/// cloud_gpu: h200         # only when the system's GPU has no price of its own
/// ```
///
/// Results: `months` (a number, or the text `never`), `capital`, `monthly_cloud`, `monthly_operating`
/// and its parts, `months_capital_only`, `pays_back`, `owned_cost_per_gpu_hour`,
/// `breakeven_utilization`. Shows a table of the line items and a chart of breakeven months against
/// utilization. Reads the catalog and the price list; the arithmetic is `BuyVersusRent`'s.
struct BreakevenBlock: BlockKind {
    let name = "breakeven"
    let keys = ["system", "nodes", "utilization", "pricing", "cloud_gpu"]

    /// Utilizations the chart samples, in percent.
    static let chartPercents = stride(from: 10, through: 100, by: 10).map { Double($0) }

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        let systemNode = try input.required("system")
        let system = try systemNode.string()
        let nodes = try input["nodes"].map { node throws(Diagnostic) in
            let count = try node.int()
            guard count >= 1 else { throw Diagnostic.error(at: node.location, "'nodes' must be at least 1, found \(count)") }
            return count
        } ?? 1
        let utilization = try input["utilization"].map { node throws(Diagnostic) in try OwnershipScenario.utilization(node) } ?? 1
        let tier = try PriceInputs.tier(input["pricing"])
        let cloudGPU = try input["cloud_gpu"].map { node throws(Diagnostic) in (try node.string(), node.location) }
        let scenario = try Self.scenario(system: system, nodes: nodes, nodesLocation: input["nodes"]?.location ?? input.location,
                                         utilization: utilization, tier: tier, cloudGPU: cloudGPU, context: context, at: systemNode.location)
        let result = BuyVersusRent(scenario)
        let inputs = Self.inputs(result, system: system)

        var fields: [Value.Field] = []
        var recorded: [RecordedValue] = []
        func add(_ name: String, _ value: Value, _ formula: String) {
            fields.append(Value.Field(name, value))
            recorded.append(RecordedValue(name: name, value: value, formula: formula, inputs: inputs))
        }
        let money = PriceInputs.dollars
        let months: Value = result.breakevenMonths.map { .number($0, .months) } ?? .text("never")
        add("months", months, result.breakevenFormula(money: money))
        add("capital", .number(result.capitalUSD, .usd), result.capitalFormula(system: system, money: money))
        add("monthly_cloud", .number(result.monthlyCloudUSD, .usdPerMonth), result.monthlyCloudFormula(money: money))
        add("monthly_operating", .number(result.monthlyOperatingUSD, .usdPerMonth), BuyVersusRent.monthlyOperatingFormula)
        add("monthly_power", .number(result.monthlyPowerUSD, .usdPerMonth), result.monthlyPowerFormula(money: money))
        add("monthly_staff", .number(result.monthlyStaffUSD, .usdPerMonth), result.monthlyStaffFormula(money: money))
        add("monthly_maintenance", .number(result.monthlyMaintenanceUSD, .usdPerMonth), result.monthlyMaintenanceFormula)
        add("months_capital_only", .number(result.capitalOnlyBreakevenMonths, .months), "capital ÷ monthly cloud bill (operating costs ignored)")
        add("pays_back", .flag(result.paysBackWithinDepreciation),
            "breakeven within \(scenario.operations.depreciationYears.value) years of depreciation")
        if let owned = result.ownedUSDPerUsefulGPUHour {
            add("owned_cost_per_gpu_hour", .number(owned, .usdPerHour), "(capital ÷ depreciation months + operating) ÷ useful GPU-hours")
        }
        let lowest = BuyVersusRent.breakevenUtilization(scenario)
        add("breakeven_utilization", lowest.map { .number($0, .ratio) } ?? .text("none"),
            "lowest utilization paying back within the depreciation years")

        let title = input.caption ?? "\(nodes) × \(system) owned against \(scenario.gpuCount) GPUs rented \(tier.title)"
        let note = Self.pricesNote(system: system, gpu: cloudGPU?.0 ?? context.catalog.system(system)?.gpu, tier: tier, context: context)
        let artifacts: [Artifact] = [Self.table(result, title: title)] + (note.map { [Artifact.paragraph($0)] } ?? []) + [Self.chart(scenario)]
        return BlockOutput(result: .record(fields), artifacts: artifacts, recorded: recorded)
    }

    /// "Prices used: NVIDIA DGX H200 at $315,000 a node, dated 2026-05-01 (218 days old, stale); …":
    /// each price the comparison rests on with its own date and age.
    static func pricesNote(system: String, gpu: String?, tier: PricingTier, context: EvaluationContext) -> String? {
        guard let prices = context.prices else { return nil }
        var parts: [String] = []
        if let entry = prices.purchase.first(where: { $0.system == system }) {
            let name = context.catalog.displayName(system) ?? system
            let date = prices.dateOf(entry.quote, entryDate: nil, entrySource: entry.source).map { ", dated " + PriceAge.dated($0, today: context.today) } ?? ""
            parts.append("\(name) at \(PriceInputs.dollars(entry.quote.amountUSD)) a node\(date)")
        }
        if let gpu, let entry = prices.gpu(gpu), let quote = entry.tiers[tier] {
            let name = context.catalog.displayName(gpu) ?? gpu
            let date = prices.dateOf(quote, entryDate: entry.date, entrySource: entry.source).map { ", dated " + PriceAge.dated($0, today: context.today) } ?? ""
            parts.append("\(name) \(tier.title) at \(PriceInputs.dollars(quote.amountUSD))/GPU-h\(date)")
        }
        return parts.isEmpty ? nil : "Prices used: " + parts.joined(separator: "; ") + "."
    }

    /// The scenario for `nodes` (written at `nodesLocation`) of `system` against `tier` cloud prices of
    /// its GPU (or `cloudGPU`); more GPUs than the engine counts is an error at the nodes.
    static func scenario(system: String, nodes: Int, nodesLocation: SourceLocation, utilization: Double, tier: PricingTier,
                         cloudGPU: (String, SourceLocation)?, context: EvaluationContext,
                         at location: SourceLocation) throws(Diagnostic) -> OwnershipScenario {
        let spec = try context.catalog.requireSystem(system, at: location)
        do {
            _ = try CheckedCount.product(nodes, spec.gpusPerNode, what: "the GPUs of \(nodes) nodes")
        } catch {
            throw .error(at: nodesLocation, "'nodes' is too large: \(error)")
        }
        let prices = try PriceInputs.prices(context, at: location)
        let nodePrice = try prices.requireNodePriceUSD(system: system, at: location)
        let (gpu, gpuLocation) = cloudGPU ?? (spec.gpu, location)
        let hourly = try prices.requireUSDPerGPUHour(gpu: gpu, tier: tier, at: gpuLocation)
        return OwnershipScenario(nodes: nodes, gpusPerNode: spec.gpusPerNode, nodePriceUSD: nodePrice, nodePowerWatts: spec.nodePowerWatts,
                                 cloudUSDPerGPUHour: hourly, cloudTier: tier, utilization: utilization, operations: prices.operations)
    }

    static func inputs(_ result: BuyVersusRent, system: String) -> [String: String] {
        let s = result.scenario
        return ["system": system, "nodes": String(s.nodes), "utilization": String(s.utilization), "tier": s.cloudTier.rawValue,
                "usd_per_gpu_hour": String(s.cloudUSDPerGPUHour), "node_price_usd": String(s.nodePriceUSD)]
    }

    static func table(_ result: BuyVersusRent, title: String) -> Artifact {
        let money = PriceInputs.dollars
        let rows: [(String, String, String)] = [
            ("Capital", money(result.capitalUSD), "capital"),
            ("Cloud, per month", money(result.monthlyCloudUSD), "monthly_cloud"),
            ("Operating, per month", money(result.monthlyOperatingUSD), "monthly_operating"),
            ("  power and cooling", money(result.monthlyPowerUSD), "monthly_power"),
            ("  staff", money(result.monthlyStaffUSD), "monthly_staff"),
            ("  maintenance", money(result.monthlyMaintenanceUSD), "monthly_maintenance"),
            ("Breakeven", result.breakevenMonths.map { ValueFormatter.text($0, unit: .months) } ?? "never", "months"),
            ("Breakeven ignoring operating costs", ValueFormatter.text(result.capitalOnlyBreakevenMonths, unit: .months), "months_capital_only"),
        ]
        return .table(Table(caption: title, columns: [Table.Column("Item"), Table.Column("Amount", alignment: .right)],
                            rows: rows.map { [Table.Cell($0.0), Table.Cell($0.1, valueName: $0.2)] }))
    }

    /// Breakeven months against utilization, with and without operating costs; utilizations where
    /// owning never pays back have no point.
    static func chart(_ scenario: OwnershipScenario) -> Artifact {
        let utilizations = chartPercents.map { $0 / 100 }
        var full: [(x: Double, y: Double)] = []
        var capitalOnly: [(x: Double, y: Double)] = []
        for u in utilizations {
            var at = scenario
            at.utilization = u
            let result = BuyVersusRent(at)
            if let months = result.breakevenMonths { full.append((u * 100, months)) }
            if result.capitalOnlyBreakevenMonths.isFinite { capitalOnly.append((u * 100, result.capitalOnlyBreakevenMonths)) }
        }
        return .chart(Chart(title: "Breakeven against utilization (\(scenario.cloudTier.title))", style: .line,
                            xLabel: "utilization (%)", yLabel: "months to break even",
                            series: [Chart.Series(name: "with power, staff and maintenance", points: full),
                                     Chart.Series(name: "capital only", points: capitalOnly)]))
    }
}
