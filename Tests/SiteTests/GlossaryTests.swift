import Testing
@testable import Site

/// Glossary terms are linked at their first use on each page, never inside headings, links or code,
/// with a tooltip that needs no JavaScript.
@Suite struct GlossaryTests {
    let glossary = SiteFixtures.page("glossary.md", """
    # Glossary

    ### KV cache

    The keys and values of past tokens, kept so they are not recomputed.

    ### Time to first token (TTFT)

    The delay before the first output token.
    """, title: "Glossary")

    @Test func firstUseIsLinkedWithATooltipAndLaterUsesAreNot() throws {
        let page = SiteFixtures.page("guide/serving.md", """
        # Serving

        ## KV cache limits

        The `KV cache` in code, a [KV cache link](../glossary.md), then the kv-cache grows. The KV caches
        and the KV cache again; TTFT matters.
        """)
        let site = try SiteFixtures.render([glossary, page])
        let html = try #require(site.files["site/guide/serving.html"])
        let term = "<a class=\"term\" href=\"../glossary.html#kv-cache\">kv-cache<span class=\"tip\" role=\"tooltip\">The keys and values of past tokens, kept so they are not recomputed.</span></a>"
        #expect(html.contains(term))
        #expect(html.components(separatedBy: "class=\"term\"").count - 1 == 2)
        #expect(html.contains("<h2 id=\"kv-cache-limits\">KV cache limits</h2>"))
        #expect(html.contains("<code>KV cache</code>"))
        #expect(html.contains("The KV caches\nand the KV cache again"))
        #expect(html.contains("href=\"../glossary.html#time-to-first-token-ttft\">TTFT<span class=\"tip\""))
        // The Markdown edition links the term to the glossary page.
        #expect(site.files["markdown/guide/serving.md"]?.contains("[kv-cache](../glossary.md#kv-cache)") == true)
    }

    /// A term matches whole words only: "tensor" is not linked inside "tensor-parallel" or
    /// "multi-tensor", while a term written with a hyphen between its own words still is.
    @Test func termsMatchWholeWordsNotPartsOfHyphenatedWords() throws {
        let glossary = SiteFixtures.page("glossary.md", """
        # Glossary

        ### Tensor

        An array of numbers with a shape.

        ### Tensor parallelism

        Splitting each layer's matrices across GPUs.
        """, title: "Glossary")
        let page = SiteFixtures.page("guide/split.md", """
        # Split

        A tensor-parallel group, a multi-tensor op, then tensor-parallelism and a plain tensor.
        """)
        let html = try #require(SiteFixtures.render([glossary, page]).files["site/guide/split.html"])
        #expect(html.contains("A tensor-parallel group, a multi-tensor op, then <a class=\"term\" href=\"../glossary.html#tensor-parallelism\">tensor-parallelism<span"))
        #expect(html.contains("and a plain <a class=\"term\" href=\"../glossary.html#tensor\">tensor<span"))
    }

    @Test func theGlossaryPageItselfIsNotLinked() throws {
        let html = try #require(SiteFixtures.render([glossary]).files["site/glossary.html"])
        #expect(!html.contains("class=\"term\""))
    }
}
