import Testing
@testable import Literate

/// Evaluated blocks and inline values carry their provenance as values, the same formula and inputs
/// `values.json` records for them, so the site never rebuilds it from record keys.
@Suite struct ProvenanceTests {
    let sizesPage = page("""
        ```{sizes caption="No id"}
        models: [llama-3.1-70b]
        precisions: [bf16]
        ```

        Directly: `{= size(llama-3.1-70b, bf16)}`; failing: `{= size(llama-3.1-70b, fp4)}`.

        """)

    @Test func aBlockCarriesEachRecordedValuesProvenanceByName() {
        let result = evaluate(sizesPage)
        // Safetensors metadata: Llama 3.1 70B has 70,553,706,496 parameters; BF16 is 2 bytes each.
        let provenance = result.blocks[0].provenance["llama-3.1-70b.bf16"]
        #expect(provenance == Provenance(formula: "70553706496 parameters × 2.0 bytes", inputs: ["model": "llama-3.1-70b", "precision": "bf16"]))
        #expect(result.blocks[0].provenance.count == 1)
        // The same as the record values.json keeps for it under the block's `kind@line` key.
        let recorded = result.values.first { $0.block == "sizes@4" }
        #expect(recorded.map { Provenance(formula: $0.formula, inputs: $0.inputs) } == provenance)
    }

    @Test func anInlineValueCarriesItsFormulaAndInputsAndAFailedOneNone() {
        let result = evaluate(sizesPage)
        #expect(result.inlineValues.count == 2)
        let direct = result.inlineValues[0].provenance
        #expect(direct?.formula == "size(llama-3.1-70b, bf16) = 70553706496 parameters × 2.0 bytes")
        #expect(direct?.inputs["precision"] == "bf16")
        let recorded = result.values.first { $0.expression == "size(llama-3.1-70b, bf16)" }
        #expect(recorded?.inputs == direct?.inputs)
        #expect(result.inlineValues[1].provenance == nil)
    }
}
