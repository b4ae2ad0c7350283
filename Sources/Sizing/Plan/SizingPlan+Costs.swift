import Basics
import Catalog

/// Attaching rental costs to a plan's options from a price list, through the cost engine's
/// `DeploymentCost`: the one priced plan that `size`, the server, reports and the `cost` block all
/// read. Lookups and arithmetic only.
extension SizingPlan {
    /// The cost of renting `option` at `tier`: nil for an option that does not fit (the engine's rule:
    /// no cost, no speed); the price list's error, at `location`, when its GPU has no price there.
    package func cost(of option: DeploymentOption, prices: PriceList, tier: PricingTier,
                     at location: SourceLocation) throws(Diagnostic) -> DeploymentCost? {
        guard option.fits else { return nil }
        let hourly = try prices.requireUSDPerGPUHour(gpu: option.gpu.id, tier: tier, at: location)
        return DeploymentCost(gpuCount: option.gpuCount, usdPerGPUHour: hourly, tier: tier,
                              aggregateTokensPerSecond: option.outputTokensPerSecond, users: request.users)
    }

    /// This plan with every option priced at `tier`; an option whose GPU has no price in that tier
    /// keeps no cost and gains a warning saying why.
    package func priced(with prices: PriceList, tier: PricingTier = .defaultTier) -> SizingPlan {
        var plan = self
        plan.pricesAsOf = prices.asOf
        let nowhere = SourceLocation(file: prices.file, line: 1, column: 1)
        for index in plan.options.indices {
            do {
                plan.options[index].cost = try cost(of: plan.options[index], prices: prices, tier: tier, at: nowhere)
            } catch {
                plan.options[index].warnings.append("no cost: \(error.message)")
            }
        }
        return plan
    }
}
