import Basics
import Sizing

/// The `cost` block: a sizing (the `sizing` keys) with every deployment option priced in one tier.
///
/// ```yaml
/// model: glm-5
/// precision: fp8
/// kv_precision: bf16
/// users: 10
/// context: 8K
/// hardware: [h100-sxm, h200, b200]   # default: every GPU in the catalog
/// pricing: on_demand                 # default
/// ```
///
/// Results: `options` (per candidate GPU, in the order given: `gpu`, `gpus`, `nodes`, `fits`,
/// `usd_per_gpu_hour`, `cost_per_hour`, `cost_per_month`, `cost_per_million_tokens`,
/// `cost_per_user_month`), and at the top `cost_per_hour`, `cost_per_month`,
/// `cost_per_million_tokens` of the cheapest option that fits (named by `cheapest`). A GPU listed in
/// `hardware` without a price in the tier is an error at its name; one taken by default is left
/// unpriced with a warning. Sizing is the engine's; each option is priced by the engine's priced plan
/// (`SizingPlan.cost(of:)`, as `size` and reports price it) and its formula texts are the cost engine's.
struct CostBlock: BlockKind {
    let name = "cost"
    let keys = ["model", "precision", "kv_precision", "users", "context", "prompt", "hardware", "pricing"]

    func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        let tier = try PriceInputs.tier(input["pricing"])
        let prices = try PriceInputs.prices(context, at: input["pricing"]?.location ?? input.location)
        let request = try EngineInputs.request(input, catalog: context.catalog)
        var gpuLocations: [String: SourceLocation] = [:]
        for item in (try? input["hardware"]?.list()) ?? [] {
            if let id = item.scalarText { gpuLocations[id] = item.location }
        }
        let plan = try EngineInputs.engine(input) { () throws(SizingError) in try SizingEngine.plan(request, catalog: context.catalog) }

        var options: [Value] = []
        var recorded: [RecordedValue] = []
        var rows: [[Table.Cell]] = []
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var cheapest: (index: Int, cost: DeploymentCost)?
        for (index, option) in plan.options.enumerated() {
            let gpu = option.gpu.id
            let at = gpuLocations[gpu] ?? input.location
            /// An option without a cost: one that does not fit (the engine's rule: no cost, no speed) or has no price.
            func uncosted() {
                rows.append([Table.Cell(option.gpu.name), Table.Cell(String(option.gpuCount)), Table.Cell(String(option.nodes)),
                             Table.Cell(option.fits ? "yes" : "no"), Table.Cell("-"), Table.Cell("-"), Table.Cell("-"), Table.Cell("-"), Table.Cell("-")])
                options.append(.record([Value.Field("gpu", .text(gpu)), Value.Field("fits", .flag(option.fits))]))
            }
            let priced: DeploymentCost?
            do {
                priced = try plan.cost(of: option, prices: prices, tier: tier, at: at)
            } catch {
                if gpuLocations[gpu] != nil { problems.append(error) } else { warnings.append(.warning(at: at, error.message)) }
                priced = nil
            }
            guard let cost = priced else {
                uncosted()
                continue
            }
            if cost.usdPerHour < cheapest?.cost.usdPerHour ?? .infinity { cheapest = (index, cost) }
            let inputs = PriceInputs.provenance(prices, gpu: gpu, tier: tier)
                .merging(["model": request.model.id, "users": String(request.users)]) { a, _ in a }
            var fields: [Value.Field] = [
                Value.Field("gpu", .text(gpu)), Value.Field("gpus", .number(Double(option.gpuCount), .gpus)),
                Value.Field("nodes", .number(Double(option.nodes), .none)), Value.Field("fits", .flag(option.fits)),
            ]
            func add(_ field: String, _ value: Value, _ formula: String) -> String {
                fields.append(Value.Field(field, value))
                let name = "options.\(index).\(field)"
                recorded.append(RecordedValue(name: name, value: value, formula: formula, inputs: inputs))
                return name
            }
            let money = PriceInputs.dollars
            let gpuHour = add("usd_per_gpu_hour", .number(cost.usdPerGPUHour, .usdPerHour), "price list: \(gpu), \(tier.rawValue)")
            let perHour = add("cost_per_hour", .number(cost.usdPerHour, .usdPerHour), cost.perHourFormula(money: money))
            let perMonth = add("cost_per_month", .number(cost.usdPerMonth, .usdPerMonth), cost.perMonthFormula(money: money))
            var perToken: String?
            if let value = cost.usdPerMillionTokens, let formula = cost.perMillionTokensFormula(money: money) {
                perToken = add("cost_per_million_tokens", .number(value, .usdPerMillionTokens), formula)
            }
            if let value = cost.usdPerUserMonth, let formula = cost.perUserMonthFormula(money: money) {
                _ = add("cost_per_user_month", .number(value, .usdPerMonth), formula)
            }
            options.append(.record(fields))
            func cell(_ name: String?) -> Table.Cell {
                guard let name, let value = recorded.first(where: { $0.name == name })?.value, case .number(let amount, _) = value else {
                    return Table.Cell("-")
                }
                return Table.Cell(ValueFormatter.dollars(amount, decimals: amount >= 100 ? 0 : 2), valueName: name)
            }
            // Each price is shown with its own date and age, marked stale past the limit `prices check` uses.
            let dated = inputs["price_date"].map { PriceAge.dated($0, today: context.today) } ?? "-"
            rows.append([Table.Cell(option.gpu.name), Table.Cell(String(option.gpuCount)), Table.Cell(String(option.nodes)),
                         Table.Cell(option.fits ? "yes" : "no"), cell(gpuHour), cell(perHour), cell(perMonth), cell(perToken), Table.Cell(dated)])
        }
        if !problems.isEmpty { throw Diagnostics(problems) }

        var result: [Value.Field] = [Value.Field("tier", .text(tier.rawValue)), Value.Field("prices_as_of", .text(prices.asOf))]
        if let cheapest {
            let gpu = plan.options[cheapest.index].gpu.id
            result.append(Value.Field("cheapest", .text(gpu)))
            let top: [(String, Value)] = [
                ("cost_per_hour", .number(cheapest.cost.usdPerHour, .usdPerHour)),
                ("cost_per_month", .number(cheapest.cost.usdPerMonth, .usdPerMonth)),
            ] + (cheapest.cost.usdPerMillionTokens.map { [("cost_per_million_tokens", Value.number($0, .usdPerMillionTokens))] } ?? [])
            for (field, value) in top {
                result.append(Value.Field(field, value))
                recorded.append(RecordedValue(name: field, value: value, formula: "the cheapest option that fits: \(gpu)",
                                              inputs: ["gpu": gpu, "tier": tier.rawValue, "prices_as_of": prices.asOf]))
            }
        } else {
            warnings.append(.warning(at: input.location, "no priced option fits, so the block has no cost_per_hour of its own; use options.N"))
        }
        result.append(Value.Field("options", .list(options)))

        let columns = [Table.Column("GPU"), Table.Column("GPUs", alignment: .right), Table.Column("Nodes", alignment: .right),
                       Table.Column("Fits"), Table.Column("$/GPU-h", alignment: .right), Table.Column("$/hour", alignment: .right),
                       Table.Column("$/month", alignment: .right), Table.Column("$/M tokens", alignment: .right), Table.Column("Price dated")]
        let caption = input.caption ?? "\(request.model.name) for \(NumberText.count(request.users, "user")), \(tier.title) prices"
        let note = "\(tier.title.prefix(1).uppercased() + tier.title.dropFirst()) prices as of \(prices.asOf); \(DeploymentCost.monthRule); "
            + "cost per million tokens assumes the option is kept busy at its aggregate throughput."
        return BlockOutput(result: .record(result),
                           artifacts: [.table(Table(caption: caption, columns: columns, rows: rows)), .paragraph(note)],
                           recorded: recorded, warnings: warnings)
    }
}
