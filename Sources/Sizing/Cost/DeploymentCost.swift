import Catalog

/// What renting a deployment option costs: per hour, per month, per million output tokens and per
/// user-month, for one pricing tier.
///
/// Pure arithmetic on numbers the caller looked up (GPU count, price per GPU-hour, throughput); no
/// I/O, no catalog or price lookups. Months are 730 hours (8,760 hours a year ÷ 12), the convention
/// cloud providers use for monthly estimates.
package struct DeploymentCost: Sendable, Equatable {
    /// Hours in an average month: 8,760 ÷ 12.
    package static let hoursPerMonth = 730.0

    package var tier: PricingTier
    package var gpuCount: Int
    package var usdPerGPUHour: Double
    /// gpuCount × usdPerGPUHour.
    package var usdPerHour: Double
    /// usdPerHour × 730, billed around the clock.
    package var usdPerMonth: Double
    /// usdPerHour ÷ (tokens per second × 3,600) × 10⁶, with the option kept busy at its aggregate
    /// throughput; nil when the throughput is unknown or zero.
    package var usdPerMillionTokens: Double?
    /// usdPerMonth ÷ users; nil when users is unknown or zero.
    package var usdPerUserMonth: Double?
    /// The throughput and the users the per-token and per-user figures were divided by, kept for the
    /// formula texts (`DeploymentCost+Formulas.swift`).
    package var aggregateTokensPerSecond: Double?
    package var users: Int?

    /// Costs of renting `gpuCount` GPUs at `usdPerGPUHour` in `tier`, serving `aggregateTokensPerSecond`
    /// output tokens per second in total to `users` concurrent users.
    package init(gpuCount: Int, usdPerGPUHour: Double, tier: PricingTier = .defaultTier,
                aggregateTokensPerSecond: Double? = nil, users: Int? = nil) {
        self.tier = tier
        self.gpuCount = gpuCount
        self.usdPerGPUHour = usdPerGPUHour
        self.aggregateTokensPerSecond = aggregateTokensPerSecond
        self.users = users
        usdPerHour = Double(gpuCount) * usdPerGPUHour
        usdPerMonth = usdPerHour * Self.hoursPerMonth
        usdPerMillionTokens = aggregateTokensPerSecond.flatMap { rate in
            rate > 0 ? Self.usdPerMillionTokens(usdPerHour: usdPerHour, tokensPerSecond: rate) : nil
        }
        usdPerUserMonth = users.flatMap { $0 > 0 ? usdPerMonth / Double($0) : nil }
    }

    /// Dollars per million tokens produced at `tokensPerSecond` by hardware costing `usdPerHour`.
    package static func usdPerMillionTokens(usdPerHour: Double, tokensPerSecond: Double) -> Double {
        usdPerHour / (tokensPerSecond * 3600) * 1_000_000
    }
}
