import Basics

/// The formula texts of the cost engine, written beside the arithmetic they describe
/// (`DeploymentCost`, `BuyVersusRent`) so a front end never retypes one: blocks record them as the
/// provenance of each value, reports and notes print the month rule. Money is written in the front
/// end's own style (`money`), so a formula reads like the table it explains. Words only; no figure
/// is computed here that the cost types do not already hold.
extension DeploymentCost {
    /// "730": the hours in a month as formulas write them.
    package static var hoursPerMonthText: String { NumberText.decimal(hoursPerMonth) }

    /// "a month is 730 hours": the month rule, for captions and notes.
    package static var monthRule: String { "a month is \(hoursPerMonthText) hours" }

    /// "2 GPUs × $3.90/GPU-h".
    package func perHourFormula(money: (Double) -> String) -> String {
        "\(gpuCount) GPUs × \(money(usdPerGPUHour))/GPU-h"
    }

    /// "$7.80/h × 730 h".
    package func perMonthFormula(money: (Double) -> String) -> String {
        "\(money(usdPerHour))/h × \(Self.hoursPerMonthText) h"
    }

    /// "$7.80/h ÷ (1234 tokens/s × 3,600 s) × 10⁶"; nil when there is no per-token cost.
    package func perMillionTokensFormula(money: (Double) -> String) -> String? {
        guard usdPerMillionTokens != nil, let rate = aggregateTokensPerSecond else { return nil }
        return "\(money(usdPerHour))/h ÷ (\(Int(rate.rounded())) tokens/s × 3,600 s) × 10⁶"
    }

    /// "$5,694 ÷ 10 users"; nil when there is no per-user cost.
    package func perUserMonthFormula(money: (Double) -> String) -> String? {
        guard usdPerUserMonth != nil, let users else { return nil }
        return "\(money(usdPerMonth)) ÷ \(NumberText.count(users, "user"))"
    }
}

extension BuyVersusRent {
    /// "$630,000 ÷ ($11,388 − $4,096) a month": the breakeven months.
    package func breakevenFormula(money: (Double) -> String) -> String {
        "\(money(capitalUSD)) ÷ (\(money(monthlyCloudUSD)) − \(money(monthlyOperatingUSD))) a month"
    }

    /// "2 × $315,000 per dgx-h200 node".
    package func capitalFormula(system: String, money: (Double) -> String) -> String {
        "\(scenario.nodes) × \(money(scenario.nodePriceUSD)) per \(system) node"
    }

    /// "16 GPUs × $3.72/GPU-h × 730 h × 0.5 utilization", or "… (a commitment, billed whatever the use)".
    package func monthlyCloudFormula(money: (Double) -> String) -> String {
        let s = scenario
        return "\(s.gpuCount) GPUs × \(money(s.cloudUSDPerGPUHour))/GPU-h × \(DeploymentCost.hoursPerMonthText) h"
            + (s.cloudTier.isCommitment ? " (a commitment, billed whatever the use)" : " × \(s.utilization) utilization")
    }

    /// "power + staff + maintenance".
    package static let monthlyOperatingFormula = "power + staff + maintenance"

    /// "2 × 10.2 kW × PUE 1.3 × 730 h × $0.12/kWh".
    package func monthlyPowerFormula(money: (Double) -> String) -> String {
        let s = scenario, ops = s.operations
        return "\(s.nodes) × \(s.nodePowerWatts / 1000) kW × PUE \(ops.pue.value) × \(DeploymentCost.hoursPerMonthText) h × \(money(ops.powerUSDPerKWh.value))/kWh"
    }

    /// "1.5 × $275,000 a year ÷ 12".
    package func monthlyStaffFormula(money: (Double) -> String) -> String {
        let ops = scenario.operations
        return "\(ops.staffCount.value) × \(money(ops.staffUSDPerYear.value)) a year ÷ 12"
    }

    /// "0.05 × capital a year ÷ 12".
    package var monthlyMaintenanceFormula: String {
        "\(scenario.operations.maintenanceFractionPerYear.value) × capital a year ÷ 12"
    }
}
