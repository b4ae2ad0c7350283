import Foundation
import Testing

/// End-to-end tests of `infrabook build` and `infrabook check`: the built binary run on the fixture book
/// in `Tests/Fixtures/site/` (its pages, with the repository's `Content/data` catalog).
@Suite struct BookBuildTests {
    @Test func buildsTheFixtureBookWithComputedTableAndInlineValue() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let run = try book.infrabook(["build", "--content", book.content.path, "--output", book.output.path, "--templates", FixtureBook.templates.path])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("built 4 pages, "))
        #expect(run.standardOutput.contains("no previous build to compare"))

        // Llama 3.1 70B has 70,553,706,496 parameters (config.json of meta-llama/Llama-3.1-70B); at BF16
        // (2 bytes each) that is 141,107,412,992 bytes, which the page shows as 141.1 GB.
        let page = try book.text("site/guide/memory.html")
        #expect(page.contains("141.1 GB"))
        #expect(page.contains("data-prov=\"= "))
        #expect(page.contains("<caption>Weights memory</caption>"))
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        let values = try book.text("values.json")
        #expect(values.contains("\"value\": 141107412992"))
        #expect(values.contains("\"page\": \"guide/memory.md\""))
        let markdown = try book.text("markdown/guide/memory.md")
        #expect(markdown.contains("141.1 GB"))
        #expect(markdown.contains("[KV cache page](../kv-cache.md#per-token-size)"))
        for file in ["site/index.html", "site/print.html", "site/search-index.js", "site/changes.html", "site/assets/style.css",
                     "site/assets/search.js", "site/glossary.html", "changes.md"] {
            #expect(FileManager.default.fileExists(atPath: book.output.appendingPathComponent(file).path), "\(file) missing")
        }
    }

    @Test func twoBuildsAreByteIdenticalAndTheSecondChangesNothing() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let other = book.root.appendingPathComponent("other-output")
        let first = try book.infrabook(["build", "--content", book.content.path, "--output", book.output.path, "--templates", FixtureBook.templates.path])
        let second = try book.infrabook(["build", "--content", book.content.path, "--output", other.path, "--templates", FixtureBook.templates.path])
        #expect(first.status == 0 && second.status == 0, "\(first.standardError)\(second.standardError)")
        let a = try FixtureBook.snapshot(book.output), b = try FixtureBook.snapshot(other)
        #expect(a.count > 10 && a.keys.sorted() == b.keys.sorted())
        for (path, data) in a { #expect(b[path] == data, "\(path) differs between two builds") }

        let again = try book.infrabook(["build", "--content", book.content.path, "--output", book.output.path, "--templates", FixtureBook.templates.path])
        #expect(again.standardOutput.contains(", 0 values changed in "))
        #expect(try book.text("changes.md") == "# Changes since the previous build\n\nNo values changed.\n")
    }

    @Test func aFailingBuildLeavesTheOutputByteForByteUntouched() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let good = try book.infrabook(["build", "--content", book.content.path, "--output", book.output.path, "--templates", FixtureBook.templates.path])
        #expect(good.status == 0, "\(good.standardError)")
        let before = try FixtureBook.snapshot(book.output)

        try book.write("guide/memory.md", replacing: "models: [llama-3.1-8b, llama-3.1-70b]", with: "models: [llama-3.1-8b, llama-3.1-700b]")
        try book.write("kv-cache.md", replacing: "[the weights](guide/memory.md#weights)", with: "[the weights](guide/memory.md#weight)")
        let bad = try book.infrabook(["build", "--content", book.content.path, "--output", book.output.path, "--templates", FixtureBook.templates.path])
        #expect(bad.status == 1)
        #expect(try FixtureBook.snapshot(book.output) == before)
        // Every problem is reported, each with its position, source line and caret.
        #expect(bad.standardError.contains("pages/guide/memory.md:15:"))
        #expect(bad.standardError.contains("llama-3.1-700b"))
        #expect(bad.standardError.contains("\n    ^") || bad.standardError.contains(" ^\n"))
    }

    @Test func aBrokenLinkFailsWithItsExactPosition() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        try book.write("kv-cache.md", replacing: "[the weights](guide/memory.md#weights)", with: "[the weights](guide/memory.md#weight)")
        let run = try book.infrabook(["build", "--content", book.content.path, "--output", book.output.path, "--templates", FixtureBook.templates.path])
        #expect(run.status == 1)
        // Line 12 of kv-cache.md: "heads across GPUs, so each GPU keeps a share. Back to [the weights](...)";
        // the link's "[" is column 55.
        let file = book.content.appendingPathComponent("pages/kv-cache.md").path
        #expect(run.standardError.contains("\(file):12:55: error: broken anchor: 'guide/memory.md' has no heading '#weight'; did you mean 'weights'?"))
        #expect(!FileManager.default.fileExists(atPath: book.output.appendingPathComponent("site").path))
    }

    @Test func checkEvaluatesAndWritesNothing() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let run = try book.infrabook(["check", "--content", book.content.path, "--templates", FixtureBook.templates.path])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasPrefix("checked 4 pages, "))
        #expect(!FileManager.default.fileExists(atPath: book.output.path))
    }

    @Test func warningsFailTheBuildOnlyWithStrict() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        // In 2031 every price in Content/data/prices.yaml is more than 180 days old: one warning each.
        let later = ["SOURCE_DATE_EPOCH": "1924992000"] // 2031-01-01
        let lenient = try book.infrabook(["check", "--content", book.content.path, "--templates", FixtureBook.templates.path], environment: later)
        #expect(lenient.status == 0)
        #expect(lenient.standardError.contains(": warning: "))
        let strict = try book.infrabook(["check", "--strict", "--content", book.content.path, "--templates", FixtureBook.templates.path], environment: later)
        #expect(strict.status == 1)
    }
}
