import Basics
import Foundation
import Testing
import Catalog
@testable import Literate

/// Hostile or careless input to expressions and blocks gets an error at its position, never a crash,
/// a trap or a published "∞" (issue 15): nesting past the depth limit, numbers that overflow, counts
/// too large for the engine, and the one utilization rule.
@Suite struct HardeningTests {
    static var context: EvaluationContext { RealKindsTests.context }

    func failure(_ text: String, scope: ExpressionScope = ExpressionScope()) -> String {
        do {
            let expression = try Expression.parse(text, at: SourceLocation(file: "p.md", line: 1, column: 1))
            let result = try expression.evaluate(in: scope, context: testContext())
            return "no error: \(result.formatted)"
        } catch {
            return "\(error.location.column): \(error.message)"
        }
    }

    func shown(_ text: String) throws -> String {
        let expression = try Expression.parse(text, at: SourceLocation(file: "p.md", line: 1, column: 1))
        return try expression.evaluate(in: ExpressionScope(), context: testContext()).formatted
    }

    // MARK: - Depth

    @Test func tenThousandParenthesesStopAtTheLimit() {
        // The 101st '(' (offset 100, column 101) is one level past Expression.maxDepth.
        let text = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(failure(text).hasPrefix("101: expression nests more than 100 deep"))
    }

    @Test func runsOfMinusAndCallsCountToo() {
        #expect(failure(String(repeating: "-", count: 10_000) + "1").hasPrefix("101: expression nests more than 100 deep"))
        // Alternating '-(' nests two levels per pair: the 101st level is the '-' at offset 100.
        #expect(failure(String(repeating: "-(", count: 5_000) + "1" + String(repeating: ")", count: 5_000))
                    .hasPrefix("101: expression nests more than 100 deep"))
    }

    @Test func longChainsAreDeepTreesAndStopToo() {
        // "1 + 1 + …": the 100th '+' (offset 2 + 4 × 99 = 398) makes the tree 101 deep.
        let text = "1" + String(repeating: " + 1", count: 5_000)
        #expect(failure(text).hasPrefix("399: expression nests more than 100 deep"))
        // Within the limit it still evaluates.
        #expect(failure("1" + String(repeating: " + 1", count: 98)) == "no error: 99")
    }

    // MARK: - Non-finite values

    @Test func overflowIsAnErrorAtTheOperator() {
        #expect(failure("2 + 1e308 * 10").hasPrefix("11: the result is too large to compute"))
        // ∞ − ∞ would be NaN: the first overflow, at the first '*', is reported instead.
        #expect(failure("1e308 * 10 - 1e308 * 10").hasPrefix("7: the result is too large to compute"))
        #expect(failure("1e308TB").hasPrefix("1: '1e308TB' is too large a number"))
        #expect(failure("1e400").hasPrefix("1: '1e400' is not a number"))
        #expect(failure("1e307 | pct").hasPrefix("1: the result is too large to compute"))
    }

    @Test func largeWholeNumbersAreWrittenInDigits() throws {
        #expect(try shown("1e30 | int") == "1000000000000000000000000000000")
        #expect(try shown("1e30 | comma") == "1,000,000,000,000,000,000,000,000,000,000")
        #expect(try shown("-2.5e19 | int") == "-25000000000000000000")
        #expect(try shown("1e30 | usd") == "$1,000,000,000,000,000,000,000,000,000,000")
        #expect(try shown("2 | round(2)") == "2")
    }

    @Test func aPriceTooLargeToCostIsRefusedWhereItIsWritten() {
        // 1e306 USD per GPU-hour × 730 hours would overflow to "$∞"; the prices file refuses it instead.
        let text = PriceBlocksTests.pricesText.replacingOccurrences(of: "h100-sxm: { on_demand: 2.99", with: "h100-sxm: { on_demand: 1e306")
        #expect {
            try PriceList.parse(text, file: "prices.yaml")
        } throws: { error in
            let items = (error as? Diagnostics)?.items ?? []
            return items.count == 1 && items[0].location.line == 10 && items[0].location.column == 26
                && items[0].message.contains("is too large (at most 1,000,000,000,000; costs computed from it could overflow), found 1e306")
        }
    }

    /// A block kind that computes infinity, standing for any engine figure that overflows.
    struct OverflowingKind: BlockKind {
        let name = "overflowing"
        let keys: [String] = []
        func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
            let value = Value.number(.infinity, .usd)
            return BlockOutput(result: .record([Value.Field("total", value)]), artifacts: [.paragraph("∞")],
                               recorded: [RecordedValue(name: "total", value: value, formula: "1e308 × 10")])
        }
    }

    @Test func aBlockWhoseResultIsNotFiniteFailsAtItsFence() {
        var context = testContext()
        context.blockKinds.append(OverflowingKind())
        let result = evaluate(page("Text.\n\n```{overflowing id=o}\n```\n\nThen `{= o.total | usd}`.\n"), context: context)
        #expect(errors(result) == ["6:1: 'total': the result is too large to compute (past ±1.8 × 10³⁰⁸, where numbers become infinite); "
                                   + "check the inputs for a value far out of range"])
        #expect(result.values.isEmpty)
        #expect(result.inlineValues.allSatisfy { !$0.text.contains("∞") })
    }

    // MARK: - Counts too large for the engine

    @Test func oneTrillionUsersIsTooLargeAtTheUsersKey() {
        // Llama 3.1 70B keeps 327,680 B per token (config.json: 80 layers × 8 KV heads × 128 × 2 × 2 B);
        // × 8,192 tokens × 10¹² users ≈ 2.7 × 10²¹ B, past the 9.2 × 10¹⁸ an Int counts.
        let result = evaluate(page("""
            ```{kv-cache id=kv}
            model: llama-3.1-70b
            context: 8K
            users: 1T
            ```
            """), context: Self.context)
        #expect(errors(result) == ["7:8: 'users' is too large: the KV cache of 1,000,000,000,000 users would come to more than "
                                   + "9,223,372,036,854,775,807 bytes, the most the engine counts"])
    }

    @Test func sizingBlocksAndFunctionsReportTheSameWay() {
        let result = evaluate(page("""
            ```{sizing id=s}
            model: llama-3.1-70b
            users: 1e15
            hardware: [h100-sxm]
            ```

            `{= kv_cache(llama-3.1-70b, 8K, 1T, bf16) | GB}`
            """), context: Self.context)
        #expect(errors(result).count == 2)
        #expect(errors(result).first?.hasPrefix("6:8: 'users' is too large: the KV cache of 1,000,000,000,000,000 users") == true)
        #expect(errors(result).last?.hasPrefix("10:33: 'users' is too large") == true)
    }

    @Test func countsPastTwoToTheFiftyThirdAreTooLargeNotFractions() {
        let result = evaluate(page("""
            ```{kv-cache id=kv}
            model: llama-3.1-70b
            context: 8K
            users: 1e20
            ```
            """), context: Self.context)
        #expect(errors(result) == ["7:8: 'users' is too large (the most accepted is 9,007,199,254,740,992), found '1e20'"])
    }

    @Test func aGPUListedTwiceIsRefused() {
        let result = evaluate(page("""
            ```{sizing id=s}
            model: llama-3.1-8b
            hardware: [h100-sxm, h100-sxm]
            ```
            """), context: Self.context)
        #expect(errors(result) == ["6:22: 'h100-sxm' is listed twice in 'hardware'; name each once"])
    }

    // MARK: - One utilization rule

    @Test func zeroUtilizationIsRefusedInABreakevenBlock() throws {
        // The same rule (OwnershipScenario.utilization) refuses it in project files.
        let result = evaluate(page("""
            ```{breakeven id=b}
            system: dgx-h200
            utilization: 0
            ```
            """), context: PriceBlocksTests.context(try PriceList.parse(PriceBlocksTests.pricesText, file: "prices.yaml")))
        #expect(errors(result) == ["6:14: 'utilization' is a share of hours busy, greater than 0 and at most 1 "
                                   + "(or a percentage such as 50%), found '0'"])
    }
}

/// Front matter values of the wrong type are refused at their position (issue 15).
@Suite struct FrontMatterTypeTests {
    @Test func aQuotedYesIsTextNotAFlag() {
        let result = evaluate("---\ntitle: T\nallow_html: \"yes\"\n---\nText.\n")
        #expect(errors(result) == ["3:13: expected true or false, found 'yes'"])
    }

    @Test func aNumberIsNotATag() {
        let result = evaluate("---\ntitle: T\ntags: 5\n---\nText.\n")
        #expect(errors(result) == ["3:7: expected a word (quote it if it is meant as text), found '5'"])
        #expect(errors(evaluate("---\ntitle: T\ntags: [sizing, \"5\"]\n---\nText.\n")) == [])
    }

    @Test func aDayPastTheEndOfItsMonthIsNotADate() {
        #expect {
            try YAMLNode.parse("as_of: 2026-02-30\n", file: "prices.yaml").mapping()["as_of"]!.date()
        } throws: { error in
            (error as? Diagnostic)?.message == "expected a date written YYYY-MM-DD, found '2026-02-30': February 2026 has 28 days"
                && (error as? Diagnostic)?.location.column == 8
        }
        #expect(CalendarDay.number("2028-02-29") != nil)   // a leap year
        #expect(CalendarDay.number("2100-02-29") == nil)   // not one: divisible by 100, not by 400
        #expect(CalendarDay.text(CalendarDay.number("2026-11-29")!) == "2026-11-29")
    }
}

/// A computation block whose fence is never closed is an error at its fence, not a block that
/// swallows the rest of the page (issue 15).
@Suite struct UnclosedFenceTests {
    @Test func aFenceOpenAtTheEndOfThePageIsAnError() {
        let result = evaluate(page("Text.\n\n```{sizes id=w}\nmodels: [llama-3.1-8b]\nprecisions: [bf16]\n"))
        #expect(errors(result) == ["6:1: the 'sizes' block opened here is never closed: end its body with a fence line like the one that opens it"])
    }

    @Test func closedFencesOfEveryShapeAreAccepted() {
        #expect(errors(evaluate(page("```{sizes id=w}\nmodels: [llama-3.1-8b]\nprecisions: [bf16]\n```"))) == [])
        #expect(errors(evaluate(page("~~~~{sizes id=w}\nmodels: [llama-3.1-8b]\nprecisions: [bf16]\n~~~~~\n"))) == [])
        #expect(errors(evaluate(page("> ```{sizes id=w}\n> models: [llama-3.1-8b]\n> precisions: [bf16]\n> ```\n"))) == [])
    }
}
