import Basics
import Foundation
import Catalog
import Sizing

/// Inline functions that read the price list: `gpu_price(h200, on_demand)`, `node_price(dgx-h200)`,
/// `breakeven_months(dgx-h200, 2, 1.0, on_demand)`; and the small readers the price-based block
/// kinds share (the loaded prices, a tier, a utilization). Lookups and formatting of inputs only; the
/// arithmetic is the cost engine's.

/// `gpu_price(gpu, tier)`: USD per GPU-hour from the price list.
struct GPUPriceFunction: InlineFunction {
    let name = "gpu_price"
    let parameters = ["gpu", "tier"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let gpu = try arguments[0].word("a GPU id")
        let tier = try PriceInputs.tier(named: try arguments[1].word("a pricing tier"), at: arguments[1].location)
        let prices = try PriceInputs.prices(context, at: arguments[0].location)
        let usd = try prices.requireUSDPerGPUHour(gpu: gpu, tier: tier, at: arguments[0].location)
        return Computed(value: .number(usd, .usdPerHour), formula: "price list: \(gpu), \(tier.rawValue)",
                        inputs: PriceInputs.provenance(prices, gpu: gpu, tier: tier))
    }
}

/// `node_price(system)`: the purchase price of one node, USD.
struct NodePriceFunction: InlineFunction {
    let name = "node_price"
    let parameters = ["system"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let system = try arguments[0].word("a system id")
        let prices = try PriceInputs.prices(context, at: arguments[0].location)
        let usd = try prices.requireNodePriceUSD(system: system, at: arguments[0].location)
        var inputs = ["system": system, "prices_as_of": prices.asOf]
        inputs["source"] = prices.system(system)?.sourceID
        return Computed(value: .number(usd, .usd), formula: "price list: \(system) purchase", inputs: inputs)
    }
}

/// `breakeven_months(system, nodes, utilization, tier)`: months until owning `nodes` of `system`
/// pays back against renting the same GPUs in `tier` (see `BuyVersusRent`).
struct BreakevenMonthsFunction: InlineFunction {
    let name = "breakeven_months"
    let parameters = ["system", "nodes", "utilization", "tier"]

    func call(_ arguments: [Argument], context: EvaluationContext) throws -> Computed {
        let system = try arguments[0].word("a system id")
        let nodes = try EngineArguments.whole(arguments[1], "the number of nodes", as: .count)
        let utilization = try arguments[2].number("the utilization")
        guard OwnershipScenario.isValidUtilization(utilization) else {
            throw Diagnostic.error(at: arguments[2].location, "the utilization is \(OwnershipScenario.utilizationRule), found \(NumberText.decimal(utilization))")
        }
        let tier = try PriceInputs.tier(named: try arguments[3].word("a pricing tier"), at: arguments[3].location)
        let scenario = try BreakevenBlock.scenario(system: system, nodes: nodes, nodesLocation: arguments[1].location, utilization: utilization,
                                                  tier: tier, cloudGPU: nil, context: context, at: arguments[0].location)
        let result = BuyVersusRent(scenario)
        guard let months = result.breakevenMonths else {
            throw Diagnostic.error(at: arguments[0].location, "owning \(nodes) × \(system) never pays back at \(utilization) utilization against \(tier.rawValue) prices: "
                + "renting costs \(PriceInputs.dollars(result.monthlyCloudUSD)) a month, operating the nodes \(PriceInputs.dollars(result.monthlyOperatingUSD))")
        }
        return Computed(value: .number(months, .months), formula: result.breakevenFormula(money: PriceInputs.dollars), inputs: BreakevenBlock.inputs(result, system: system))
    }
}

/// Readers shared by the price-based kinds and functions.
enum PriceInputs {
    /// The build's price list, or an error saying none was loaded.
    static func prices(_ context: EvaluationContext, at location: SourceLocation) throws(Diagnostic) -> PriceList {
        guard let prices = context.prices else {
            throw .error(at: location, "no price list is loaded; give --prices FILE or add prices.yaml to the data folder")
        }
        return prices
    }

    /// A tier by name, with the nearest names when it is misspelled.
    static func tier(named name: String, at location: SourceLocation) throws(Diagnostic) -> PricingTier {
        guard let tier = PricingTier(rawValue: name) else {
            throw .error(at: location, "unknown pricing tier '\(name)'" + NearestNames.hint(name, among: PricingTier.allCases.map(\.rawValue)))
        }
        return tier
    }

    /// The `pricing` key of a block, on-demand when absent.
    static func tier(_ node: YAMLNode?) throws(Diagnostic) -> PricingTier {
        guard let node else { return .defaultTier }
        return try tier(named: node.string(), at: node.location)
    }

    /// Where a GPU price came from, for values.json.
    static func provenance(_ prices: PriceList, gpu: String, tier: PricingTier) -> [String: String] {
        var inputs = ["gpu": gpu, "tier": tier.rawValue, "prices_as_of": prices.asOf]
        if let entry = prices.gpu(gpu) {
            inputs["source"] = entry.sourceID(for: tier)
            if let quote = entry.tiers[tier] { inputs["price_date"] = prices.dateOf(quote, entryDate: entry.date, entrySource: entry.source) }
        }
        return inputs
    }

    /// `$53,027` for messages and formulas.
    static func dollars(_ amount: Double) -> String { ValueFormatter.dollars(amount, decimals: amount >= 100 ? 0 : 2) }
}
