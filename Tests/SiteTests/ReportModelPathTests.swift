import Basics
import Foundation
import Catalog
import Testing
@testable import Reports
@testable import Site

/// A project file may name the model by the path to its files, relative to the project file.
@Suite struct ReportModelPathTests {
    @Test func projectSizesAModelFolder() throws {
        let (catalog, prices) = try ReportFixtures.shipped()
        let file = ReportFixtures.path("Tests/Fixtures/project-with-model-path.yaml")
        let text = """
            name: Local model
            model: models/llama-3.1-8b
            precision: bf16
            users: 4
            context: 8K
            hardware: [h100-sxm]
            """
        let report = try ProjectReports.report(text: text, file: file, catalog: catalog, prices: prices)
        // Tests/Fixtures/models/llama-3.1-8b/config.json: 8,030,261,248 parameters × 2 bytes at BF16.
        #expect(report.memory.weightsBytes == 16_060_522_496)
    }

    @Test func missingModelPathIsReportedAtTheKey() throws {
        let (catalog, prices) = try ReportFixtures.shipped()
        let file = ReportFixtures.path("Tests/Fixtures/project-with-model-path.yaml")
        let text = "name: Broken\nmodel: models/absent\nprecision: bf16\nusers: 1\ncontext: 8K\n"
        let error = #expect(throws: Diagnostics.self) { try ProjectReports.report(text: text, file: file, catalog: catalog, prices: prices) }
        #expect(error?.items.first?.location.line == 2)
        #expect(error?.items.first?.message.contains("models/absent: no such file or folder") == true)
    }
}
