import Foundation
import Testing

/// `infrabook report` through the built binary: files written, agreement with `infrabook size
/// --format json` for the same inputs, exit status 1 with positions for bad project files.
@Suite struct ReportCommandTests {
    static let fixtures = FixtureBook.repository.appendingPathComponent("Tests/Fixtures/reports")
    static var data: String { fixtures.appendingPathComponent("data").path }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func reportAgreesWithSizeForTheSameInputs() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let output = book.root.appendingPathComponent("reports")
        let project = Self.fixtures.appendingPathComponent("projects/support-assistant.yaml").path
        let report = try book.infrabook(["report", project, "--data", Self.data, "--output", output.path])
        #expect(report.status == 0, "\(report.standardError)")
        let written = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted().filter { !$0.hasPrefix(".") }
        #expect(written == ["support-assistant.html", "support-assistant.json", "support-assistant.md"])

        // The same inputs as the project file: llama-3.1-70b, fp8 weights and KV cache, 50 users × 8K, 2K prompts.
        let size = try book.infrabook([
            "size", "--model", "llama-3.1-70b", "--precision", "fp8", "--kv-precision", "fp8", "--context", "8K",
            "--prompt", "2K", "--users", "50", "--gpu", "h100-sxm", "--gpu", "h200", "--gpu", "a100-80gb",
            "--data", Self.data, "--pricing", "on_demand", "--format", "json",
        ])
        #expect(size.status == 0, "\(size.standardError)")
        let ours = try json(try String(contentsOf: output.appendingPathComponent("support-assistant.json"), encoding: .utf8))
        let theirs = try json(size.standardOutput)
        #expect(NSDictionary(dictionary: try #require(ours["memory"] as? [String: Any]))
            .isEqual(to: try #require(theirs["memory"] as? [String: Any])))
        let ourOptions = try #require(ours["options"] as? [[String: Any]])
        let theirOptions = try #require(theirs["options"] as? [[String: Any]])
        #expect(ourOptions.count == theirOptions.count)
        for (a, b) in zip(ourOptions, theirOptions) {
            for key in ["gpu", "gpus", "nodes", "tensor_parallel", "pipeline_parallel", "expert_parallel", "memory_per_gpu_bytes",
                        "headroom_bytes", "decode_tokens_per_second_per_user", "aggregate_tokens_per_second", "ttft_seconds",
                        "cost_per_hour_usd", "cost_per_million_tokens_usd"] {
                #expect((a[key] as? NSObject)?.isEqual(b[key]) == true, "\(a["gpu"] ?? "?") \(key)")
            }
        }
        #expect(ours["prices_as_of"] as? String == theirs["prices_as_of"] as? String)
    }

    @Test func badProjectFileExitsOneWithEveryPositionAndWritesNothing() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let output = book.root.appendingPathComponent("reports")
        let project = Self.fixtures.appendingPathComponent("bad/typos.yaml").path
        let run = try book.infrabook(["report", project, "--data", Self.data, "--output", output.path])
        #expect(run.status == 1)
        for position in ["2:8", "4:8", "7:3", "8:23", "9:12", "11:14"] {
            #expect(run.standardError.contains("\(project):\(position): error: "), "missing \(position)")
        }
        #expect(run.standardError.contains("6 errors"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    /// The HTML is rendered through the templates folder's report.mustache and assets/report.css; a
    /// folder without them is an error naming both, and nothing is written.
    @Test func templatesFolderWithoutTheReportTemplateIsAnError() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let output = book.root.appendingPathComponent("reports")
        let project = Self.fixtures.appendingPathComponent("projects/support-assistant.yaml").path
        let run = try book.infrabook(["report", project, "--data", Self.data, "--output", output.path, "--templates", book.root.path])
        #expect(run.status == 1)
        #expect(run.standardError.contains("report.mustache:1:1: error: missing template 'report.mustache'"), "\(run.standardError)")
        #expect(run.standardError.contains("assets/report.css:1:1: error: missing stylesheet 'assets/report.css'"), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func missingProjectIsAnErrorAndAMissingArgumentIsUsage() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let missing = try book.infrabook(["report", "no/such/project.yaml", "--data", Self.data])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("no project file or folder at 'no/such/project.yaml'"))
        let usage = try book.infrabook(["report"])
        #expect(usage.status == 2)
    }
}
