import Testing
@testable import Catalog

@Suite struct PricesImportTests {
    let base = try! PriceList.parse(minimalPrices, file: "prices.yaml")

    @Test func changedPricesAreReportedOldToNew() throws {
        var list = base
        let changes = try list.merge(csv: """
            kind,id,tier,price,source,date
            gpu_hourly,h100-sxm,on_demand,2.49,lambda-2026,2026-11-20
            gpu_hourly,h100-sxm,spot,1.49,lambda-2026,
            purchase,dgx-h200,,330000,lambda-2026,2026-11-20
            operations,pue,,1.4,,
            """, file: "new.csv")
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
        let changes = try list.merge(csv: "kind,id,tier,price,source\ngpu_hourly,h200,on_demand,3.5,lambda-2026\n", file: "new.csv")
        #expect(changes.map(\.description) == ["gpu_hourly.h200.on_demand: added 3.5 (source lambda-2026)"])
        #expect(list.gpuHourly.map(\.gpu) == ["h100-sxm", "h200"])
    }

    @Test func newSourceCanComeWithItsTitleAndURL() throws {
        var list = base
        try list.merge(csv: """
            kind,id,tier,price,source,date,source_title,source_url
            gpu_hourly,h100-sxm,reserved_1y,1.79,coreweave-2026,2026-11-15,"CoreWeave pricing, H100",https://www.coreweave.com/pricing
            """, file: "new.csv")
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
            """, file: "new.csv")
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
        do { try list.merge(csv: csv, file: "new.csv") } catch { problems = error.items }
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
        do { try list.merge(csv: "kind,id,teir,price,source\n", file: "new.csv") } catch { problems = error.items }
        #expect(problems.map(\.location) == [SourceLocation(file: "new.csv", line: 1, column: 9)])
        #expect(problems.first?.message == "unknown CSV column 'teir'; did you mean 'tier'?")
    }
}
