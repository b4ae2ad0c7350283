import Testing
import Catalog
@testable import Literate

/// The `calibration` block: the fitted constants of `calibration.yaml`, a row per fit, reachable from prose by
/// fit and constant; a fit's missing constants are dashes, and a page without a calibration is told how to make one.
@Suite struct CalibrationBlockTests {
    /// The shipped catalog with a calibration of two fits. The figures are a `calibration.yaml` as
    /// `infrabook calibrate --write` writes it (Hopper dense: 0.837, 0.561, 1.0 ms, 5.6 ms, 28 µs, fitted on
    /// 2026-12-06 to the shipped measurements), cut to one record each.
    static let context: EvaluationContext = {
        var catalog = RealKindsTests.context.catalog
        catalog.calibration = try! Calibration.parse("""
            date: 2026-12-06
            fits:
              - architecture: hopper
                engines: [trt-llm]
                models: dense
                memory_efficiency: 0.8370
                compute_efficiency: 0.5610
                step_overhead_ms: 1.0050
                request_overhead_ms: 5.6140
                all_reduce_latency_us: 28.0000
                records:
                  - { id: r1, gpu: h100-sxm, model: llama-3.1-8b, figure: "output tokens/s", error: 0.05, leave_one_out_error: -0.07 }
              - architecture: ada
                engines: [llama.cpp]
                memory_efficiency: 0.8849
                compute_efficiency: 0.7894
                step_overhead_ms: 1.9787
                records:
                  - { id: r2, gpu: rtx-4090, model: llama-3.1-8b, figure: "TPOT mean (s)", error: 0.02, leave_one_out_error: 0.03 }
            """, path: "calibration.yaml", catalog: catalog)
        return EvaluationContext(catalog: catalog, today: "2026-12-06")
    }()

    @Test func eachFitIsARowAndEachConstantAValue() throws {
        let result = evaluate(page("""
            ```{calibration id=c}
            ```

            `{= c.hopper_dense.all_reduce_latency}`, `{= c.hopper_dense.request_overhead}`, `{= c.ada_llama_cpp.step_overhead}`,
            `{= c.hopper_dense.memory_efficiency | round(2)}`, `{= c.ada_llama_cpp.figures | int}`.
            """), context: Self.context)
        #expect(errors(result) == [])
        #expect(result.inlineValues.map(\.text) == ["28 µs", "5.6 ms", "2 ms", "0.84", "1"])
        let table = try #require(result.blocks.first?.artifacts.compactMap { artifact -> Table? in
            if case .table(let table) = artifact { return table } else { return nil }
        }.first)
        #expect(table.rows.map { $0[0].text } == ["hopper", "ada"])
        // llama.cpp's fit has no request overhead or all-reduce latency: dashes, and no value to reach.
        #expect(table.rows[1][7].text == "–" && table.rows[1][8].text == "–")
        #expect(result.values.contains { $0.name == "hopper_dense.all_reduce_latency" })
        #expect(!result.values.contains { $0.name == "ada_llama_cpp.all_reduce_latency" })
    }

    @Test func anUnknownArchitectureOrNoCalibrationIsAnError() {
        let unknown = evaluate(page("""
            ```{calibration}
            architecture: hoper
            ```
            """), context: Self.context)
        #expect(errors(unknown).count == 1 && errors(unknown)[0].contains("did you mean 'hopper'"), "\(errors(unknown))")
        let none = evaluate(page("""
            ```{calibration}
            ```
            """), context: RealKindsTests.context)
        #expect(errors(none).count == 1 && errors(none)[0].contains("infrabook calibrate --write"), "\(errors(none))")
    }
}
