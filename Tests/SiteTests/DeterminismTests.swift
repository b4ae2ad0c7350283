import Foundation
import Testing
@testable import Site

/// Two builds of the same input write the same bytes; a second build reports no changed values;
/// a changed input is traced in the changes report.
@Suite struct DeterminismTests {
    let pages = [
        SiteFixtures.page("index.md", "# Home\n\nSee [b](b.md#two).\n", title: "Home"),
        SiteFixtures.page("b.md", "# B\n\n## Two\n\nText with {= x}.\n", title: "B", order: 2),
        SiteFixtures.page("a.md", "# A\n\nText.\n", title: "A", order: 1),
    ]
    /// 70,553,706,496 parameters (Llama 3.1 70B config.json) × 2 bytes for BF16.
    let values = [
        ValueRecord(page: "b.md", block: "w", expression: nil, name: "rows.0.bf16", number: 141_107_412_992, text: nil, unit: "bytes",
                    formatted: "141.1 GB", formula: "70,553,706,496 parameters × 2 bytes", inputs: ["precision": "bf16", "model": "llama-3.1-70b"]),
        ValueRecord(page: "a.md", block: nil, expression: "1 + 1", name: "1 + 1", number: 2, text: nil, unit: "none",
                    formatted: "2", formula: "1 + 1", inputs: [:]),
    ]

    /// Every file a reader sees in `directory`, by path. The build's entries (`site`, `markdown`…) are
    /// links into the published build, which Foundation's enumerator does not enter: they are followed.
    func contents(of directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for entry in try FileManager.default.contentsOfDirectory(atPath: directory.path) where !entry.hasPrefix(".") {
            let root = directory.appendingPathComponent(entry).resolvingSymlinksInPath()
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory)
            guard isDirectory.boolValue else {
                files[entry] = try Data(contentsOf: root)
                continue
            }
            let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
            for case let path as String in enumerator {
                let exists = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
                if exists && !isDirectory.boolValue { files[entry + "/" + path] = try Data(contentsOf: root.appendingPathComponent(path)) }
            }
        }
        return files
    }

    @Test func twoBuildsIntoDifferentFoldersAreByteIdentical() throws {
        let first = SiteFixtures.temporaryDirectory(), second = SiteFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: first); try? FileManager.default.removeItem(at: second) }
        try SiteWriter.write(SiteFixtures.render(pages, values: values), to: first)
        try SiteWriter.write(SiteFixtures.render(pages.reversed(), values: values.reversed()), to: second)
        let a = try contents(of: first), b = try contents(of: second)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.keys.contains("site/index.html") && a.keys.contains("site/search-index.js") && a.keys.contains("values.json"))
        for (path, data) in a { #expect(b[path] == data, "\(path) differs") }
    }

    @Test func valuesJSONIsSortedWithEveryField() throws {
        let json = try #require(SiteFixtures.render(pages, values: values).files["values.json"])
        #expect(json == """
        {
          "values": [
            {"expression": "1 + 1", "formatted": "2", "formula": "1 + 1", "inputs": {}, "name": "1 + 1", "page": "a.md", "unit": "none", "value": 2},
            {"block": "w", "formatted": "141.1 GB", "formula": "70,553,706,496 parameters × 2 bytes", "inputs": {"model": "llama-3.1-70b", "precision": "bf16"}, "name": "rows.0.bf16", "page": "b.md", "unit": "bytes", "value": 141107412992}
          ]
        }

        """)
    }

    @Test func secondBuildReportsNoChangesAndAMovedInputIsNamed() throws {
        let output = SiteFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let first = try SiteFixtures.render(pages, values: values, previous: SiteWriter.previousValues(in: output))
        #expect(first.changes.markdown().contains("No previous build"))
        try SiteWriter.write(first, to: output)
        let second = try SiteFixtures.render(pages, values: values, previous: SiteWriter.previousValues(in: output))
        #expect(second.files["changes.md"] == "# Changes since the previous build\n\nNo values changed.\n")
        #expect(second.changes.summary == "0 values changed")

        var moved = values
        moved[0].number = 16_060_522_496 * 2
        moved[0].formatted = "32.1 GB"
        moved[0].inputs["model"] = "llama-3.1-8b"
        let third = try SiteFixtures.render(pages, values: moved, previous: SiteWriter.previousValues(in: output))
        #expect(third.changes.changed == [ChangesReport.Change(page: "b.md", name: "w.rows.0.bf16", old: "141.1 GB", new: "32.1 GB",
                                                              movedBy: ["model: llama-3.1-70b → llama-3.1-8b"],
                                                              oldNumber: 141_107_412_992, newNumber: 32_121_044_992,
                                                              formula: "70,553,706,496 parameters × 2 bytes")])
        #expect(third.files["site/changes.html"]?.contains("llama-3.1-70b → llama-3.1-8b") == true)
    }

    /// A moved price is named first as an input, then the values it moved, grouped by page with a link,
    /// each as old → new with its change in percent; "formula or code" is said only when no input moved.
    @Test func changesReportNamesTheMovedInputFirstThenValuesByPage() {
        func record(_ page: String, _ name: String, _ number: Double, _ shown: String, formula: String) -> ValueRecord {
            ValueRecord(page: page, block: "hw", expression: nil, name: name, number: number, text: nil, unit: "usd_per_hour",
                        formatted: shown, formula: formula, inputs: ["gpu": "h100-sxm"])
        }
        // $2.99 → $3.25 per GPU-hour: +8.7% (0.26 / 2.99 = 0.0870).
        let before = [record("gpus.md", "h100-sxm.on_demand", 2.99, "$2.99/h", formula: "price list: h100-sxm, on_demand"),
                      record("cost.md", "options.0.cost_per_hour", 23.92, "$23.92/h", formula: "8 GPUs × $2.99/h")]
        var after = before
        after[0].number = 3.25; after[0].formatted = "$3.25/h"
        after[1].number = 26; after[1].formatted = "$26.00/h"; after[1].formula = "8 GPUs × $3.25/h"
        let report = ChangesReport(previous: before, current: after).markdown(linkPrefix: "site/")
        #expect(report.contains("## Inputs that moved\n\n- price list: h100-sxm, on\\_demand: $2.99/h → $3.25/h (+8.7%)\n"))
        #expect(report.contains("### [gpus.md](site/gpus.html)"))
        #expect(report.contains("| `hw.options.0.cost_per_hour` | $23.92/h → $26.00/h | +8.7% | the inputs above |"))
        #expect(report.range(of: "Inputs that moved")!.lowerBound < report.range(of: "### [cost.md]")!.lowerBound)
        #expect(!report.contains("formula or code"))
        // With no input moved, a changed value is put down to the formula or code.
        var reformulated = before
        reformulated[1].number = 24; reformulated[1].formatted = "$24.00/h"
        #expect(ChangesReport(previous: before, current: reformulated).markdown().contains("| formula or code |"))
    }
}
