import Basics
import Catalog
import Reports
import Sizing
import Testing

/// The project-file reader: every field, its defaults, and each bad input reported at its
/// `path:line:column`, all of them at once.
@Suite struct ProjectFileTests {
    /// Ids as the catalog's issue (#3) names them; the reader only checks membership.
    let vocabulary = ProjectFile.Vocabulary(
        models: ["llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "glm-5"],
        precisions: ["fp32", "bf16", "fp16", "fp8", "int8", "int4"],
        gpus: ["a100-80gb", "h100-sxm", "h100-pcie", "h200", "b200", "mi300x"])

    func parse(_ text: String) throws(Diagnostics) -> ProjectFile {
        try ProjectFile.parse(text, file: "p.yaml", defaultName: "p", vocabulary: vocabulary)
    }

    func problems(_ text: String) -> [Diagnostic] {
        do {
            _ = try parse(text)
            Issue.record("expected the project file to be refused")
            return []
        } catch {
            return error.items
        }
    }

    @Test func readsTheIssueExample() throws {
        let project = try parse("""
            name: Support assistant
            model: llama-3.1-70b
            precision: fp8
            kv_precision: fp8
            users: 50
            context: 8K
            prompt_tokens: 2K
            output_tokens: 500
            targets:
              ttft_seconds: 1.0
              tokens_per_second_per_user: 30
            budget_usd_per_month: 60000
            hardware: [h100-sxm, h200, b200, mi300x]
            pricing: on_demand
            utilization: 0.6
            """)
        #expect(project.name == "Support assistant")
        #expect(project.users == 50)
        #expect(project.contextTokens == 8_192)  // DESIGN.md: K = 1,024 for token counts
        #expect(project.promptTokens == 2_048)
        #expect(project.outputTokens == 500)
        #expect(project.targets == ProjectFile.Targets(ttftSeconds: 1, tokensPerSecondPerUser: 30))
        #expect(project.budgetUSDPerMonth == 60_000)
        #expect(project.hardware == ["h100-sxm", "h200", "b200", "mi300x"])
        #expect(project.pricing == .onDemand)
        #expect(project.utilization == 0.6)
        #expect(project.location(of: "hardware.2") == SourceLocation(file: "p.yaml", line: 13, column: 28))
    }

    @Test func defaultsAreFilledIn() throws {
        let project = try parse("model: glm-5\nprecision: fp8\nusers: 10\ncontext: 8K\n")
        #expect(project.name == "p")
        #expect(project.kvPrecision == nil)
        #expect(project.promptTokens == 2_048)
        #expect(project.outputTokens == 512)
        #expect(project.hardware.isEmpty)
        #expect(project.pricing == .onDemand)
        #expect(project.utilization == 1)
    }

    @Test func unknownKeysModelsAndGPUsAreAllReportedWithSuggestions() {
        let found = problems("""
            model: llama-3.1-7b
            precison: fp8
            users: 10
            context: 8K
            targets:
              ttft: 1
            hardware: [h100, h200, b20]
            """)
        let lines = found.map { "\($0.location.line):\($0.location.column)" }
        #expect(lines == ["1:1", "1:8", "2:1", "6:3", "7:12", "7:24"])
        #expect(found[0].message == "missing required key 'precision' in project file")
        #expect(found[1].message.contains("unknown model 'llama-3.1-7b'; did you mean 'llama-3.1-70b'"))
        #expect(found[2].message.contains("unknown key 'precison' in project file; did you mean 'precision'?"))
        #expect(found[3].message.contains("did you mean 'ttft_seconds'?"))
        #expect(found[4].message.hasPrefix("unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie'"))
        #expect(found[5].message.hasPrefix("unknown GPU 'b20'; did you mean 'b200'"))
    }

    @Test func zeroAndNegativeNumbersAreRefusedWhereWritten() {
        let found = problems("""
            model: glm-5
            precision: fp8
            users: 0
            context: -8K
            targets:
              tokens_per_second_per_user: -5
            budget_usd_per_month: 0
            """)
        #expect(found.map(\.location.line) == [3, 4, 6, 7])
        #expect(found.map(\.location.column) == [8, 10, 31, 23])
        #expect(found[0].message == "'users' must be greater than zero, found '0'")
        #expect(found[2].message.contains("'targets.tokens_per_second_per_user' must be greater than zero"))
    }

    @Test func utilizationMustBeAShareOfHours() {
        for (text, refused) in [("0", true), ("1.2", true), ("-0.5", true), ("1", false), ("0.05", false)] {
            let body = "model: glm-5\nprecision: fp8\nusers: 10\ncontext: 8K\nutilization: \(text)\n"
            if refused {
                let found = problems(body)
                #expect(found.count == 1)
                #expect(found.first?.location == SourceLocation(file: "p.yaml", line: 5, column: 14))
                #expect(found.first?.message.contains("greater than 0 and at most 1") == true)
            } else {
                #expect(throws: Never.self) { try parse(body) }
            }
        }
    }

    @Test func pricingTierIsOneOfTheFour() {
        let found = problems("model: glm-5\nprecision: fp8\nusers: 10\ncontext: 8K\npricing: ondemand\n")
        #expect(found.map(\.description) == ["p.yaml:5:10: error: unknown pricing tier 'ondemand'; did you mean 'on_demand'?"])
    }

    @Test func promptAndAnswerMustFitTheContext() {
        let found = problems("model: glm-5\nprecision: fp8\nusers: 1\ncontext: 1K\nprompt_tokens: 1K\noutput_tokens: 100\n")
        #expect(found.count == 1)
        #expect(found.first?.location.line == 5)
        #expect(found.first?.message.contains("exceed the context of 1024 tokens") == true)
    }

    @Test func aGPUListedTwiceIsAnError() {
        let found = problems("model: glm-5\nprecision: fp8\nusers: 1\ncontext: 8K\nhardware:\n  - h200\n  - h200\n")
        #expect(found.map(\.location.line) == [7])
    }

    @Test func aFileThatIsNotAMappingSaysWhatIsExpected() {
        let found = problems("- model: glm-5\n")
        #expect(found.first?.message.hasPrefix("expected a mapping of project settings") == true)
    }
}
