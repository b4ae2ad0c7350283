import Basics
import Catalog
import Testing

/// The loaders refuse malformed catalog files, each problem at its `path:line:column`.
struct CatalogLoadingTests {
    @Test func validFixturesLoad() throws {
        let catalog = try CatalogFixtures.parse()
        #expect(catalog.models.map(\.id) == ["tiny-dense"])
        #expect(catalog.gpu("h100-sxm")?.memoryBandwidthBytesPerSecond == 3.35e12)
        #expect(catalog.gpu("h100-sxm")?.denseFLOPS(for: "bf16") == 989.4e12)
        #expect(catalog.model("tiny-dense")?.maxContextTokens == 4096)
        #expect(catalog.system(forGPU: catalog.gpus[0])?.id == "dgx-h100")
    }

    @Test func missingFieldIsReportedAtTheRecord() {
        let text = CatalogFixtures.models.replacingOccurrences(of: "    layers: 2\n", with: "")
        let problems = CatalogFixtures.problems(models: text)
        #expect(problems.count == 1)
        #expect(problems.first?.message == "missing required key 'layers' in model 'tiny-dense'")
        // The record's mapping starts at line 2, column 5 ("id: tiny-dense" after "  - ").
        #expect(problems.first?.location == SourceLocation(file: "models.yaml", line: 2, column: 5))
    }

    @Test func wrongTypeIsReportedAtTheValue() {
        let text = CatalogFixtures.models.replacingOccurrences(of: "layers: 2", with: "layers: two")
        let problems = CatalogFixtures.problems(models: text)
        #expect(problems.map(\.message) == ["expected a number, found 'two'"])
        #expect(problems.first?.location == SourceLocation(file: "models.yaml", line: 5, column: 13))
    }

    @Test func dimensionsAndSizesTooLargeForTheEngineAreRefused() {
        // Issue 15: counts the engine multiplies must stay far inside an Int; a trap is never the answer.
        let models = CatalogFixtures.models.replacingOccurrences(of: "hidden_size: 64", with: "hidden_size: 1e12")
        #expect(CatalogFixtures.problems(models: models).map(\.message)
                == ["expected a whole number from 1 to 16,777,216, found 1000000000000, too large for a dimension"])
        let gpus = CatalogFixtures.gpus.replacingOccurrences(of: "memory: 80GB", with: "memory: 10000000000000PB")
        #expect(CatalogFixtures.problems(gpus: gpus).map(\.message)
                == ["the size '10000000000000PB' is too large (at most 9,223,372,036,854,775,807 bytes)"])
    }

    @Test func unknownKeySuggestsTheNearestKey() {
        let text = CatalogFixtures.models.replacingOccurrences(of: "hidden_size: 64", with: "hidden_size: 64\n    hiden_size: 64")
        let problems = CatalogFixtures.problems(models: text)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("unknown key 'hiden_size' in model 'tiny-dense'; did you mean 'hidden_size'") == true)
        #expect(problems.first?.location == SourceLocation(file: "models.yaml", line: 7, column: 5))
    }

    @Test func duplicateIdIsReportedAtTheSecondOne() {
        let record = CatalogFixtures.gpus.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        let problems = CatalogFixtures.problems(gpus: CatalogFixtures.gpus + "\n" + record)
        #expect(problems.map(\.message) == ["duplicate GPU id 'h100-sxm' (first defined at line 2)"])
        // The repeated record starts on line 16; its id value is at column 9 ("  - id: ").
        #expect(problems.first?.location == SourceLocation(file: "gpus.yaml", line: 16, column: 9))
    }

    @Test func unknownGPUInASystemSuggestsIds() {
        let text = CatalogFixtures.systems.replacingOccurrences(of: "gpu: h100-sxm", with: "gpu: h100")
        let problems = CatalogFixtures.problems(systems: text)
        #expect(problems.map(\.message) == ["unknown GPU 'h100'; did you mean 'h100-sxm'?"])
        #expect(problems.first?.location == SourceLocation(file: "systems.yaml", line: 4, column: 10))
    }

    @Test func unknownArchitectureInAPrecisionIsRefused() {
        let text = CatalogFixtures.precisions.replacingOccurrences(of: "native: [hopper]", with: "native: [hoper]")
        let problems = CatalogFixtures.problems(precisions: text)
        #expect(problems.map(\.message) == ["unknown GPU architecture 'hoper'; did you mean 'hopper'?"])
        #expect(problems.first?.location == SourceLocation(file: "precisions.yaml", line: 7, column: 14))
    }

    @Test func bandwidthMustBeARate() {
        let text = CatalogFixtures.gpus.replacingOccurrences(of: "memory_bandwidth: 3.35TB/s", with: "memory_bandwidth: 3.35TB")
        let problems = CatalogFixtures.problems(gpus: text)
        #expect(problems.map(\.message) == ["expected a bandwidth such as 3.35TB/s or 900GB/s, found '3.35TB'"])
        #expect(problems.first?.location == SourceLocation(file: "gpus.yaml", line: 8, column: 23))
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        let models = CatalogFixtures.models.replacingOccurrences(of: "layers: 2", with: "layers: -2")
            .replacingOccurrences(of: "openness: permissive", with: "openness: open")
        let gpus = CatalogFixtures.gpus.replacingOccurrences(of: "power_watts: 700", with: "power_watts: lots")
        let problems = CatalogFixtures.problems(models: models, gpus: gpus)
        #expect(problems.count == 3)
        #expect(problems.contains { $0.message == "expected a whole number greater than zero, found -2" })
        #expect(problems.contains { $0.message.hasPrefix("unexpected value 'open'; did you mean 'open-weights'") })
        #expect(problems.contains { $0.location.file == "gpus.yaml" && $0.message == "expected a number, found 'lots'" })
    }

    @Test func activeParametersCannotExceedTotal() {
        let text = CatalogFixtures.models.replacingOccurrences(of: "parameters: 1_000_000", with: "parameters: 1_000_000\n    active_parameters: 2_000_000")
        let problems = CatalogFixtures.problems(models: text)
        #expect(problems.map(\.message) == ["active_parameters (2000000) exceeds parameters (1000000)"])
    }

    @Test func lookupOfUnknownIdSuggestsNearestIds() throws {
        let catalog = try DataCatalog.load(directory: CatalogFixtures.dataDirectory)
        let at = SourceLocation(file: "page.md", line: 4, column: 8)
        #expect(throws: Diagnostic.self) { try catalog.requireGPU("h100", at: at) }
        do {
            _ = try catalog.requireGPU("h100", at: at)
        } catch {
            #expect(error.location == at)
            #expect(error.message == "unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie' or 'h200'?")
        }
    }

    @Test func missingFileIsReported() {
        #expect(throws: Diagnostics.self) { try DataCatalog.load(directory: "/nonexistent-folder") }
    }
}

/// The architecture limits every model source shares (`ModelSpec+Limits.swift`), applied to records.
struct CatalogModelLimitTests {
    @Test func kvHeadsThatDoNotDivideTheHeadsAreRefusedAtTheRecord() {
        // Before: 3 KV heads for 4 query heads loaded and sized as if grouped-query attention allowed it.
        let models = CatalogFixtures.models.replacingOccurrences(of: "kv_heads: 2", with: "kv_heads: 3")
        let problems = CatalogFixtures.problems(models: models)
        #expect(problems.map(\.message) == ["model 'tiny-dense': the attention head count 4 is not a multiple of the KV head count 3"])
        #expect(problems.first?.location == SourceLocation(file: "models.yaml", line: 2, column: 5))
    }
}
