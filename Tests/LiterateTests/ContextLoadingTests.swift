import Basics
import Catalog
import Foundation
import Testing
@testable import Literate

/// `EvaluationContext.load`: the one function `build`, `check` and `serve` load a data folder with.
/// Catalog errors stop it; a bad prices or benchmark file is a diagnostic and the part left out.
@Suite struct ContextLoadingTests {
    static let fixtureData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/reports/data")

    /// A copy of the report fixtures' data folder (catalog and prices) to change.
    func copiedData() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infrabook-context-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.fixtureData, to: folder)
        return folder
    }

    @Test func loadsCatalogAndPricesWithTheirProblems() throws {
        let folder = try copiedData()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The fixture prices are as of 2026-11-29, some quoted in May 2026: more than 180 days old that
        // day, which is a warning at the price (never an error), and no benchmark is cached.
        let (context, problems) = try EvaluationContext.load(dataDirectory: folder.path, pricesFile: nil, today: "2026-11-29")
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.severity == .warning && $0.location.file == folder.appendingPathComponent("prices.yaml").path
                                      && $0.message.contains("older than 180 days") }, "\(problems)")
        #expect(context.prices?.asOf == "2026-11-29")
        #expect(context.benchmark == nil)
        #expect(context.catalog.gpu("h100-sxm") != nil)
        #expect(context.today == "2026-11-29")
    }

    @Test func aBrokenBenchmarkCacheIsAnErrorAtItsValueAndLeftOut() throws {
        let folder = try copiedData()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("benchmark.json").path
        // Broken on its second line: a value is missing after the colon.
        try Data("{\n  \"machine\": ,\n}\n".utf8).write(to: URL(fileURLWithPath: path))
        let (context, loaded) = try EvaluationContext.load(dataDirectory: folder.path, pricesFile: nil, today: "2026-11-29")
        #expect(context.benchmark == nil)
        // The prices' age warnings aside (see above), one error, where the text goes wrong.
        let problems = loaded.filter { !$0.location.file.hasSuffix("prices.yaml") }
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .error)
        #expect(problems.first?.location.file == path)
        #expect(problems.first?.location.line == 2)
        #expect(problems.first?.message.hasSuffix("'infrabook build --rerun-bench' writes a fresh file") == true)
    }

    @Test func aPricesFileNamingAnUnknownGPUIsReportedAndACatalogErrorThrown() throws {
        let folder = try copiedData()
        defer { try? FileManager.default.removeItem(at: folder) }
        let prices = folder.appendingPathComponent("prices.yaml")
        let text = try String(contentsOf: prices, encoding: .utf8)
        let renamed = folder.appendingPathComponent("other-prices.yaml")
        try Data(text.replacingOccurrences(of: "\n  h100-sxm:", with: "\n  h100-sxn:").utf8).write(to: renamed)
        let (_, problems) = try EvaluationContext.load(dataDirectory: folder.path, pricesFile: renamed.path, today: "2026-11-29")
        #expect(problems.contains { $0.severity == .error && $0.location.file == renamed.path && $0.message.contains("h100-sxm") })

        try Data("gpus: [".utf8).write(to: folder.appendingPathComponent("gpus.yaml"))
        #expect(throws: Diagnostics.self) {
            _ = try EvaluationContext.load(dataDirectory: folder.path, pricesFile: nil, today: "2026-11-29")
        }
    }
}
