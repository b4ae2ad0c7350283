import Basics
import Foundation
import Testing
@testable import Catalog

/// A small prices file every test edits one line of. Line numbers in the tests count from here.
let minimalPrices = """
as_of: 2026-11-01
currency: USD
sources:
  - id: lambda-2026
    title: "Lambda pricing"
    url: "https://lambda.ai/pricing"
    retrieved: 2026-11-01
gpu_hourly:
  h100-sxm: { on_demand: 2.99, spot: 1.49, source: lambda-2026 }
purchase:
  dgx-h200: { price: 315000, source: lambda-2026 }
operations:
  power_usd_per_kwh: 0.12
  pue: 1.3
  staff_usd_per_year: 275000
  staff_count: 1.5
  depreciation_years: 4

"""

/// `minimalPrices` with one line replaced (1-based).
func prices(replacingLine line: Int, with text: String) -> String {
    var lines = minimalPrices.components(separatedBy: "\n")
    lines[line - 1] = text
    return lines.joined(separator: "\n")
}

/// The diagnostics `PriceList.parse` throws for `text` (none when it loads).
func loadProblems(_ text: String) -> [Diagnostic] {
    do {
        _ = try PriceList.parse(text, file: "prices.yaml")
        return []
    } catch {
        return error.items
    }
}

/// The shipped prices file, found from this source file's path.
let shippedPricesPath = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Content/data/prices.yaml").path

@Suite struct PricesLoadingTests {
    @Test func minimalFileLoads() throws {
        let list = try PriceList.parse(minimalPrices, file: "prices.yaml")
        #expect(list.asOf == "2026-11-01")
        #expect(list.gpu("h100-sxm")?.usdPerGPUHour(.onDemand) == 2.99)
        #expect(list.gpu("h100-sxm")?.usdPerGPUHour(.spot) == 1.49)
        #expect(list.gpu("h100-sxm")?.usdPerGPUHour(.reserved1y) == nil)
        #expect(list.system("dgx-h200")?.priceUSD == 315_000)
        #expect(list.operations.pue.value == 1.3)
        // Not given: maintenance defaults to none, power to full draw at any utilization.
        #expect(list.operations.maintenanceFractionPerYear.value == 0)
        #expect(list.operations.idlePowerFraction.value == 1)
    }

    @Test func negativePriceIsAnErrorAtTheNumber() {
        let problems = loadProblems(prices(replacingLine: 9, with: "  h100-sxm: { on_demand: -2.99, source: lambda-2026 }"))
        #expect(problems.count == 1)
        #expect(problems.first?.location == SourceLocation(file: "prices.yaml", line: 9, column: 26))
        #expect(problems.first?.message.contains("must be greater than zero, found -2.99") == true)
    }

    @Test func zeroPurchasePriceIsAnError() {
        let problems = loadProblems(prices(replacingLine: 11, with: "  dgx-h200: { price: 0, source: lambda-2026 }"))
        #expect(problems.map(\.location) == [SourceLocation(file: "prices.yaml", line: 11, column: 22)])
        #expect(problems.first?.message.contains("purchase price of 'dgx-h200' must be greater than zero") == true)
    }

    @Test func unknownSourceIsAnErrorWithTheNearestId() {
        let problems = loadProblems(prices(replacingLine: 9, with: "  h100-sxm: { on_demand: 2.99, source: lambda-2025 }"))
        #expect(problems.map(\.location) == [SourceLocation(file: "prices.yaml", line: 9, column: 40)])
        #expect(problems.first?.message == "unknown source 'lambda-2025'; list it under 'sources'; did you mean 'lambda-2026'?")
    }

    @Test func missingOnDemandTierIsAnErrorAtTheGPU() {
        let problems = loadProblems(prices(replacingLine: 9, with: "  h100-sxm: { spot: 1.49, source: lambda-2026 }"))
        #expect(problems.map(\.location) == [SourceLocation(file: "prices.yaml", line: 9, column: 3)])
        #expect(problems.first?.message.contains("'h100-sxm' has no on_demand price") == true)
    }

    @Test func misspelledTierIsAnUnknownKeyWithASuggestion() {
        let problems = loadProblems(prices(replacingLine: 9, with: "  h100-sxm: { on_demand: 2.99, ondemand: 2.5, source: lambda-2026 }"))
        #expect(problems.map(\.location) == [SourceLocation(file: "prices.yaml", line: 9, column: 32)])
        #expect(problems.first?.message.hasPrefix("unknown key 'ondemand' in the prices of 'h100-sxm'; did you mean 'on_demand'") == true)
    }

    @Test func priceWithoutAnySourceIsAnError() {
        let problems = loadProblems(prices(replacingLine: 9, with: "  h100-sxm: { on_demand: 2.99 }"))
        #expect(problems.map(\.location) == [SourceLocation(file: "prices.yaml", line: 9, column: 26)])
        #expect(problems.first?.message.contains("names no source") == true)
    }

    @Test func pueBelowOneIsAnError() {
        let problems = loadProblems(prices(replacingLine: 14, with: "  pue: 0.9"))
        #expect(problems.map(\.location) == [SourceLocation(file: "prices.yaml", line: 14, column: 8)])
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        var text = prices(replacingLine: 9, with: "  h100-sxm: { on_demand: 0, source: nobody }")
        text = text.replacingOccurrences(of: "  pue: 1.3", with: "  pue: 0.5")
        let lines = loadProblems(text).map(\.location.line).sorted()
        #expect(lines == [9, 9, 14])
    }

    @Test func badDateNamesTheExpectedForm() {
        let problems = loadProblems(prices(replacingLine: 1, with: "as_of: 1 November 2026"))
        #expect(problems.map(\.location) == [SourceLocation(file: "prices.yaml", line: 1, column: 8)])
        #expect(problems.first?.message.contains("YYYY-MM-DD") == true)
    }

    /// The shipped file loads, and writing it back gives the same bytes: the layout is the writer's.
    @Test func shippedFileLoadsAndRoundTripsByteForByte() throws {
        let text = try String(contentsOfFile: shippedPricesPath, encoding: .utf8)
        let list = try PriceList.parse(text, file: shippedPricesPath)
        #expect(list.yamlText() == text)
        #expect(list.gpu("ascend-910b")?.unavailable != nil)
        for entry in list.gpuHourly where entry.unavailable == nil {
            #expect(entry.usdPerGPUHour(.onDemand) != nil, "\(entry.gpu) lacks an on-demand price")
        }
    }
}

@Suite struct PricesValidationTests {
    let list = try! PriceList.parse(minimalPrices, file: "prices.yaml")

    @Test func unknownGPUIsAnErrorWithSuggestions() {
        let problems = list.validate(gpuIDs: ["h100-sxm5", "h200"], systemIDs: ["dgx-h200"], today: "2026-11-01")
        let errors = problems.filter { $0.severity == .error }
        #expect(errors.map(\.location) == [SourceLocation(file: "prices.yaml", line: 9, column: 3)])
        #expect(errors.first?.message.contains("unknown GPU 'h100-sxm' in gpu_hourly; did you mean 'h100-sxm5'?") == true)
    }

    @Test func unknownSystemIsAnError() {
        let problems = list.validate(gpuIDs: ["h100-sxm"], systemIDs: ["dgx-h100"], today: "2026-11-01")
        let errors = problems.filter { $0.severity == .error }
        #expect(errors.map(\.location) == [SourceLocation(file: "prices.yaml", line: 11, column: 3)])
        #expect(errors.first?.message.contains("unknown system 'dgx-h200' in purchase; did you mean 'dgx-h100'?") == true)
    }

    @Test func missingTiersAreNotedNotFailed() {
        let problems = list.validate(gpuIDs: ["h100-sxm"], systemIDs: ["dgx-h200"], today: "2026-11-01")
        #expect(!problems.hasErrors)
        #expect(problems.contains { $0.severity == .note && $0.message.contains("no reserved_1y, reserved_3y price") })
    }

    /// `prices check` reports the file's own problems and the catalog's together, not one after the other.
    @Test func checkReportsFileAndCatalogProblemsTogether() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("prices-check-\(getpid()).yaml").path
        try prices(replacingLine: 9, with: "  h100-sxm: { on_demand: -2.99, source: lambda-2026 }").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (list, problems) = PriceList.check(path: path, gpuIDs: ["h200"], systemIDs: ["dgx-h200"], today: "2026-11-01")
        #expect(list != nil)
        let errors = problems.filter { $0.severity == .error }.sorted { $0.location < $1.location }
        #expect(errors.map { "\($0.location.line):\($0.location.column)" } == ["9:3", "9:26"])
        #expect(errors[0].message.hasPrefix("unknown GPU 'h100-sxm'"))
    }

    /// 2026-11-01 + 181 days = 2027-05-01 (Nov 30 + Dec 31 + Jan 31 + Feb 28 + Mar 31 + Apr 30 = 181).
    @Test func pricesOlderThanTheThresholdWarnNamingEachEntry() {
        #expect(list.staleness(today: "2027-04-30").isEmpty)
        let warnings = list.staleness(today: "2027-05-01")
        #expect(warnings.map(\.location.line) == [9, 11])
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings[0].message.contains("on_demand (2026-11-01, 181 days)"))
        #expect(list.staleness(today: "2027-05-01", maxAgeDays: 365).isEmpty)
    }

    /// Day counts against known spans: 2024 is a leap year (366 days), 1970-01-01 is day zero.
    @Test func calendarDays() {
        #expect(CalendarDay.number("1970-01-01") == 0)
        #expect(CalendarDay.days(from: "2024-01-01", to: "2025-01-01") == 366)
        #expect(CalendarDay.days(from: "2026-03-17", to: "2026-11-29") == 257)
        #expect(CalendarDay.number("2026-13-01") == nil)
    }
}
