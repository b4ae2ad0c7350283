import Catalog

/// Attaching rental costs to a plan's options from a price list, through the cost engine's
/// `DeploymentCost`. Lookups and arithmetic only.
extension SizingPlan {
    /// This plan with every option priced at `tier`; an option whose GPU has no price in that tier
    /// keeps no cost and gains a warning saying why.
    public func priced(with prices: PriceList, tier: PricingTier = .defaultTier) -> SizingPlan {
        var plan = self
        plan.pricesAsOf = prices.asOf
        let nowhere = SourceLocation(file: prices.file, line: 1, column: 1)
        for index in plan.options.indices {
            let option = plan.options[index]
            guard option.fits else { continue }  // an option that does not fit has no cost
            do {
                let hourly = try prices.requireUSDPerGPUHour(gpu: option.gpu.id, tier: tier, at: nowhere)
                plan.options[index].cost = DeploymentCost(gpuCount: option.gpuCount, usdPerGPUHour: hourly, tier: tier,
                                                          aggregateTokensPerSecond: option.outputTokensPerSecond,
                                                          users: request.users)
            } catch {
                plan.options[index].warnings.append("no cost: \(error.message)")
            }
        }
        return plan
    }
}
