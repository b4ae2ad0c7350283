import Testing
import Catalog
import Kernels
@testable import Literate

/// The `benchmark` block on a fixed report (so nothing here depends on this machine's measurements).
/// The fixture's figures are the shape of a real `infrabook bench` result on a 2-core EPYC; the test only
/// checks that they reach tables, charts and inline expressions unchanged and with their units.
@Suite struct BenchmarkBlockTests {
    static let report = BenchmarkReport(quick: false, machine: .init(
        cpu: "AMD EPYC", cores: 2, simd: ["avx2", "f16c", "fma"], kernelPath: "avx2", threads: 2,
        memoryReadGBps: 20, memoryCopyGBps: 24, fmaPeakGFLOPs: 200), results: [
        result(.q4_0, .gemv, m: 14336, n: 1, gbps: 17, gflops: 60.4, paired: 0.92),
        result(.q4_0, .gemv, m: 4096, n: 1, gbps: 16, gflops: 56.9),
        result(.q4_0, .gemm, m: 14336, n: 8, gbps: 10, gflops: 284),
        result(.q4_0, .gemm, m: 14336, n: 512, gbps: 0.9, gflops: 110),
        result(.f16, .gemv, m: 14336, n: 1, gbps: 18, gflops: 18),
    ])

    static func result(_ format: WeightFormat, _ op: MatMulOperation, m: Int, n: Int, gbps: Double, gflops: Double,
                       paired: Double? = nil) -> BenchmarkReport.Result {
        .init(format: format, op: op, m: m, k: 4096, n: n, threads: 2, repeats: 10, medianSeconds: 0.002, minSeconds: 0.0019,
              maxSeconds: 0.0025, gflops: gflops, gbps: gbps, shareOfReadBandwidth: gbps / 20, shareOfFMAPeak: gflops / 200,
              shareOfPairedRead: paired, relativeError: 0.006, quantizationError: 0.086)
    }

    static func context(_ report: BenchmarkReport?) -> EvaluationContext {
        EvaluationContext(catalog: DataCatalog(), benchmark: report, today: "2026-11-01", blockKinds: [BenchmarkBlock()])
    }

    @Test func resultsAreAddressableWithUnits() {
        let text = page("""
            ```{benchmark id=b}
            formats: q4_0
            ```

            Decode reads `{= b.q4_0.gemv.gbps}`, `{= b.q4_0.gemv.share_of_read_bandwidth | pct}` of `{= b.machine.memory_read_gbps}`;
            prefill reaches `{= b.q4_0.gemm.gflops}`, and 8 tokens `{= b.q4_0.gemm_n8.gflops}`.
            Against reads of the same moments: `{= b.q4_0.gemv.share_of_paired_read | pct}`.
            """)
        let result = evaluate(text, context: Self.context(Self.report))
        #expect(errors(result) == [])
        // b.q4_0.gemv is the largest GEMV shape (14336×4096), b.q4_0.gemm the largest GEMM n (512).
        let shown = result.inlineValues.map(\.text)
        #expect(shown.count == 6)
        #expect(shown[0].contains("17") && shown[0].contains("GB/s"))
        #expect(shown[1].contains("85"))
        #expect(shown[2].contains("20") && shown[2].contains("GB/s"))
        #expect(shown[3].contains("110") && shown[3].contains("GFLOP/s"))
        #expect(shown[4].contains("284") && shown[4].contains("GFLOP/s"))
        #expect(shown[5].contains("92"))
    }

    @Test func showsATableAndARoofline() throws {
        let result = evaluate(page("```{benchmark}\nops: gemv\n```\n"), context: Self.context(Self.report))
        #expect(errors(result) == [])
        let artifacts = try #require(result.blocks.first?.artifacts)
        guard case .table(let table) = artifacts.first, case .chart(let chart) = artifacts.last else {
            Issue.record("expected a table then a chart, found \(artifacts)")
            return
        }
        #expect(table.rows.count == 3)  // the three GEMV results
        // Only the 14336×4096 q4_0 GEMV of the fixture has a paired share; the others show a dash.
        let pairedColumn = try #require(table.columns.firstIndex { $0.title == "% of paired read" })
        #expect(table.rows.map { $0[pairedColumn].text } == ["92%", "–", "–"])
        #expect(chart.logX && chart.logY)
        // The roof rises with the read bandwidth (20 GB/s × intensity) and flattens at the FMA peak.
        let roof = try #require(chart.series.first)
        #expect(roof.points.allSatisfy { abs($0.y - min(200, 20 * $0.x)) < 1e-9 })
        #expect(chart.series.map(\.name).dropFirst() == ["f16", "q4_0"])
    }

    /// ggml spells the K-quants with a capital K (q4_K): the block takes them as written or in any case.
    @Test func kQuantFormatsAreFoundByTheirGGMLNames() {
        var report = Self.report
        report.results.append(Self.result(.q4_K, .gemv, m: 14336, n: 1, gbps: 15, gflops: 53.3, paired: 0.61))
        for spelling in ["q4_K", "Q4_K", "q4_k"] {
            let result = evaluate(page("```{benchmark id=b}\nformats: [\(spelling)]\n```\n\n`{= b.q4_K.gemv.share_of_paired_read | pct}`\n"),
                                  context: Self.context(report))
            #expect(errors(result) == [], "\(spelling)")
            #expect(result.inlineValues.map(\.text) == ["61%"], "\(spelling)")
        }
    }

    @Test func unknownFormatAndMissingCacheAreErrorsAtTheirPlace() {
        let result = evaluate(page("```{benchmark}\nformats: [q4_0, q4_1]\n```\n"), context: Self.context(Self.report))
        #expect(errors(result).contains { $0.hasPrefix("5:") && $0.contains("'q4_1'") && $0.contains("did you mean 'q4_0'") })
        let missing = evaluate(page("```{benchmark}\n```\n"), context: Self.context(nil))
        #expect(errors(missing).contains { $0.contains("infrabook bench") && $0.contains("benchmark.json") })
    }
}
