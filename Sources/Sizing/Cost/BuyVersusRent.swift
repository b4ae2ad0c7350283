import Basics
import Catalog

/// Owning nodes against renting the same GPUs in the cloud: capital, monthly operating cost, the
/// equivalent cloud bill, and the month the purchase pays for itself.
///
/// Pure arithmetic, no I/O. The choices, each a documented assumption:
/// - A month is 730 hours.
/// - Power: each node draws `nodePowerWatts` scaled between idle and full with utilization,
///   `watts × (idle + (1 − idle) × utilization)`; with `idle_power_fraction: 1` (the shipped
///   assumption) nodes draw full power whenever they are on. Facility overhead multiplies by PUE.
/// - Staff cost is per deployment, not per node: `staff_usd_per_year × staff_count ÷ 12`.
/// - Maintenance is `maintenance_fraction × capital` a year.
/// - Cloud: on-demand and spot are billed only for the hours used (`× utilization`); reserved tiers
///   are a commitment billed every hour whatever the use. That is why reserved capacity is the middle
///   ground: cheaper per hour, but idle hours still cost.
/// - Breakeven: capital ÷ (monthly cloud − monthly operating); never when owning costs as much a month
///   as renting. Resale value and the cost of capital are left out.
package struct OwnershipScenario: Sendable, Equatable {
    package var nodes: Int
    package var gpusPerNode: Int
    package var nodePriceUSD: Double
    /// The node's rated (maximum) power draw, watts.
    package var nodePowerWatts: Double
    /// The cloud price of one of the same GPUs per hour, in `cloudTier`.
    package var cloudUSDPerGPUHour: Double
    package var cloudTier: PricingTier
    /// Fraction of the month the GPUs do useful work, 0...1.
    package var utilization: Double
    package var operations: OperatingAssumptions

    package init(nodes: Int, gpusPerNode: Int, nodePriceUSD: Double, nodePowerWatts: Double, cloudUSDPerGPUHour: Double,
                cloudTier: PricingTier = .defaultTier, utilization: Double = 1, operations: OperatingAssumptions) {
        self.nodes = nodes
        self.gpusPerNode = gpusPerNode
        self.nodePriceUSD = nodePriceUSD
        self.nodePowerWatts = nodePowerWatts
        self.cloudUSDPerGPUHour = cloudUSDPerGPUHour
        self.cloudTier = cloudTier
        self.utilization = utilization
        self.operations = operations
    }

    package var gpuCount: Int { nodes * gpusPerNode }
}

/// The result of comparing an `OwnershipScenario` with the cloud; every money figure in USD.
package struct BuyVersusRent: Sendable, Equatable {
    package var scenario: OwnershipScenario
    /// nodes × node price.
    package var capitalUSD: Double
    /// nodes × kW × load factor × PUE × 730 h × USD/kWh.
    package var monthlyPowerUSD: Double
    package var monthlyStaffUSD: Double
    package var monthlyMaintenanceUSD: Double
    /// Power + staff + maintenance.
    package var monthlyOperatingUSD: Double
    /// GPUs × price × 730 h, × utilization unless the tier is a commitment.
    package var monthlyCloudUSD: Double
    /// Months until the capital is recovered from what renting would have cost beyond operating;
    /// nil when renting is not dearer than operating (owning never pays back).
    package var breakevenMonths: Double?
    /// Capital ÷ monthly cloud bill: the breakeven that ignores operating costs (what a back-of-the-
    /// envelope comparison computes).
    package var capitalOnlyBreakevenMonths: Double
    /// Capital written off over the depreciation years plus operating cost, per GPU-hour of useful work;
    /// nil at zero utilization.
    package var ownedUSDPerUsefulGPUHour: Double?

    /// Compares owning with renting for `scenario`.
    package init(_ scenario: OwnershipScenario) {
        self.scenario = scenario
        let hours = DeploymentCost.hoursPerMonth
        let ops = scenario.operations
        let u = scenario.utilization
        capitalUSD = Double(scenario.nodes) * scenario.nodePriceUSD
        let idle = ops.idlePowerFraction.value
        let loadFactor = idle + (1 - idle) * u
        let kilowatts = Double(scenario.nodes) * scenario.nodePowerWatts / 1000 * loadFactor
        monthlyPowerUSD = kilowatts * ops.pue.value * hours * ops.powerUSDPerKWh.value
        monthlyStaffUSD = ops.staffUSDPerYear.value * ops.staffCount.value / 12
        monthlyMaintenanceUSD = capitalUSD * ops.maintenanceFractionPerYear.value / 12
        monthlyOperatingUSD = monthlyPowerUSD + monthlyStaffUSD + monthlyMaintenanceUSD
        let billedFraction = scenario.cloudTier.isCommitment ? 1 : u
        monthlyCloudUSD = Double(scenario.gpuCount) * scenario.cloudUSDPerGPUHour * hours * billedFraction
        let saving = monthlyCloudUSD - monthlyOperatingUSD
        breakevenMonths = saving > 0 ? capitalUSD / saving : nil
        capitalOnlyBreakevenMonths = monthlyCloudUSD > 0 ? capitalUSD / monthlyCloudUSD : .infinity
        let usefulGPUHours = Double(scenario.gpuCount) * hours * u
        let depreciationPerMonth = capitalUSD / (ops.depreciationYears.value * 12)
        ownedUSDPerUsefulGPUHour = usefulGPUHours > 0 ? (depreciationPerMonth + monthlyOperatingUSD) / usefulGPUHours : nil
    }

    /// True when the purchase pays back before the hardware is written off.
    package var paysBackWithinDepreciation: Bool {
        guard let months = breakevenMonths else { return false }
        return months <= scenario.operations.depreciationYears.value * 12
    }

    /// Breakeven months at each utilization (0...1), everything else as in `scenario`; nil where owning
    /// never pays back.
    package static func sweep(_ scenario: OwnershipScenario, utilizations: [Double]) -> [(utilization: Double, months: Double?)] {
        utilizations.map { u in
            var at = scenario
            at.utilization = u
            return (u, BuyVersusRent(at).breakevenMonths)
        }
    }

    /// The lowest utilization (to 1%) at which owning pays back within the depreciation years, or nil
    /// when it does not even at 100%.
    package static func breakevenUtilization(_ scenario: OwnershipScenario) -> Double? {
        for percent in 1...100 {
            var at = scenario
            at.utilization = Double(percent) / 100
            if BuyVersusRent(at).paysBackWithinDepreciation { return at.utilization }
        }
        return nil
    }
}

// MARK: - Utilization, the one rule

extension OwnershipScenario {
    /// Whether `value` is a utilization the comparison can use: a share of hours busy above 0 (at 0
    /// nothing is useful, and breakeven never comes) and at most 1.
    package static func isValidUtilization(_ value: Double) -> Bool { value > 0 && value <= 1 }

    /// What a utilization must be, for messages.
    package static let utilizationRule = "a share of hours busy, greater than 0 and at most 1 (or a percentage such as 50%)"

    /// A utilization written `0.5` or `50%`, refused at the node's position unless it follows the rule:
    /// breakeven blocks and project files read it here.
    package static func utilization(_ node: YAMLNode, name: String = "utilization") throws(Diagnostic) -> Double {
        let text = String((try node.string()).filter { $0 != " " })
        let value = text.hasSuffix("%") ? Quantity.parseNumber(String(text.dropLast())).map { $0 / 100 } : Quantity.parseNumber(text)
        guard let value, isValidUtilization(value) else {
            throw .error(at: node.location, "'\(name)' is \(utilizationRule), found '\(text)'")
        }
        return value
    }
}
