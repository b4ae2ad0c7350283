import Catalog

/// What renting a deployment option costs: per hour, per month, per million output tokens and per
/// user-month, for one pricing tier.
///
/// Pure arithmetic on numbers the caller looked up (GPU count, price per GPU-hour, throughput); no
/// I/O, no catalog or price lookups. Months are 730 hours (8,760 hours a year ÷ 12), the convention
/// cloud providers use for monthly estimates.
public struct DeploymentCost: Sendable, Equatable {
    /// Hours in an average month: 8,760 ÷ 12.
    public static let hoursPerMonth = 730.0

    public var tier: PricingTier
    public var gpuCount: Int
    public var usdPerGPUHour: Double
    /// gpuCount × usdPerGPUHour.
    public var usdPerHour: Double
    /// usdPerHour × 730, billed around the clock.
    public var usdPerMonth: Double
    /// usdPerHour ÷ (tokens per second × 3,600) × 10⁶, with the option kept busy at its aggregate
    /// throughput; nil when the throughput is unknown or zero.
    public var usdPerMillionTokens: Double?
    /// usdPerMonth ÷ users; nil when users is unknown or zero.
    public var usdPerUserMonth: Double?
    /// The throughput and the users the per-token and per-user figures were divided by, kept for the
    /// formula texts (`DeploymentCost+Formulas.swift`).
    public var aggregateTokensPerSecond: Double?
    public var users: Int?

    /// Costs of renting `gpuCount` GPUs at `usdPerGPUHour` in `tier`, serving `aggregateTokensPerSecond`
    /// output tokens per second in total to `users` concurrent users.
    public init(gpuCount: Int, usdPerGPUHour: Double, tier: PricingTier = .defaultTier,
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
    public static func usdPerMillionTokens(usdPerHour: Double, tokensPerSecond: Double) -> Double {
        usdPerHour / (tokensPerSecond * 3600) * 1_000_000
    }
}
