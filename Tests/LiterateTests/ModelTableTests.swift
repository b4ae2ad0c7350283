import Testing
import Catalog
@testable import Literate

/// The `model-table` kind: catalog facts about models, addressable from prose, with bad ids located.
@Suite struct ModelTableTests {
    @Test func rowsCarryExactCountsLicenseAndAttention() {
        // Llama 3.1 70B: 70,553,706,496 parameters (config.json of meta-llama/Llama-3.1-70B),
        // GQA with 8 KV heads, Llama 3.1 Community License. Mixtral 8x7B: 2 of 8 experts per token
        // (config.json num_experts_per_tok = 2, num_local_experts = 8), Apache 2.0.
        let result = evaluate(page("""
            ```{model-table id=m}
            models: [llama-3.1-70b, mixtral-8x7b]
            ```

            `{= m.llama-3.1-70b.total_parameters | comma}` `{= m.mixtral-8x7b.license}`
            """), context: EngineKindsTests.context)
        #expect(errors(result) == [])
        #expect(result.inlineValues.map(\.text) == ["70,553,706,496", "Apache 2.0"])
        guard case .table(let table)? = result.blocks.first?.artifacts.first else {
            Issue.record("expected a table")
            return
        }
        #expect(table.rows.count == 2)
        #expect(table.rows[0][3].text == "GQA, 8 KV heads")
        // Mixtral's config sets "sliding_window": null, so no window is shown.
        #expect(table.rows[1][3].text == "GQA, 8 KV heads; MoE, 2 of 8 experts")
        #expect(table.rows[0][1].valueName == "llama-3.1-70b.total_parameters")
    }

    @Test func unknownModelPointsAtTheItem() {
        let result = evaluate(page("""
            ```{model-table}
            models: [llama-3.1-70b, glm5]
            ```
            """), context: EngineKindsTests.context)
        // Three lines of front matter, the fence, then the list: 'glm5' is on line 5, column 25.
        let problem = errors(result).first ?? ""
        #expect(problem.hasPrefix("5:25: "))
        #expect(problem.contains("did you mean 'glm-5'"))
    }
}
