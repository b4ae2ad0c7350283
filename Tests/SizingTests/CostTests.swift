import Testing
import Catalog
@testable import Sizing

/// Cost formulas against hand-computed figures. The scenario is the reference document's buy-versus-
/// rent example: 2 × DGX H200 (8 GPUs, 10.2 kW rated each, per NVIDIA's DGX H200 datasheet) against
/// 16 H200 rented at 4.54 USD per GPU-hour (Spheron on-demand, 17 March 2026); operating figures as
/// shipped in prices.yaml (EIA power price, Uptime Institute PUE, the reference's staff cost).
@Suite struct DeploymentCostTests {
    @Test func hourlyMonthlyPerTokenAndPerUser() throws {
        let cost = DeploymentCost(gpuCount: 16, usdPerGPUHour: 4.54, aggregateTokensPerSecond: 1_000, users: 10)
        // 16 × 4.54 = 72.64 USD/h
        #expect(abs(cost.usdPerHour - 72.64) < 1e-9)
        // 72.64 × 730 = 53,027.20 USD/month
        #expect(abs(cost.usdPerMonth - 53_027.2) < 1e-6)
        // 72.64 / (1,000 tok/s × 3,600 s) × 10⁶ = 20.1778 USD per million tokens
        #expect(abs(try #require(cost.usdPerMillionTokens) - 20.177_777_777) < 1e-6)
        // 53,027.20 / 10 users = 5,302.72 USD per user-month
        #expect(abs(try #require(cost.usdPerUserMonth) - 5_302.72) < 1e-6)
        #expect(cost.tier == .onDemand)
    }

    @Test func unknownThroughputGivesNoPerTokenCost() {
        let cost = DeploymentCost(gpuCount: 8, usdPerGPUHour: 2.99, aggregateTokensPerSecond: 0, users: 0)
        #expect(cost.usdPerMillionTokens == nil)
        #expect(cost.usdPerUserMonth == nil)
    }

    @Test func doublingTheGPUPriceDoublesTheHourlyCost() {
        for gpus in [1, 2, 8, 16] {
            let base = DeploymentCost(gpuCount: gpus, usdPerGPUHour: 2.99, aggregateTokensPerSecond: 500)
            let doubled = DeploymentCost(gpuCount: gpus, usdPerGPUHour: 2 * 2.99, aggregateTokensPerSecond: 500)
            #expect(doubled.usdPerHour == 2 * base.usdPerHour)
            #expect(doubled.usdPerMonth == 2 * base.usdPerMonth)
            #expect(doubled.usdPerMillionTokens! == 2 * base.usdPerMillionTokens!)
        }
    }
}

@Suite struct BuyVersusRentTests {
    static let operations = OperatingAssumptions(
        powerUSDPerKWh: SourcedValue(0.128), pue: SourcedValue(1.58), staffUSDPerYear: SourcedValue(275_000),
        staffCount: SourcedValue(1.5), depreciationYears: SourcedValue(3), maintenanceFractionPerYear: SourcedValue(0.1),
        idlePowerFraction: SourcedValue(1))

    static let referenceScenario = OwnershipScenario(
        nodes: 2, gpusPerNode: 8, nodePriceUSD: 315_000, nodePowerWatts: 10_200,
        cloudUSDPerGPUHour: 4.54, cloudTier: .onDemand, utilization: 1, operations: operations)

    @Test func referenceScenarioAtFullUse() throws {
        let result = BuyVersusRent(Self.referenceScenario)
        // 2 × 315,000 = 630,000 USD
        #expect(result.capitalUSD == 630_000)
        // 2 × 10.2 kW × 1.58 × 730 h × 0.128 USD/kWh = 3,011.76 USD/month
        #expect(abs(result.monthlyPowerUSD - 3_011.758_08) < 1e-6)
        // 275,000 × 1.5 / 12 = 34,375 USD/month
        #expect(result.monthlyStaffUSD == 34_375)
        // 630,000 × 0.10 / 12 = 5,250 USD/month
        #expect(abs(result.monthlyMaintenanceUSD - 5_250) < 1e-9)
        // 3,011.76 + 34,375 + 5,250 = 42,636.76 USD/month
        #expect(abs(result.monthlyOperatingUSD - 42_636.758_08) < 1e-6)
        // 16 × 4.54 × 730 = 53,027.20 USD/month
        #expect(abs(result.monthlyCloudUSD - 53_027.2) < 1e-6)
        // 630,000 / (53,027.20 − 42,636.76) = 630,000 / 10,390.44 = 60.63 months
        #expect(abs(try #require(result.breakevenMonths) - 60.632_647) < 1e-5)
        // 630,000 / 53,027.20 = 11.88 months: the reference's "12-18 months" arithmetic
        #expect(abs(result.capitalOnlyBreakevenMonths - 11.880_695) < 1e-5)
        // (630,000 / 36 + 42,636.76) / (16 × 730) = 5.1487 USD per useful GPU-hour
        #expect(abs(try #require(result.ownedUSDPerUsefulGPUHour) - 5.148_695) < 1e-5)
        // 60.6 months is beyond the 36-month write-off.
        #expect(!result.paysBackWithinDepreciation)
    }

    @Test func onDemandIsBilledForHoursUsedAndPowerScalesWithLoad() {
        var scenario = Self.referenceScenario
        scenario.utilization = 0.5
        scenario.operations.idlePowerFraction = SourcedValue(0.3)
        let result = BuyVersusRent(scenario)
        // 53,027.20 × 0.5 = 26,513.60 USD/month
        #expect(abs(result.monthlyCloudUSD - 26_513.6) < 1e-6)
        // load 0.3 + 0.7 × 0.5 = 0.65; 20.4 kW × 0.65 × 1.58 × 730 × 0.128 = 1,957.64 USD/month
        #expect(abs(result.monthlyPowerUSD - 1_957.642_752) < 1e-6)
        // 26,513.60 < 1,957.64 + 34,375 + 5,250: owning never pays back at half use.
        #expect(result.breakevenMonths == nil)
    }

    @Test func reservedTiersAreBilledEveryHourWhateverTheUse() {
        var scenario = Self.referenceScenario
        scenario.cloudTier = .reserved1y
        scenario.utilization = 0.25
        // 16 × 4.54 × 730 = 53,027.20 at 25% use as at 100%: a commitment is paid in full.
        #expect(abs(BuyVersusRent(scenario).monthlyCloudUSD - 53_027.2) < 1e-6)
    }

    @Test func withoutStaffThePurchasePaysBackWithinTheYear() throws {
        var scenario = Self.referenceScenario
        scenario.operations.staffCount = SourcedValue(0)
        // 630,000 / (53,027.20 − 3,011.76 − 5,250) = 630,000 / 44,765.44 = 14.07 months
        let months = try #require(BuyVersusRent(scenario).breakevenMonths)
        #expect(abs(months - 14.073_356) < 1e-5)
    }

    @Test func sweepGivesBreakevenAtEachUtilization() throws {
        var scenario = Self.referenceScenario
        scenario.operations.staffCount = SourcedValue(0)
        let sweep = BuyVersusRent.sweep(scenario, utilizations: [0.1, 1.0])
        #expect(sweep.map(\.utilization) == [0.1, 1.0])
        // At 10%: cloud 5,302.72 < operating 8,261.76 → never.
        #expect(sweep[0].months == nil)
        #expect(abs(try #require(sweep[1].months) - 14.073_356) < 1e-5)
        // Lowest whole-percent utilization paying back within 36 months:
        // 630,000 / 36 = 17,500 ≤ 53,027.20 u − 8,261.76 ⇔ u ≥ 0.4858 → 49%.
        #expect(BuyVersusRent.breakevenUtilization(scenario) == 0.49)
    }
}
