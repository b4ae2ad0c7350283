import Basics
import Catalog
import Foundation
import Sizing
import Testing
@testable import Reports
@testable import Site

/// Paths and loaders shared by the report tests.
enum ReportFixtures {
    /// The repository root (this file is Tests/SiteTests/ReportTests.swift).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Tests/Fixtures/reports")

    static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    /// The repository's report template and stylesheet (Templates/report.mustache, Templates/assets/report.css).
    static let templates = try! ReportTemplates(directory: path("Templates"))

    /// The shipped catalog and prices (Content/data).
    static func shipped() throws -> (DataCatalog, PriceList) {
        (try DataCatalog.load(directory: path("Content/data")), try PriceList.load(path: path("Content/data/prices.yaml")))
    }

    /// The frozen slice under Tests/Fixtures/reports/data that the golden report is computed from.
    static func frozen() throws -> (DataCatalog, PriceList) {
        let data = fixtures.appendingPathComponent("data").path
        return (try DataCatalog.load(directory: data), try PriceList.load(path: data + "/prices.yaml"))
    }

    static func report(_ file: String, catalog: DataCatalog, prices: PriceList?) throws -> SizingReport {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        return try ProjectReports.report(text: text, file: file, catalog: catalog, prices: prices)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A fresh empty folder under the system's temporary folder.
    static func scratchFolder(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("infrabook-report-tests-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }
}

/// End to end: the three worked examples in Content/projects, sized with the shipped catalog and
/// prices, agree with `infrabook size` (the engine's `size --format json` object) for the same inputs.
@Suite struct ReportExampleProjectTests {
    static let examples = ["support-assistant", "internal-moe-assistant", "code-completion"]

    /// The option keys DESIGN.md fixes for `size --format json`, which a report's options repeat.
    static let sizeOptionKeys = [
        "gpu", "gpus", "nodes", "tensor_parallel", "pipeline_parallel", "expert_parallel", "fits", "memory_per_gpu_bytes",
        "headroom_bytes", "decode_tokens_per_second_per_user", "aggregate_tokens_per_second", "ttft_seconds",
        "cost_per_hour_usd", "cost_per_million_tokens_usd",
    ]

    @Test(arguments: examples)
    func agreesWithSizeForTheSameInputs(_ name: String) throws {
        let (catalog, prices) = try ReportFixtures.shipped()
        let file = ReportFixtures.path("Content/projects/\(name).yaml")
        let report = try ReportFixtures.report(file, catalog: catalog, prices: prices)
        let json = try ReportFixtures.json(try report.json())

        // What `infrabook size --model M --precision P --kv-precision K --context C --prompt T --users U
        // --gpu ... --pricing TIER --format json` prints, built here from the project's own fields.
        let project = report.project
        let request = SizingRequest(
            model: try #require(catalog.model(project.model)), precision: try #require(catalog.precision(project.precision)),
            kvPrecision: try #require(catalog.precision(project.kvPrecision)), users: project.users,
            contextTokens: project.contextTokens, promptTokens: project.promptTokens,
            gpus: try project.hardware.map { try #require(catalog.gpu($0)) })
        let tier = try #require(PricingTier(rawValue: project.pricing))
        let size = try ReportFixtures.json(try SizingEngine.plan(request, catalog: catalog).priced(with: prices, tier: tier).jsonText)

        let memory = try #require(json["memory"] as? [String: Any])
        let sizeMemory = try #require(size["memory"] as? [String: Any])
        #expect(Set(memory.keys) == Set(sizeMemory.keys))
        #expect(NSDictionary(dictionary: memory).isEqual(to: sizeMemory))

        let options = try #require(json["options"] as? [[String: Any]])
        let sizeOptions = try #require(size["options"] as? [[String: Any]])
        #expect(options.count == sizeOptions.count)
        for (ours, theirs) in zip(options, sizeOptions) {
            for key in Self.sizeOptionKeys where key != "cost_per_hour_usd" && key != "cost_per_million_tokens_usd" {
                #expect((ours[key] as? NSObject)?.isEqual(theirs[key]) == true, "\(name) \(ours["gpu"] ?? "?") \(key)")
            }
            // Costs agree wherever the option fits (both write null where no price is known); a report
            // gives no cost to an option that does not fit.
            if ours["fits"] as? Bool == true {
                for key in ["cost_per_hour_usd", "cost_per_million_tokens_usd"] {
                    #expect((ours[key] as? NSObject)?.isEqual(theirs[key]) == true, "\(name) \(ours["gpu"] ?? "?") \(key)")
                }
            }
            #expect(ours["meets_targets"] is Bool)
            #expect(ours["failed_targets"] is [String])
        }
        #expect(json["prices_as_of"] as? String == prices.asOf)
        for key in ["recommendation", "what_ifs", "assumptions", "findings", "memory_curves", "project", "slug"] {
            #expect(json[key] != nil, "missing \(key)")
        }
    }

    @Test(arguments: examples)
    func recommendationIsTheCheapestOptionMeetingEveryTarget(_ name: String) throws {
        let (catalog, prices) = try ReportFixtures.shipped()
        let report = try ReportFixtures.report(ReportFixtures.path("Content/projects/\(name).yaml"), catalog: catalog, prices: prices)
        let meeting = report.options.filter(\.meetsTargets)
        let targets = report.project.targets
        for option in meeting.map(\.deployment) {
            #expect(option.fits)
            if let ttft = targets.ttftSeconds { #expect(option.performance.timeToFirstTokenSeconds <= ttft) }
            if let speed = targets.tokensPerSecondPerUser { #expect(option.performance.decodeTokensPerSecondPerUser >= speed) }
        }
        for option in report.options where !option.meetsTargets { #expect(!option.failedTargets.isEmpty) }
        if let cheapest = meeting.filter({ $0.cost != nil }).min(by: { $0.cost!.usdPerMonth < $1.cost!.usdPerMonth }) {
            #expect(report.recommendation.kind == .meetsTargets)
            #expect(report.recommendation.gpu == cheapest.deployment.gpu.id)
        } else if meeting.isEmpty {
            #expect(report.recommendation.kind != .meetsTargets)
            #expect(!report.recommendation.fixes.isEmpty)
        }
        // What-ifs: every planned precision row plus 2× and 0.5× users.
        #expect(report.whatIfs.users.map(\.users) == [report.project.users * 2, max(1, report.project.users / 2)])
        #expect(report.whatIfs.precisions.contains { $0.precision == report.project.precision })
    }

    @Test func supportAssistantMemoryFollowsTheModelConfig() throws {
        let (catalog, prices) = try ReportFixtures.shipped()
        let report = try ReportFixtures.report(ReportFixtures.path("Content/projects/support-assistant.yaml"), catalog: catalog, prices: prices)
        // Llama 3.1 70B at FP8 or INT8 (one byte per layer weight, embedding and head in BF16): vLLM's load log
        // for the INT8 checkpoint reports 67.72 GiB of weights.
        #expect(abs(Double(report.memory.weightsBytes) / (67.72 * 1_073_741_824) - 1) < 0.001)
        // config.json: 80 layers, 8 key/value heads, head_dim 128; K and V at FP8 (1 byte):
        // 2 × 80 × 8 × 128 × 1 = 163,840 bytes per token; × 8,192 tokens × 50 users.
        #expect(report.memory.kvCacheBytesPerToken == 163_840)
        #expect(report.memory.kvCacheBytes == 163_840 * 8_192 * 50)
        #expect(report.slug == "support-assistant")
        #expect(report.project.hardware == ["h100-sxm", "h200", "b200", "mi300x"])
    }

    @Test func reportOnAFolderWritesEveryProjectThreeTimes() throws {
        let (catalog, prices) = try ReportFixtures.shipped()
        let output = try ReportFixtures.scratchFolder("folder")
        let written = try ProjectReports.run(path: ReportFixtures.path("Content/projects"), outputDirectory: output,
                                             catalog: catalog, prices: prices, templates: ReportFixtures.templates)
        #expect(written.map(\.slug) == Self.examples.sorted())
        // `.infrabook/` holds the published reports (the entries link into it), as a build's output folder does.
        let files = try FileManager.default.contentsOfDirectory(atPath: output).sorted().filter { !$0.hasPrefix(".") }
        #expect(files == Self.examples.sorted().flatMap { ["\($0).html", "\($0).json", "\($0).md"] })
    }

    @Test func reportingOneProjectKeepsTheOthersAndPublishesUnderTheLock() throws {
        // Before: reports were written straight into the folder, with no lock and no marker.
        let (catalog, prices) = try ReportFixtures.shipped()
        let output = try ReportFixtures.scratchFolder("again")
        _ = try ProjectReports.run(path: ReportFixtures.path("Content/projects"), outputDirectory: output, catalog: catalog, prices: prices, templates: ReportFixtures.templates)
        let one = Self.examples.sorted()[0]
        _ = try ProjectReports.run(path: ReportFixtures.path("Content/projects/\(one).yaml"), outputDirectory: output,
                                   catalog: catalog, prices: prices, templates: ReportFixtures.templates)
        for name in Self.examples {
            #expect(FileManager.default.fileExists(atPath: output + "/\(name).html"), "\(name).html was lost")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: output + "/\(one).json") == ".infrabook/current/\(one).json")
        #expect(FileManager.default.fileExists(atPath: output + "/.infrabook/owner"))
    }

    @Test func aReportNeverReplacesAFileInfrabookDidNotWrite() throws {
        let (catalog, prices) = try ReportFixtures.shipped()
        let output = try ReportFixtures.scratchFolder("theirs")
        let one = Self.examples.sorted()[0]
        try "my notes".write(toFile: output + "/\(one).md", atomically: true, encoding: .utf8)
        do {
            _ = try ProjectReports.run(path: ReportFixtures.path("Content/projects/\(one).yaml"), outputDirectory: output,
                                       catalog: catalog, prices: prices, templates: ReportFixtures.templates)
            Issue.record("a user's \(one).md must not be replaced")
        } catch {
            #expect(error.items.first?.location == SourceLocation(file: output, line: 1, column: 1))
            #expect(error.items.first?.message.hasPrefix("the output folder already holds '\(one).md' and is not infrabook's") == true)
        }
        #expect(try String(contentsOfFile: output + "/\(one).md", encoding: .utf8) == "my notes")
        // Reports an earlier version wrote into an output folder's reports/ are infrabook's: they are replaced.
        let book = try ReportFixtures.scratchFolder("upgraded")
        try FileManager.default.createDirectory(atPath: book + "/.infrabook", withIntermediateDirectories: true)
        try "".write(toFile: book + "/.infrabook/owner", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: book + "/reports", withIntermediateDirectories: true)
        try "old".write(toFile: book + "/reports/\(one).md", atomically: true, encoding: .utf8)
        _ = try ProjectReports.run(path: ReportFixtures.path("Content/projects/\(one).yaml"), outputDirectory: book + "/reports",
                                   catalog: catalog, prices: prices, templates: ReportFixtures.templates)
        #expect(try String(contentsOfFile: book + "/reports/\(one).md", encoding: .utf8) != "old")
        // Before: an empty --output wrote the reports and .infrabook/ into the current folder.
        #expect(throws: Diagnostics.self) {
            _ = try ProjectReports.run(path: ReportFixtures.path("Content/projects/\(one).yaml"), outputDirectory: "",
                                       catalog: catalog, prices: prices, templates: ReportFixtures.templates)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: output) == ["\(one).md"])
    }
}

/// Bad project files: every problem at its line and column, exit status 1, nothing written.
@Suite struct ReportErrorTests {
    @Test func everyProblemInAFileIsReportedWithItsPosition() throws {
        let (catalog, prices) = try ReportFixtures.frozen()
        let output = try ReportFixtures.scratchFolder("bad")
        let file = ReportFixtures.fixtures.appendingPathComponent("bad/typos.yaml").path
        do {
            _ = try ProjectReports.run(path: file, outputDirectory: output, catalog: catalog, prices: prices, templates: ReportFixtures.templates)
            Issue.record("a bad project file must be refused")
        } catch {
            let found = error.items.sorted { $0.location < $1.location }
            #expect(found.map { "\($0.location.line):\($0.location.column)" } == ["2:8", "4:8", "7:3", "8:23", "9:12", "11:14"])
            #expect(found.allSatisfy { $0.location.file == file && $0.severity == .error })
            #expect(found[0].message.hasPrefix("unknown model 'llama-3.1-7b'; did you mean 'llama-3.1-70b'"))
            #expect(found[1].message == "'users' must be greater than zero, found '-3'")
            #expect(found[2].message == "unknown key 'ttft_second' in 'targets'; did you mean 'ttft_seconds'?")
            #expect(found[3].message == "'budget_usd_per_month' must be greater than zero, found '0'")
            #expect(found[4].message.hasPrefix("unknown GPU 'h100'; did you mean 'h100-sxm'"))
            #expect(found[5].message.contains("greater than 0 and at most 1 (or a percentage such as 50%), found '1.5'"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).isEmpty)
    }

    @Test func aFolderWithOneBadFileWritesNoReportAtAll() throws {
        let (catalog, prices) = try ReportFixtures.frozen()
        let projects = try ReportFixtures.scratchFolder("mixed-in")
        let output = try ReportFixtures.scratchFolder("mixed-out")
        try FileManager.default.copyItem(atPath: ReportFixtures.fixtures.appendingPathComponent("projects/support-assistant.yaml").path,
                                         toPath: projects + "/good.yaml")
        try "model: llama-3.1-70b\nprecision: fp9\nusers: 1\ncontext: 8K\n".write(toFile: projects + "/bad.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try ProjectReports.run(path: projects, outputDirectory: output, catalog: catalog, prices: prices, templates: ReportFixtures.templates)
            Issue.record("a folder with a bad project file must be refused")
        } catch {
            #expect(error.items.count == 1)
            #expect(error.items.first?.description.hasPrefix("\(projects)/bad.yaml:2:12: error: unknown precision 'fp9'; did you mean 'fp8'") == true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).isEmpty)
    }

    @Test func contextBeyondTheModelIsReportedAtTheContextKey() throws {
        let (catalog, prices) = try ReportFixtures.frozen()
        // Llama 3.1 config.json: max_position_embeddings 131,072; 256K is twice that.
        let text = "model: llama-3.1-70b\nprecision: fp8\nusers: 1\ncontext: 256K\nprompt_tokens: 1K\n"
        do {
            _ = try ProjectReports.report(text: text, file: "long.yaml", catalog: catalog, prices: prices)
            Issue.record("a context beyond the model's maximum must be refused")
        } catch {
            #expect(error.items.count == 1)
            #expect(error.items.first?.location == SourceLocation(file: "long.yaml", line: 4, column: 10))
            #expect(error.items.first?.message.contains("exceeds") == true)
        }
    }

    @Test func targetsNoHardwareCanMeetAreAFindingNotAnError() throws {
        let (catalog, prices) = try ReportFixtures.frozen()
        let file = ReportFixtures.fixtures.appendingPathComponent("unreachable/impossible-latency.yaml").path
        let report = try ReportFixtures.report(file, catalog: catalog, prices: prices)
        #expect(report.recommendation.kind == .nearestMiss)
        #expect(report.options.allSatisfy { !$0.meetsTargets })
        #expect(report.findings.contains { $0.hasPrefix("No candidate reaches the time-to-first-token target of 50 ms") })
        #expect(report.findings.contains { $0.hasPrefix("No candidate reaches 500 tokens/s per user") })
        // Each fix is a recomputation: FP8 weights (the next smaller format), 2 and 4 replicas, half the context.
        #expect(report.recommendation.fixes.map(\.change) == ["precision", "gpus", "gpus", "context"])
        #expect(report.markdown().contains("No candidate meets every target"))
    }

    @Test func slugsComeFromTheFileName() {
        #expect(ProjectReports.slug(forFile: "Content/projects/Support Assistant (v2).yaml") == "support-assistant-v2")
        #expect(ProjectReports.slug(forFile: "x/__.yml") == "project")
    }
}

/// The written forms: a golden Markdown report, self-contained HTML, deterministic JSON.
///
/// The golden is `Tests/Fixtures/reports/support-assistant.md`, computed from the frozen catalog and
/// prices under `Tests/Fixtures/reports/data`. After an intended change, regenerate it with
/// `UPDATE_GOLDEN=1 swift test --filter ReportOutputTests` and review the diff.
@Suite struct ReportOutputTests {
    func goldenReport() throws -> SizingReport {
        let (catalog, prices) = try ReportFixtures.frozen()
        // A relative file name, so the golden does not depend on where the repository is checked out.
        let text = try String(contentsOf: ReportFixtures.fixtures.appendingPathComponent("projects/support-assistant.yaml"), encoding: .utf8)
        // A fixed build day, as SOURCE_DATE_EPOCH fixes it for `infrabook report`, so prices' ages do not move the golden.
        return try ProjectReports.report(text: text, file: "projects/support-assistant.yaml", catalog: catalog, prices: prices,
                                         today: "2026-12-05")
    }

    @Test func markdownMatchesTheGolden() throws {
        let markdown = try goldenReport().markdown()
        let golden = ReportFixtures.fixtures.appendingPathComponent("support-assistant.md")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try markdown.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(markdown == expected, "the Markdown report changed; if intended, rerun with UPDATE_GOLDEN=1 and review the diff")
    }

    /// The report's stylesheet is the template folder's assets/report.css, inlined whole; the site
    /// copies every other asset but not that one, which no page links.
    @Test func stylesheetComesFromTheTemplatesFolderAndStaysOutOfTheSite() throws {
        let html = try goldenReport().html(templates: ReportFixtures.templates)
        let css = try String(contentsOfFile: ReportFixtures.path("Templates/assets/report.css"), encoding: .utf8)
        #expect(html.contains("<style>\n" + css + "</style>"))
        let assets = try TemplateSet(directory: ReportFixtures.repository.appendingPathComponent("Templates")).assetFiles()
        #expect(assets.contains("assets/style.css") && !assets.contains("assets/report.css"))
    }

    @Test func htmlIsSelfContained() throws {
        let html = try goldenReport().html(templates: ReportFixtures.templates)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<style>") && html.contains("@media print") && html.contains("prefers-color-scheme: dark"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        for forbidden in ["<script", "<link", " src=", "href=\"http", "url(", "@import"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        // The recommendation is stated once, in its own section, as the verdict.
        let report = try goldenReport()
        #expect(html.components(separatedBy: HTMLText.escape(report.recommendation.summary)).count - 1 == 1)
        #expect(html.contains("<section id=\"recommendation\">\n<h2>Recommendation</h2>\n<p class=\"verdict"))
    }

    @Test func jsonIsDeterministicWithSortedKeys() throws {
        let first = try goldenReport().json()
        #expect(first == (try goldenReport().json()))
        // The top-level keys appear in sorted order.
        let keys = first.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
        #expect(keys.contains("buy_versus_rent") && keys.contains("what_ifs"))
    }

    /// The frozen prices (Tests/Fixtures/reports/data/prices.yaml) are dated by their sources'
    /// `published` days: H100 SXM 2026-05-18 (Cliff Center note), H200 2026-03-17 (Spheron), A100
    /// 2026-05-01 (Mercatus). On 2026-12-05 all three are past the 180-day limit `prices check` warns
    /// at, and every written form says so with the words the pages use; on 2026-06-01 none is.
    @Test func stalePricesAreMarkedInEveryForm() throws {
        let (catalog, prices) = try ReportFixtures.frozen()
        let text = try String(contentsOf: ReportFixtures.fixtures.appendingPathComponent("projects/support-assistant.yaml"), encoding: .utf8)
        let stale = try ProjectReports.report(text: text, file: "p.yaml", catalog: catalog, prices: prices, today: "2026-12-05")
        let markdown = stale.markdown(), html = stale.html(templates: ReportFixtures.templates)
        for dated in ["2026-05-18 (201 days old, stale)", "2026-03-17 (263 days old, stale)", "2026-05-01 (218 days old, stale)"] {
            #expect(markdown.contains("| \(dated) |"), "cost table row dated \(dated)")
            #expect(html.contains(dated))
        }
        let finding = try #require(stale.findings.first { $0.hasPrefix("Some figures rest on stale prices, older than 180 days: ") })
        #expect(finding.contains("gpu price h100-sxm dated 2026-05-18 (201 days old, stale)"))
        let options = try #require(try ReportFixtures.json(try stale.json())["options"] as? [[String: Any]])
        let ages = Dictionary(uniqueKeysWithValues: options.map { ($0["gpu"] as? String ?? "", $0["price_age_days"] as? Int) })
        #expect(ages == ["h100-sxm": 201, "h200": 263, "a100-80gb": 218])
        #expect(options.allSatisfy { $0["price_stale"] as? Bool == true })
        #expect(options.first { $0["gpu"] as? String == "h200" }?["price_date"] as? String == "2026-03-17")

        let fresh = try ProjectReports.report(text: text, file: "p.yaml", catalog: catalog, prices: prices, today: "2026-06-01")
        #expect(fresh.markdown().contains("| 2026-05-18 (14 days old) |"))
        let freshOptions = try #require(try ReportFixtures.json(try fresh.json())["options"] as? [[String: Any]])
        #expect(freshOptions.allSatisfy { $0["price_stale"] as? Bool == false })
        #expect(!fresh.findings.contains { $0.contains("gpu price") })
    }

    /// GPUs are named as the catalog names them (Tests/Fixtures/reports/data/gpus.yaml), durations in
    /// the one style, while the JSON keeps ids and seconds.
    @Test func textUsesDisplayNamesAndOneDurationStyle() throws {
        let report = try goldenReport()
        let (catalog, _) = try ReportFixtures.frozen()
        let markdown = report.markdown()
        for option in report.options.map(\.deployment) {
            let name = try #require(catalog.displayName(option.gpu.id))
            #expect(name != option.gpu.id)
            #expect(markdown.contains("| \(name) |"))
            // The id stays only where a reader types it (the assumptions table), not in the options' rows.
            #expect(!markdown.contains("| \(option.gpu.id) | \(option.gpuCount) × "))
            #expect(markdown.contains(Basics.NumberText.duration(option.performance.timeToFirstTokenSeconds)))
        }
        #expect(!markdown.contains("(ms)") && !markdown.contains("TTFT (s)"))
        let json = try ReportFixtures.json(try report.json())
        let options = try #require(json["options"] as? [[String: Any]])
        #expect(options.map { $0["gpu"] as? String } == report.options.map(\.deployment.gpu.id))
        #expect(options.allSatisfy { $0["ttft_seconds"] is Double })
    }

    @Test func projectTextCannotInjectMarkup() throws {
        let (catalog, prices) = try ReportFixtures.frozen()
        let text = "name: \"<script>alert(1)</script> | *x*\"\nmodel: llama-3.1-8b\nprecision: bf16\nusers: 1\ncontext: 4K\n"
        let report = try ProjectReports.report(text: text, file: "evil.yaml", catalog: catalog, prices: prices)
        #expect(!report.html(templates: ReportFixtures.templates).contains("<script>alert"))
        #expect(report.markdown().hasPrefix("# Sizing report: \\<script\\>alert(1)\\</script\\> \\| \\*x\\*\n"))
    }
}
