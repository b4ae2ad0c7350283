import Basics

/// Looking prices up by id with errors a person can act on: which id is unknown and what is near it,
/// which tiers a GPU has, why a GPU has no public price. Lookups only; costs are computed in Sizing.
extension PriceList {
    /// The price per GPU-hour of `gpu` in `tier`, or an error at `location` that says why there is
    /// none: the GPU is not in the file (nearest ids suggested), it has no public price, or it has no
    /// price in that tier (the tiers it has are listed).
    package func requireUSDPerGPUHour(gpu: String, tier: PricingTier, at location: SourceLocation) throws(Diagnostic) -> Double {
        guard let entry = self.gpu(gpu) else {
            throw .error(at: location, "no price for GPU '\(gpu)' in \(file.isEmpty ? "the prices file" : file)"
                + NearestNames.hint(gpu, among: gpuHourly.map(\.gpu)))
        }
        if let reason = entry.unavailable {
            throw .error(at: location, "GPU '\(gpu)' has no public price: \(reason)")
        }
        guard let price = entry.usdPerGPUHour(tier) else {
            let tiers = PricingTier.allCases.filter { entry.tiers[$0] != nil }.map(\.rawValue)
            throw .error(at: location, "GPU '\(gpu)' has no \(tier.rawValue) price; it has: \(tiers.joined(separator: ", "))")
        }
        return price
    }

    /// The purchase price of one node of `system`, or an error at `location` naming the priced systems.
    package func requireNodePriceUSD(system: String, at location: SourceLocation) throws(Diagnostic) -> Double {
        guard let entry = self.system(system) else {
            throw .error(at: location, "no purchase price for system '\(system)'"
                + NearestNames.hint(system, among: purchase.map(\.system)))
        }
        return entry.priceUSD
    }
}
