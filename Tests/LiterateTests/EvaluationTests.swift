import Basics
import Catalog
import Foundation
import MarkdownKit
import Testing
@testable import Literate

/// Pages in, placeholders, formatted values and recorded provenance out.
@Suite struct EvaluationTests {
    let sizesPage = page("""
        # Weights

        ```{sizes id=w caption="Weights" echo=true}
        models: [llama-3.1-8b, llama-3.1-70b]
        precisions: [bf16, int4]
        ```

        The 70B model at BF16 needs `{= w.llama-3.1-70b.bf16 | GB}`; computed directly `{= size(llama-3.1-70b, bf16)}`.
        Saving: `{= (w.llama-3.1-70b.bf16 - w.llama-3.1-70b.int4) / 1GB | round(1)}`.

        """)

    @Test func blocksAndExpressionsBecomePlaceholders() {
        let result = evaluate(sizesPage)
        #expect(result.diagnostics.isEmpty)
        #expect(result.blocks.count == 1)
        #expect(result.blocks[0].id == "w")
        #expect(result.blocks[0].caption == "Weights")
        #expect(result.blocks[0].echo)
        #expect(result.blocks[0].source == "models: [llama-3.1-8b, llama-3.1-70b]\nprecisions: [bf16, int4]\n")
        // 70,553,706,496 parameters × 2 bytes = 141,107,412,992 bytes ≈ 141.1 GB (issue 2's acceptance example).
        #expect(result.inlineValues.map(\.text) == ["141.1 GB", "141.1 GB", "105.8"])
        let html = HTMLRenderer(blockPlaceholder: { "<div class=\"block\($0)\"></div>" },
                                inlinePlaceholder: { result.inlineValues[$0].text }).render(result.document)
        #expect(html == """
            <h1 id="weights">Weights</h1>
            <div class="block0"></div>
            <p>The 70B model at BF16 needs 141.1 GB; computed directly 141.1 GB.
            Saving: 105.8.</p>

            """)
    }

    @Test func everyValueIsRecordedWithFormulaAndInputs() {
        let values = evaluate(sizesPage).values
        #expect(values.count == 4 + 3)
        let cell = values.first { $0.block == "w" && $0.name == "llama-3.1-70b.bf16" }
        #expect(cell?.number == 141_107_412_992)
        #expect(cell?.unit == .bytes)
        #expect(cell?.formula == "70553706496 parameters × 2.0 bytes")
        #expect(cell?.location.line == 6)
        let inline = values.first { $0.expression == "size(llama-3.1-70b, bf16)" }
        #expect(inline?.formatted == "141.1 GB")
        #expect(inline?.formula == "size(llama-3.1-70b, bf16) = 70553706496 parameters × 2.0 bytes")
        #expect(inline?.inputs["precision"] == "bf16")
        #expect(inline?.location == Basics.SourceLocation(file: "page.md", line: 11, column: 84))
        let path = values.first { $0.expression == "w.llama-3.1-70b.bf16 | GB" }
        #expect(path?.formula == "w.llama-3.1-70b.bf16 = 70553706496 parameters × 2.0 bytes")
        #expect(path?.inputs["w.llama-3.1-70b.bf16"] == "141.1 GB")
    }

    @Test func valuesAreDeterministic() {
        let a = evaluate(sizesPage).values
        let b = evaluate(sizesPage).values
        #expect(a == b)
        #expect(a.map(\.location) == a.map(\.location).sorted())
    }

    @Test func blocksSeeEarlierIdsOnlyAndSayWhy() {
        let text = page("```{check}\n- w.llama-3.1-8b.bf16 > 1GB\n```\n\n```{sizes id=w}\nmodels: [llama-3.1-8b]\nprecisions: [bf16]\n```\n")
        #expect(errors(evaluate(text)) == [
            "5:3: 'w' is the id of a block further down the page; blocks are evaluated in page order, so move this below it",
        ])
    }

    @Test func computationBlocksInsideListsAndQuotesAreFound() {
        let result = evaluate(page("- item\n\n  ```{sizes id=w}\n  models: [llama-3.1-8b]\n  precisions: [int4]\n  ```\n\n> `{= w.llama-3.1-8b.int4 | GB}`\n"))
        #expect(result.diagnostics.isEmpty)
        // 8,030,261,248 parameters × 0.5 bytes = 4,015,130,624 bytes.
        #expect(result.inlineValues.first?.text == "4 GB")
    }

    @Test func pagesLoadSortedFromAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("literate-load-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "---\ntitle: B\norder: 2\ntags: [x, y]\n---\nb".write(to: folder.appendingPathComponent("b.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: A\nsummary: first\nallow_html: true\n---\na".write(to: folder.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: C\ntitel: typo\n---\nc".write(to: folder.appendingPathComponent("sub/c.md"), atomically: true, encoding: .utf8)
        try "not a page".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let (pages, problems) = Literate.loadPages(in: folder.path)
        #expect(pages.map(\.path) == ["a.md", "b.md", "sub/c.md"])
        #expect(pages[0].frontMatter == FrontMatter(title: "A", summary: "first", allowHTML: true))
        #expect(pages[1].frontMatter == FrontMatter(title: "B", order: 2, tags: ["x", "y"]))
        #expect(problems.map(\.description) == ["\(folder.path)/sub/c.md:3:1: error: unknown key 'titel' in front matter; did you mean 'title'?"])
    }

    @Test func missingFolderIsAnError() {
        let (pages, problems) = Literate.loadPages(in: "/nonexistent/pages")
        #expect(pages.isEmpty)
        #expect(problems.first?.message == "the pages folder '/nonexistent/pages' does not exist")
    }
}
