import Basics
import Testing
import Catalog
@testable import Sizing

/// The engine's rules that every front end reads from one place: the default precisions, the memory
/// rows and their labels, and the cost formula texts.
@Suite struct EngineRulesTests {
    /// BF16 for weights and KV cache unless told otherwise: the defaults `size` documents in its help
    /// and every front end (blocks, functions, reports, `inspect`) reads.
    @Test func defaultPrecisionsAreBF16() {
        #expect(SizingInputs.defaultPrecision == "bf16")
        #expect(SizingInputs.defaultKVPrecision == "bf16")
        #expect(SizingInputs.defaults.precision == SizingInputs.defaultPrecision)
        #expect(SizingInputs.defaults.kvPrecision == SizingInputs.defaultKVPrecision)
    }

    /// Five rows in the order every table shows them; in a sentence the label loses its capital
    /// unless it begins an abbreviation.
    @Test func memoryRowsAndLabels() throws {
        let memory = try MemoryBreakdown(weightsBytes: 10, kvCacheBytes: 20, kvCacheBytesPerToken: 1, activationsBytes: 3, overheadBytes: 4)
        #expect(memory.rows.map(\.part.label) == ["Weights", "KV cache", "Activations", "Runtime overhead", "Total"])
        #expect(memory.rows.map(\.part.lowercaseLabel) == ["weights", "KV cache", "activations", "runtime overhead", "total"])
        #expect(memory.rows.map(\.bytes) == [10, 20, 3, 4, 37])
        // The JSON field names of the `sizing` block's `memory` record.
        #expect(MemoryBreakdown.Part.allCases.map(\.rawValue) == ["weights", "kv_cache", "activations", "overhead", "total"])
    }

    /// The formula texts for the reference scenario of `DeploymentCostTests`: 16 H200 at 4.54 USD per
    /// GPU-hour (Spheron on-demand, 17 March 2026), 1,000 tokens/s, 10 users.
    @Test func deploymentCostFormulaTexts() throws {
        let cost = DeploymentCost(gpuCount: 16, usdPerGPUHour: 4.54, aggregateTokensPerSecond: 1_000, users: 10)
        let money: (Double) -> String = { "$" + NumberText.fixed($0, places: 2) }
        #expect(DeploymentCost.monthRule == "a month is 730 hours")
        #expect(cost.perHourFormula(money: money) == "16 GPUs × $4.54/GPU-h")
        #expect(cost.perMonthFormula(money: money) == "$72.64/h × 730 h")
        #expect(cost.perMillionTokensFormula(money: money) == "$72.64/h ÷ (1000 tokens/s × 3,600 s) × 10⁶")
        #expect(cost.perUserMonthFormula(money: money) == "$53,027.20 ÷ 10 users")
        let idle = DeploymentCost(gpuCount: 1, usdPerGPUHour: 2.99)
        #expect(idle.perMillionTokensFormula(money: money) == nil && idle.perUserMonthFormula(money: money) == nil)
    }

    /// The buy-versus-rent texts for `BuyVersusRentTests`' reference scenario (2 × DGX H200, 10.2 kW
    /// each per NVIDIA's datasheet, PUE 1.58, 0.128 USD/kWh, 1.5 staff at 275,000 USD a year).
    @Test func buyVersusRentFormulaTexts() {
        let result = BuyVersusRent(BuyVersusRentTests.referenceScenario)
        let money: (Double) -> String = { "$" + NumberText.fixed($0, places: $0 >= 100 ? 0 : 2) }
        #expect(result.capitalFormula(system: "dgx-h200", money: money) == "2 × $315,000 per dgx-h200 node")
        #expect(result.monthlyCloudFormula(money: money) == "16 GPUs × $4.54/GPU-h × 730 h × 1.0 utilization")
        #expect(result.monthlyPowerFormula(money: money) == "2 × 10.2 kW × PUE 1.58 × 730 h × $0.13/kWh")
        #expect(result.monthlyStaffFormula(money: money) == "1.5 × $275,000 a year ÷ 12")
        #expect(result.breakevenFormula(money: money) == "$630,000 ÷ ($53,027 − $42,637) a month")
    }
}
