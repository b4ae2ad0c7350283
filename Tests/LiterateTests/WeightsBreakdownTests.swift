import Foundation
import Testing
@testable import Literate

/// The `weights-breakdown` block on the shipped catalog, and `model:` given as a path.
@Suite struct WeightsBreakdownTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func gptqKeepsTheTablesInBF16() {
        // hugging-quants/Meta-Llama-3.1-8B-Instruct-GPTQ-INT4: 5.73 GB of safetensors, embed_tokens and lm_head unquantized.
        let result = evaluate(page("""
            ```{weights-breakdown id=w}
            model: llama-3.1-8b
            precision: gptq-int4
            ```

            `{= w.total | GB}`

            ```{check}
            - {claim: published size, holds: w.total == 5.73GB, tolerance: 0.5%}
            ```
            """), context: RealKindsTests.context)
        #expect(errors(result) == [])
        #expect(result.inlineValues.map(\.text) == ["5.7 GB"])
    }

    @Test func modelPathIsRelativeToThePage() throws {
        // The page sits in Tests/Fixtures/models' parent; the path names the Llama 3.1 8B fixture folder.
        let pagePath = Self.repository.appendingPathComponent("Tests/Fixtures/page.md").path
        let result = evaluate(page("""
            ```{weights-breakdown id=w}
            model: models/llama-3.1-8b
            precision: bf16
            ```

            `{= w.parameters | comma}`
            """), path: pagePath, context: RealKindsTests.context)
        #expect(errors(result) == [])
        // Llama 3.1 8B's config.json implies 8,030,261,248 parameters (safetensors total_size 16,060,522,496 B ÷ 2).
        #expect(result.inlineValues.map(\.text) == ["8,030,261,248"])
    }

    @Test func missingModelPathIsAnError() {
        let result = evaluate(page("""
            ```{weights-breakdown id=w}
            model: models/nothing-here/config.json
            precision: bf16
            ```
            """), context: RealKindsTests.context)
        #expect(errors(result).first?.contains("models/nothing-here/config.json: no such file or folder") == true, "\(errors(result))")
    }
}
