import Basics
import Testing
import Catalog
@testable import Literate

/// The inline-expression language on its own: tokens, units, arithmetic, filters and error columns.
@Suite struct ExpressionTests {
    func run(_ text: String, scope: ExpressionScope = ExpressionScope(functions: [SizeFunction()])) throws(Diagnostic) -> Expression.Result {
        let expression = try Expression.parse(text, at: Basics.SourceLocation(file: "p.md", line: 3, column: 10))
        return try expression.evaluate(in: scope, context: testContext())
    }

    func failure(_ text: String, scope: ExpressionScope = ExpressionScope(functions: [SizeFunction()])) -> String {
        do {
            _ = try run(text, scope: scope)
            return "no error"
        } catch {
            return "\(error.location.column): \(error.message)"
        }
    }

    @Test func numbersWithUnitSuffixes() throws {
        #expect(try run("8K").value == .number(8192, .tokens))                      // DESIGN.md: K = 1,024 for context
        #expect(try run("128K").value == .number(131_072, .tokens))
        #expect(try run("70B").value == .number(70e9, .parameters))
        #expect(try run("1.5TB").value == .number(1.5e12, .bytes))
        #expect(try run("80GiB").value == .number(80 * 1_073_741_824, .bytes))
        #expect(try run("50%").value == .number(0.5, .ratio))
        #expect(try run("1e9").value == .number(1e9, .none))
        #expect(try run("1_000").value == .number(1000, .none))
    }

    @Test func precedenceAndParentheses() throws {
        #expect(try run("2 + 3 * 4").value == .number(14, .none))
        #expect(try run("(2 + 3) * 4").value == .number(20, .none))
        #expect(try run("-2 * 3 - 1").value == .number(-7, .none))
        #expect(try run("(2 - 1 / 1024) * 32768").value == .number(65504, .none))
    }

    @Test func unitChecking() throws {
        #expect(try run("1GB + 500MB").value == .number(1.5e9, .bytes))
        #expect(try run("3GB / 1GB").value == .number(3, .ratio))
        #expect(try run("2 * 1GB").value == .number(2e9, .bytes))
        #expect(try run("320KB * 8K").value == .number(320e3 * 8192, .bytes))     // bytes per token × tokens
        #expect(try run("70B + 1").value == .number(70e9 + 1, .parameters))     // counts mix with plain numbers
        #expect(try run("2K / 1K + 0.5").value == .number(2.5, .none))
        #expect(failure("1GB + 1") == "14: cannot add a plain number to bytes; write sizes with a suffix, such as 80GB or 80GiB")
        #expect(failure("1GB - 8K") == "14: cannot subtract tokens from bytes")
        #expect(failure("1GB / 0") == "14: division by zero")
    }

    @Test func namesWithDashesAndDotsAreOneToken() throws {
        let table = Value.record([Value.Field("llama-3.1-70b", .record([Value.Field("bf16", .number(141_107_412_992, .bytes))]))])
        let scope = ExpressionScope(results: ["t": table, "a": .record([Value.Field("total", .number(5e9, .bytes))]),
                                              "b": .record([Value.Field("total", .number(2e9, .bytes))])], functions: [])
        #expect(try run("t.llama-3.1-70b.bf16 | GB", scope: scope).formatted == "141.1 GB")
        #expect(try run("a.total - b.total", scope: scope).value == .number(3e9, .bytes))
        #expect(failure("a.total-b.total", scope: scope) == "12: unknown field 'total-b' in 'a'; did you mean 'total'? (to subtract, put spaces around '-')")
        #expect(failure("t.llama-3.1-70b.bf61", scope: scope) == "26: unknown field 'bf61' in 't.llama-3.1-70b'; did you mean 'bf16'?")
        #expect(failure("t", scope: scope).hasPrefix("10: the value is a record; choose one of its fields: llama-3.1-70b"))
    }

    @Test func filters() throws {
        // 70,553,706,496 parameters × 2 bytes = 141,107,412,992 bytes (Llama 3.1 70B at BF16).
        #expect(try run("size(llama-3.1-70b, bf16) | GB").formatted == "141.1 GB")
        #expect(try run("size(llama-3.1-70b, bf16) | GiB").formatted == "131.4 GiB")
        #expect(try run("size(llama-3.1-70b, bf16) | TB | round(3)").formatted == "0.141 TB")
        #expect(try run("size(llama-3.1-70b, bf16) / 1GB | round(1)").formatted == "141.1")
        #expect(try run("size(llama-3.1-70b, bf16) | comma").formatted == "141,107,412,992")
        #expect(try run("size(llama-3.1-70b, bf16) / 1e9 | int").formatted == "141")
        #expect(try run("1 / 512 | pct").formatted == "0.2%")
        #expect(try run("3.9 | usd").formatted == "$3.90")
        #expect(try run("450000 | usd").formatted == "$450,000")
        #expect(try run("200000 * 0.75 | comma").formatted == "150,000")
    }

    @Test func defaultFormattingByUnit() throws {
        #expect(try run("size(llama-3.1-8b, bf16)").formatted == "16.1 GB")
        #expect(try run("128K").formatted == "131,072 tokens")
        #expect(try run("70B").formatted == "70B")
        #expect(try run("3GB / 2GB").formatted == "1.5")
        #expect(try run("12.346").formatted == "12.35")
    }

    @Test func filterErrorsPointAtTheFilter() {
        #expect(failure("8K | GB") == "15: cannot show tokens in GB: 'GB' is for sizes in bytes")
        #expect(failure("1GB | usdd") == "16: unknown format filter 'usdd'; did you mean 'usd'?")
        #expect(failure("1GB | round(x)") == "22: unexpected 'x' in expression: expected a plain number in 'round(...)'")
        #expect(failure("1GB | pct") == "16: cannot show bytes as a percentage: 'pct' is for ratios (divide by something of the same unit first)")
    }

    @Test func syntaxErrors() {
        #expect(failure("(1 + 2") == "16: expression ends too early: expected ')' to close the '(' at column 10")
        #expect(failure("1 + # 2") == "14: unexpected character '#' in expression")
        #expect(failure("8Q").hasPrefix("11: unknown unit suffix 'Q' on '8Q': K and M count tokens"))
        #expect(failure("1GB < 2GB") == "14: comparison '<' is only allowed in the claims of a 'check' block")
        #expect(failure("size(llama-3.1-8b)") == "10: size(model, precision) takes 2 arguments, found 1")
        #expect(failure("size") == "10: 'size' is a function: call it with arguments, as in size(...)")
    }
}
