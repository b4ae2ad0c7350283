import Testing
@testable import Site

/// The search index: titles outrank headings outrank body text, words match by prefix, and every
/// word of a query must match.
@Suite struct SearchIndexTests {
    let index = SearchIndex(documents: [
        .init(href: "body.html", title: "Serving", headings: ["Batching"], text: "Quantization shrinks weights. Quantization again."),
        .init(href: "title.html", title: "Quantization", headings: [], text: "Formats such as q4_0."),
        .init(href: "heading.html", title: "Memory", headings: ["Quantization and memory"], text: "Weights and the KV cache."),
    ])

    @Test func titleHitOutranksHeadingHitOutranksBodyHit() {
        #expect(index.query("quantization").map(\.href) == ["title.html", "heading.html", "body.html"])
    }

    @Test func prefixMatchesFindLongerWordsAndRankBelowExactOnes() {
        let hits = index.query("quant")
        #expect(hits.map(\.href) == ["title.html", "heading.html", "body.html"])
        #expect(hits[0].score == Double(SearchIndex.titleWeight) * SearchIndex.prefixFactor)
        #expect(index.query("quantization")[0].score > hits[0].score)
    }

    @Test func everyQueryWordMustMatch() {
        #expect(index.query("weights memory").map(\.href) == ["heading.html"])
        #expect(index.query("weights nothinglikethis").isEmpty)
    }

    @Test func tokensAreLowerCaseWordsWithoutStopWords() {
        #expect(SearchIndex.tokens("The H100-SXM and 8K context") == ["h100", "sxm", "8k", "context"])
    }

    /// Each page entry carries its sections (UTF-16 offset of the heading in the text, anchor), so a
    /// result can open the page at the section holding its match.
    @Test func pagesCarryTheirSectionsForResultsToLandOn() throws {
        let page = SiteFixtures.page("guide/cache.md", """
        # Cache

        Intro — text.

        ## Sliding window

        Mistral keeps a window.
        """)
        let site = try SiteFixtures.render([page])
        let script = try #require(site.files["site/search-index.js"])
        // "Cache Intro — text. Sliding window …": the em dash is one UTF-16 unit, so "Sliding" starts at 20.
        #expect(script.contains("\"Cache Intro — text. Sliding window Mistral keeps a window.\",[[0,\"cache\"],[20,\"sliding-window\"]]]"))
    }

    @Test func javaScriptAssignsAGlobalAndEscapesMarkup() {
        let script = SearchIndex(documents: [.init(href: "a.html", title: "</script><b>", headings: [], text: "x")]).javaScript()
        #expect(script.contains("window.INFRABOOK_SEARCH = {"))
        #expect(!script.contains("</script>"))
        #expect(!script.contains("fetch("))
        #expect(script.contains("\"terms\":[\"script\"]"))
    }
}

/// JSON text in `values.json` and `search-index.js`: the same escaping every time, safe inside a script.
@Suite struct JSONTextTests {
    @Test func stringsEscapeQuotesControlsMarkupAndLineSeparators() {
        #expect(JSONText.string("a \"q\" \\ <b>&\n\t\u{1}—\u{2028}x") == #""a \"q\" \\ \u003cb\u003e\u0026\n\t\u0001—\u2028x""#)
    }

    @Test func integersStayExactAndOthersRoundTrip() {
        // 70,553,706,496 parameters × 2 bytes (Llama 3.1 70B at BF16).
        #expect(JSONText.number(141_107_412_992) == "141107412992")
        #expect(JSONText.number(0.1) == "0.1")
        #expect(JSONText.number(.nan) == "null")
    }
}
