import Catalog
import Foundation
import Sizing
import Testing
@testable import Reports
@testable import Site

/// Project files with a `workload`: the reader keeps lengths, load and targets under load, refuses
/// mistakes at their place, and the report adds the simulated layouts and a load curve.
@Suite struct ReportServingTests {
    let vocabulary = ProjectFile.Vocabulary(models: ["llama-3.1-8b", "llama-3.1-70b"], precisions: ["bf16", "fp8", "int4"],
                                            gpus: ["h100-sxm", "h200"])

    let project = """
        model: llama-3.1-8b
        precision: fp8
        kv_precision: fp8
        users: 20
        context: 4K
        workload:
          input_tokens: uniform(500, 1500)
          output_tokens: 64
          users: 20
          think_time: 1s
          requests: 300
          targets:
            ttft: 300ms
            tpot: 30ms
            percentile: 90
        hardware: [h100-sxm]
        """

    @Test func readsTheWorkloadAndItsTargets() throws {
        let parsed = try ProjectFile.parse(project, file: "p.yaml", defaultName: "p", vocabulary: vocabulary)
        let load = try #require(parsed.load)
        #expect(load.inputTokens == .uniform(low: 500, high: 1500))
        #expect(load.outputTokens == .fixed(64))
        #expect(load.users == 20 && load.rate == nil && load.thinkSeconds == 1 && load.requests == 300)
        #expect(load.ttftSeconds == 0.3 && load.tpotSeconds == 0.03 && load.percentile == 90)
    }

    @Test func workloadMistakesAreReportedAtTheirPlace() {
        let text = """
            model: llama-3.1-8b
            precision: fp8
            users: 20
            context: 4K
            workload:
              input_tokens: lots
              output_tokens: 64
              user: 20
              targets:
                ttft: soon
            """
        do {
            _ = try ProjectFile.parse(text, file: "p.yaml", defaultName: "p", vocabulary: vocabulary)
            Issue.record("expected the project file to be refused")
        } catch {
            let found = error.items.map { "\($0.location.line):\($0.location.column): \($0.message)" }
            #expect(found.contains { $0.hasPrefix("6:17: 'workload.input_tokens' must be a token count") }, "\(found)")
            #expect(found.contains { $0.hasPrefix("8:3: unknown key 'user' in 'workload'") }, "\(found)")
            #expect(found.contains { $0.hasPrefix("10:11:") }, "\(found)")
        }
    }

    @Test func reportShowsTheLayoutsUnderLoadAndTheLoadCurve() throws {
        let (catalog, prices) = try ReportFixtures.shipped()
        let report = try ProjectReports.report(text: project, file: "p.yaml", catalog: catalog, prices: prices)
        let serving = try #require(report.serving)
        #expect(serving.options.map(\.gpu.id) == ["h100-sxm"])
        // The project file's workload.targets (ttft: 300ms, tpot: 30ms, percentile: 90), kept as the engine's typed targets.
        let targets = try #require(serving.targets)
        #expect(targets.percentile == 90)
        #expect(abs((targets.ttftSeconds ?? 0) - 0.3) < 1e-12 && abs((targets.tpotSeconds ?? 0) - 0.03) < 1e-12)
        #expect(serving.targetsText == "p90 TTFT ≤ 300 ms, p90 TPOT ≤ 30 ms")
        #expect(serving.chosen == "h100-sxm")
        // The curve visits a quarter to four times the planned 20 users.
        #expect(serving.loadCurve.map(\.load) == [5, 10, 20, 30, 40, 60, 80])
        #expect(serving.loadCurve.allSatisfy { $0.outputTokensPerSecond > 0 && $0.outputTokensPerSecond.isFinite })
        let markdown = report.markdown()
        #expect(markdown.contains("## Under load"))
        // Text names the GPU as the catalog does; the JSON field above keeps the id.
        #expect(markdown.contains("Load curve of the \(try #require(catalog.displayName("h100-sxm"))) layout"))
    }
}
