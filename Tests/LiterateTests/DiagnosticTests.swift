import Testing
@testable import Literate

/// Each kind of mistake in a page is reported at its exact line and column, and all of them are reported.
@Suite struct DiagnosticTests {
    @Test func badYAMLInABody() {
        // The unclosed `[` is on line 5 (front matter is lines 1-3, the fence line 4); libyaml notices it
        // on line 6, where a new key starts inside the flow sequence, and the error names that line.
        let result = evaluate(page("```{sizes id=w}\nmodels: [llama-3.1-8b\nprecisions: [bf16]\n```\n"))
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics[0].location.line == 6)
        #expect(result.diagnostics[0].message.hasPrefix("invalid YAML"))
    }

    @Test func unknownKind() {
        let result = evaluate(page("Text.\n\n```{size id=w}\nmodels: [llama-3.1-8b]\n```\n"))
        #expect(errors(result) == ["6:5: unknown block kind 'size'; did you mean 'sizes'?"])
    }

    @Test func unknownKeyInBody() {
        let result = evaluate(page("```{sizes id=w}\nmodels: [llama-3.1-8b]\nprecision: [bf16]\n```\n"))
        #expect(errors(result) == ["6:1: unknown key 'precision' in 'sizes' block; did you mean 'precisions'?"])
    }

    @Test func bodiesIndentedInListItemsKeepTheirColumns() {
        // The block sits in a list item, indented by two spaces; 'precision' is at column 3 of line 8.
        let result = evaluate(page("- item\n\n  ```{sizes id=w}\n  models: [llama-3.1-8b]\n  precision: [bf16]\n  ```\n"))
        #expect(errors(result) == ["8:3: unknown key 'precision' in 'sizes' block; did you mean 'precisions'?"])
    }

    @Test func unknownOptionAndBadQuote() {
        let result = evaluate(page("```{sizes id=w captoin=\"x\"}\nmodels: [llama-3.1-8b]\nprecisions: [bf16]\n```\n\n```{sizes caption=\"open}\n```\n"))
        #expect(errors(result) == [
            "4:16: unknown block option 'captoin'; did you mean 'caption'?",
            "9:19: the quoted value of 'caption' is never closed: add a '\"' before '}'",
        ])
    }

    @Test func badExpression() {
        let result = evaluate(page("It is `{= size(llama-3.1-8b, bf16) * }` big.\n"))
        #expect(errors(result) == ["4:37: expression ends too early: expected a number, a name or '('"])
    }

    @Test func unknownNameInPathSuggestsField() {
        let text = page("```{sizes id=w}\nmodels: [llama-3.1-70b]\nprecisions: [bf16]\n```\n\nSee `{= w.llama-3.1-70b.bf61 | GB}` and `{= other.x}`.\n")
        let result = evaluate(text)
        #expect(errors(result) == [
            "9:25: unknown field 'bf61' in 'w.llama-3.1-70b'; did you mean 'bf16'?",
            "9:45: unknown name 'other'; the block ids on this page are: w",
        ])
    }

    @Test func unknownFunctionAndBadArgument() {
        let result = evaluate(page("A `{= sise(llama-3.1-8b, bf16)}` and `{= size(llama-3.1-8b, bf61)}`.\n"))
        #expect(errors(result) == [
            "4:7: unknown function 'sise'; did you mean 'size'?",
            "4:61: unknown precision 'bf61'; did you mean 'bf16'?",
        ])
    }

    @Test func expressionErrorsInTableCellsCountEscapedPipes() {
        // GFM tables need `\|` for a `|` inside a cell; the error column is the page's, after the backslash.
        let result = evaluate(page("| a | b |\n|---|---|\n| x | `{= 1GB \\| commas}` |\n"))
        #expect(errors(result) == ["6:18: unknown format filter 'commas'; did you mean 'comma'?"])
    }

    @Test func expressionErrorsAfterALineBreakInsideTheSpanPointAtTheirOwnLine() {
        // CommonMark turns the line break inside a code span into a space and drops the next line's
        // indentation; the error still lands where 'commas' is written (body line 2, after two spaces).
        let result = evaluate(page("Weights take `{= 1GB |\n  commas}` in all.\n"))
        #expect(errors(result) == ["5:3: unknown format filter 'commas'; did you mean 'comma'?"])
        let unclosed = evaluate(page("An unfinished `{= 1GB\n  | GB` expression.\n"))
        #expect(errors(unclosed) == ["5:7: an inline expression ends with '}', as in `{= w.total | GB}`"])
    }

    @Test func duplicateID() {
        let result = evaluate(page("```{sizes id=w}\nmodels: [llama-3.1-8b]\nprecisions: [bf16]\n```\n\n```{sizes id=w}\nmodels: [llama-3.1-8b]\nprecisions: [bf16]\n```\n"))
        #expect(errors(result) == ["9:14: duplicate id 'w': it already names the block at line 4; ids must be unique on a page"])
    }

    @Test func unknownFrontMatterKey() {
        let result = evaluate("---\ntitle: T\nsumary: s\n---\nText\n")
        #expect(errors(result) == ["3:1: unknown key 'sumary' in front matter; did you mean 'summary'?"])
    }

    @Test func missingTitleAndMissingFrontMatter() {
        #expect(errors(evaluate("---\norder: 1\n---\n")) == ["2:1: missing required key 'title' in front matter"])
        #expect(errors(evaluate("# No front matter\n")).first?.hasPrefix("1:1: a page must start with front matter") == true)
    }

    @Test func errorsInsideAKindCarryTheirPositions() {
        let result = evaluate(page("```{sizes id=w}\nmodels: [llama-3.1-8b, llama-3.1-7b]\nprecisions: [bf16, fp4]\n```\n"))
        #expect(errors(result) == [
            "5:24: unknown model 'llama-3.1-7b'; did you mean 'llama-3.1-70b' or 'llama-3.1-8b'?",
            "6:20: unknown precision 'fp4'; did you mean 'fp8'?",
        ])
    }

    @Test func everyProblemOnEveryPageIsReported() {
        let first = Page.parse(page("`{= nope}`\n\n```{nokind}\n```\n"), path: "a.md").0
        let second = Page.parse("---\ntitle: B\ncolour: red\n---\n`{= 1GB + 1}`\n", path: "b.md")
        let evaluated = Literate.evaluate([first, second.0], context: testContext())
        #expect(evaluated[0].diagnostics.count == 2)
        #expect(second.1.map(\.location.line) == [3])
        #expect(errors(evaluated[1]) == ["5:9: cannot add a plain number to bytes; write sizes with a suffix, such as 80GB or 80GiB"])
    }

    @Test func subtractionWithoutSpacesIsExplained() {
        let text = page("```{sizes id=a}\nmodels: [llama-3.1-8b]\nprecisions: [bf16]\n```\n\n`{= a.llama-3.1-8b.bf16-a.llama-3.1-8b.bf16}`\n")
        let message = errors(evaluate(text)).first ?? ""
        #expect(message.hasPrefix("9:20: unknown field 'bf16-a.llama-3.1-8b.bf16'") || message.hasPrefix("9:20: unknown field 'bf16-a'"))
        #expect(message.hasSuffix("(to subtract, put spaces around '-')"))
    }

    @Test func renderedDiagnosticShowsCaretUnderTheColumn() {
        let text = page("See `{= w.totl}` here.\n\n```{sizes id=w}\nmodels: [llama-3.1-8b]\nprecisions: [bf16]\n```\n")
        let result = evaluate(text)
        let rendered = result.diagnostics[0].rendered(sourceText: result.page.source)
        #expect(rendered.hasSuffix("    See `{= w.totl}` here.\n              ^"))
    }
}
