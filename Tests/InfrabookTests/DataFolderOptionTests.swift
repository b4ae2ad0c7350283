import Foundation
import Testing

/// `--content DIR` in every command that reads the catalog (data read from `DIR/data`), the older
/// `--data DIR` kept working, and arguments judged before any file is read (exit status 2).
@Suite struct DataFolderOptionTests {
    /// A content folder whose data/ is the small report fixtures' catalog (fewer GPUs than Content/data).
    static let content = FixtureBook.repository.appendingPathComponent("Tests/Fixtures/reports").path
    static var data: String { content + "/data" }

    @Test func catalogReadsTheContentFoldersDataAsDataDid() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let byContent = try book.infrabook(["catalog", "gpus", "--format", "json", "--content", Self.content])
        let byData = try book.infrabook(["catalog", "gpus", "--format", "json", "--data", Self.data])
        let byDefault = try book.infrabook(["catalog", "gpus", "--format", "json"])
        #expect(byContent.status == 0, "\(byContent.standardError)")
        #expect(byContent.standardOutput == byData.standardOutput)
        // The fixture catalog is not the shipped one, so the option was read, not ignored.
        #expect(byContent.standardOutput != byDefault.standardOutput)
    }

    @Test func sizeAndPricesReadTheContentFoldersDataAsDataDid() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let size = ["size", "--model", "llama-3.1-70b", "--precision", "fp8", "--users", "8", "--gpu", "h100-sxm", "--format", "json"]
        let byContent = try book.infrabook(size + ["--content", Self.content])
        let byData = try book.infrabook(size + ["--data", Self.data])
        #expect(byContent.status == 0, "\(byContent.standardError)")
        #expect(byContent.standardOutput == byData.standardOutput)
        // `prices show --content DIR` reads DIR/data/prices.yaml, the same file `--prices` names.
        let prices = try book.infrabook(["prices", "show", "--content", Self.content])
        let named = try book.infrabook(["prices", "show", "--prices", Self.data + "/prices.yaml"])
        #expect(prices.status == 0, "\(prices.standardError)")
        #expect(prices.standardOutput == named.standardOutput)
    }

    @Test func contentAndDataTogetherIsWrongUsage() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let run = try book.infrabook(["catalog", "gpus", "--content", Self.content, "--data", Self.data])
        #expect(run.status == 2)
        #expect(run.standardError.contains("both name the data folder"))
    }

    @Test func theDataSpellingIsHiddenFromHelp() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let help = try book.infrabook(["size", "--help"])
        #expect(help.standardOutput.contains("--content"))
        #expect(!help.standardOutput.contains("--data"))
    }

    @Test func engineAndOffloadMistakesAreWrongUsageBeforeAnyFileIsRead() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        // A data folder that does not exist: validation answers first, so the catalog is never read.
        let missing = book.root.appendingPathComponent("no-such-content").path
        let engine = try book.infrabook(["size", "--model", "llama-3.1-8b", "--engine", "vlm", "--content", missing])
        #expect(engine.status == 2)
        #expect(engine.standardError.contains("--engine: unknown engine 'vlm'; did you mean 'vllm'?"), "\(engine.standardError)")
        let offload = try book.infrabook(["size", "--model", "llama-3.1-8b", "--gpu-layers", "20", "--content", missing])
        #expect(offload.status == 2)
        #expect(offload.standardError.contains("--gpu-layers: partial offload is llama.cpp's; add --engine llama.cpp"))
        let both = try book.infrabook(["size", "--model", "llama-3.1-8b", "--engine", "llama.cpp", "--gpu-layers", "20", "--cpu-moe", "--content", missing])
        #expect(both.status == 2)
        #expect(both.standardError.contains("give --gpu-layers or --cpu-moe, not both"))
    }
}
