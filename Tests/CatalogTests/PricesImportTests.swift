import Basics
import Foundation
import Testing
@testable import Catalog

@Suite struct PricesImportTests {
    let base = try! PriceList.parse(minimalPrices, file: "prices.yaml")
    /// The day the imports run; the CSV rows are dated before it.
    let today = "2026-12-01"

    @Test func changedPricesAreReportedOldToNew() throws {
        var list = base
        let changes = try list.merge(csv: """
            kind,id,tier,price,source,date
            gpu_hourly,h100-sxm,on_demand,2.49,lambda-2026,2026-11-20
            gpu_hourly,h100-sxm,spot,1.49,lambda-2026,
            purchase,dgx-h200,,330000,lambda-2026,2026-11-20
            operations,pue,,1.4,,
            """, file: "new.csv", today: today)
        // The spot row restates 1.49 from the same source: not a change.
        #expect(changes.map(\.description) == [
            "gpu_hourly.h100-sxm.on_demand: 2.99 → 2.49 (source lambda-2026)",
            "purchase.dgx-h200: 315000 → 330000 (source lambda-2026)",
            "operations.pue: 1.3 → 1.4",
        ])
        #expect(list.gpu("h100-sxm")?.tiers[.onDemand]?.date == "2026-11-20")
        #expect(list.asOf == "2026-11-20")
    }

    @Test func newGPUIsAdded() throws {
        var list = base
        let changes = try list.merge(csv: "kind,id,tier,price,source\ngpu_hourly,h200,on_demand,3.5,lambda-2026\n", file: "new.csv", today: today)
        #expect(changes.map(\.description) == ["gpu_hourly.h200.on_demand: added 3.5 (source lambda-2026)"])
        #expect(list.gpuHourly.map(\.gpu) == ["h100-sxm", "h200"])
    }

    @Test func newSourceCanComeWithItsTitleAndURL() throws {
        var list = base
        try list.merge(csv: """
            kind,id,tier,price,source,date,source_title,source_url
            gpu_hourly,h100-sxm,reserved_1y,1.79,coreweave-2026,2026-11-15,"CoreWeave pricing, H100",https://www.coreweave.com/pricing
            """, file: "new.csv", today: today)
        #expect(list.source("coreweave-2026")?.title == "CoreWeave pricing, H100")
        #expect(list.source("coreweave-2026")?.retrieved == "2026-11-15")
        #expect(list.gpu("h100-sxm")?.sourceID(for: .reserved1y) == "coreweave-2026")
    }

    /// Merge, write the YAML, read it back: the prices the CSV set are the prices the file holds, and
    /// writing again gives the same bytes.
    @Test func importRoundTripsThroughTheYAML() throws {
        var list = base
        try list.merge(csv: """
            kind,id,tier,price,source,date
            gpu_hourly,h100-sxm,on_demand,2.49,lambda-2026,2026-11-20
            gpu_hourly,b200,on_demand,6.03,lambda-2026,2026-11-20
            purchase,dgx-b200,,515000,lambda-2026,
            """, file: "new.csv", today: today)
        let text = list.yamlText()
        let reread = try PriceList.parse(text, file: "prices.yaml")
        #expect(reread.gpu("h100-sxm")?.usdPerGPUHour(.onDemand) == 2.49)
        #expect(reread.gpu("h100-sxm")?.tiers[.onDemand]?.date == "2026-11-20")
        #expect(reread.gpu("b200")?.usdPerGPUHour(.onDemand) == 6.03)
        #expect(reread.system("dgx-b200")?.priceUSD == 515_000)
        #expect(reread.yamlText() == text)
    }

    @Test func badCellsAreReportedAtTheirRowAndColumnAndNothingIsMerged() {
        var list = base
        let csv = """
            kind,id,tier,price,source,date
            gpu_hourly,h100-sxm,ondemand,2.49,lambda-2026,2026-11-20
            gpu_hourly,h100-sxm,spot,-1,lambda-2026,2026-11-20
            purchase,dgx-h200,,330000,lambdda-2026,2026-11-20
            gpu_hourly,h200,on_demand,3.5,lambda-2026,20-11-2026
            """
        var problems: [Diagnostic] = []
        do { try list.merge(csv: csv, file: "new.csv", today: today) } catch { problems = error.items }
        #expect(problems.map(\.location) == [
            SourceLocation(file: "new.csv", line: 2, column: 21),
            SourceLocation(file: "new.csv", line: 3, column: 26),
            SourceLocation(file: "new.csv", line: 4, column: 27),
            SourceLocation(file: "new.csv", line: 5, column: 43),
        ])
        #expect(problems[0].message.contains("did you mean 'on_demand'"))
        #expect(problems[2].message.contains("unknown source 'lambdda-2026'"))
        #expect(list == base)
    }

    @Test func unknownColumnIsAnErrorWithASuggestion() {
        var list = base
        var problems: [Diagnostic] = []
        do { try list.merge(csv: "kind,id,teir,price,source\n", file: "new.csv", today: today) } catch { problems = error.items }
        #expect(problems.map(\.location) == [SourceLocation(file: "new.csv", line: 1, column: 9)])
        #expect(problems.first?.message == "unknown CSV column 'teir'; did you mean 'tier'?")
    }

    // MARK: - Issue 15: nothing wrong is imported

    func problems(_ csv: String, today: String = "2026-12-01") -> [String] {
        var list = base
        do {
            try list.merge(csv: csv, file: "new.csv", today: today)
            return []
        } catch {
            #expect(list == base, "nothing is merged when a row is bad")
            return error.items.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        }
    }

    @Test func aDecimalCommaIsRefusedNotReadAsThousands() {
        // "2,49" quoted is one cell; read as a number with a separator it would be 249.
        #expect(problems("kind,id,tier,price,source\ngpu_hourly,h100-sxm,on_demand,\"2,49\",lambda-2026\n") == [
            "2:31: expected a plain decimal number in 'price' (2.49, 450000), found '2,49'; write no thousands separators, and a '.' before the cents",
        ])
        #expect(problems("kind,id,tier,price,source\ngpu_hourly,h100-sxm,on_demand,1e306,lambda-2026\n").first?.hasPrefix("2:31: expected a plain decimal") == true)
    }

    @Test func aPriceTooLargeToCostIsRefused() {
        #expect(problems("kind,id,tier,price,source\ngpu_hourly,h100-sxm,on_demand,2000000000000,lambda-2026\n") == [
            "2:31: a price is too large (at most 1,000,000,000,000; costs computed from it could overflow), found '2000000000000'",
        ])
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstColumn() throws {
        var list = base
        let changes = try list.merge(csv: "\u{FEFF}kind,id,tier,price,source\r\ngpu_hourly,h100-sxm,on_demand,2.49,lambda-2026\r\n",
                                     file: "new.csv", today: today)
        #expect(changes.map(\.description) == ["gpu_hourly.h100-sxm.on_demand: 2.99 → 2.49 (source lambda-2026)"])
    }

    @Test func aColumnNamedTwiceIsRefused() {
        #expect(problems("kind,id,tier,price,source,price\ngpu_hourly,h100-sxm,on_demand,2.49,lambda-2026,2.99\n") == [
            "1:27: the column 'price' is named twice (first as column 4); which one holds the figure is unclear, so keep one",
        ])
    }

    @Test func twoRowsForOnePriceAreRefused() {
        #expect(problems("""
            kind,id,tier,price,source
            gpu_hourly,h100-sxm,on_demand,2.49,lambda-2026
            gpu_hourly,h100-sxm,on_demand,2.59,lambda-2026
            """) == ["3:1: a second row for gpu_hourly h100-sxm on_demand (the first is on line 2); keep one, or both would be applied in turn"])
    }

    @Test func aDateAfterTodayIsRefused() {
        #expect(problems("kind,id,tier,price,source,date\ngpu_hourly,h100-sxm,on_demand,2.49,lambda-2026,2099-01-01\n") == [
            "2:48: the date 2099-01-01 is after today (2026-12-01); a price holds from a day that has come",
        ])
        #expect(problems("kind,id,tier,price,source,date\ngpu_hourly,h100-sxm,on_demand,2.49,lambda-2026,2026-02-30\n") == [
            "2:48: expected a date written YYYY-MM-DD, found '2026-02-30': February 2026 has 28 days",
        ])
    }

    @Test func malformedQuotesAreRefusedWhereTheyAre() {
        #expect(problems("kind,id,tier,price,source,note\ngpu_hourly,h100-sxm,on_demand,2.49,lambda-2026,\"never closed\n") == [
            "2:48: the quote opened here is never closed; close it with '\"'",
        ])
        #expect(problems("kind,id,tier,price,source\ngpu_hourly,h1\"00,on_demand,2.49,lambda-2026\n") == [
            "2:14: a '\"' inside an unquoted cell; quote the whole cell and double the quote (\"\")",
        ])
        #expect(problems("kind,id,tier,price,source\ngpu_hourly,\"h100-sxm\"x,on_demand,2.49,lambda-2026\n") == [
            "2:22: expected ',' or the end of the row after the closing quote, found 'x'",
        ])
    }

    @Test func aControlCharacterIsReportedAtItsCell() {
        #expect(problems("kind,id,tier,price,source,note\ngpu_hourly,h100-sxm,on_demand,2.49,lambda-2026,bad\u{07}note\n") == [
            "2:51: control character U+0007 in a cell; remove it (it would be written into prices.yaml)",
        ])
    }

    @Test func aPriceOutsideTheEntrysRangeDrawsAWarning() throws {
        var list = try PriceList.parse(minimalPrices.replacingOccurrences(of: "on_demand: 2.99", with: "on_demand: { price: 2.99, range: [2.49, 3.99] }"),
                                       file: "prices.yaml")
        let changes = try list.merge(csv: "kind,id,tier,price,source\ngpu_hourly,h100-sxm,on_demand,29.9,lambda-2026\n", file: "new.csv", today: today)
        #expect(changes.first?.warning?.location == SourceLocation(file: "new.csv", line: 2, column: 31))
        #expect(changes.first?.warning?.message == "29.9 is outside the range [2.49, 3.99] the prices file gave for this price; check the figure")
    }
}
