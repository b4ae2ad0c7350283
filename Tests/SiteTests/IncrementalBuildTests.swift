import Catalog
import Foundation
import Literate
@testable import Site
import Testing

/// A book rebuilt through one `EvaluationCache` evaluates only the pages a change can move, and writes
/// exactly the bytes a build from nothing writes: after each edit of a sequence (a page's text, the
/// prices, a page deleted, renamed, broken and fixed, a template), the output folder of the incremental
/// build equals that of a fresh full build file for file and byte for byte.
@Suite struct IncrementalBuildTests {
    static let data = SiteFixtures.repository.appendingPathComponent("Tests/Fixtures/site/data").path

    /// A small book in a temporary folder: a page that reads the catalog, one that reads the prices,
    /// and two in plain prose.
    struct Book {
        let root = SiteFixtures.temporaryDirectory()
        var pages: URL { root.appendingPathComponent("content/pages") }
        var templates: URL { root.appendingPathComponent("templates") }
        let cache = EvaluationCache()

        init() throws {
            try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: SiteFixtures.templates, to: templates)
            try write("index.md", "---\ntitle: Home\n---\n\n# Home\n\nSee [weights](weights.md) and [prices](price.md).\n")
            // Llama 3.1 8B's config.json: 8,030,261,248 parameters; BF16 is 2 bytes each.
            try write("weights.md", "---\ntitle: Weights\norder: 1\n---\n\n# Weights\n\nLlama 3.1 8B at BF16: `{= weights(llama-3.1-8b, bf16) | GB}`.\n")
            try write("price.md", "---\ntitle: Price\norder: 2\n---\n\n# Price\n\nAn H100 on demand: `{= gpu_price(h100-sxm, on_demand) | usd}` an hour.\n")
            try write("prose.md", "---\ntitle: Prose\norder: 3\n---\n\n# Prose\n\nNo numbers here.\n")
        }

        func write(_ page: String, _ text: String) throws {
            try Data(text.utf8).write(to: pages.appendingPathComponent(page))
        }

        func remove() { try? FileManager.default.removeItem(at: root) }

        static func context(prices: PriceList) throws -> EvaluationContext {
            EvaluationContext(catalog: try DataCatalog.load(directory: data), prices: prices, today: "2026-11-29")
        }

        static func prices(hourly: String? = nil) throws -> PriceList {
            var text = try String(contentsOfFile: data + "/prices.yaml", encoding: .utf8)
            if let hourly { text = text.replacingOccurrences(of: "on_demand: { price: 2.99,", with: "on_demand: { price: \(hourly),") }
            return try PriceList.parse(text, file: data + "/prices.yaml")
        }

        /// Builds into `output` through `cache` (or a fresh one), returning every file written by path.
        func build(into output: String, context: EvaluationContext, cache: EvaluationCache?) throws(Site.Book.Failure) -> [String: Data] {
            let target = root.appendingPathComponent(output)
            try? FileManager.default.removeItem(at: target)
            let options = Site.Book.Options(pagesDirectory: pages.path, outputDirectory: target.path, templatesDirectory: templates.path)
            _ = try Site.Book.build(options, context: context, cache: cache)
            return Self.files(in: target)
        }

        static func files(in directory: URL) -> [String: Data] {
            var files: [String: Data] = [:]
            for top in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where !top.hasPrefix(".") {
                let root = directory.appendingPathComponent(top).resolvingSymlinksInPath()
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory)
                guard isDirectory.boolValue else { files[top] = try? Data(contentsOf: root); continue }
                for case let path as String in FileManager.default.enumerator(atPath: root.path)! {
                    let file = root.appendingPathComponent(path)
                    if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                        files[top + "/" + path] = try? Data(contentsOf: file)
                    }
                }
            }
            return files
        }

        /// Builds incrementally and from nothing; they must agree byte for byte. Returns what the
        /// incremental build evaluated.
        func rebuildMatchesAFullBuild(_ context: EvaluationContext, _ step: String) throws -> [String] {
            let incremental = try build(into: "served", context: context, cache: cache)
            let evaluated = cache.lastEvaluated
            let full = try build(into: "full", context: context, cache: nil)
            #expect(incremental.keys.sorted() == full.keys.sorted(), "\(step): different files")
            for (path, data) in full where incremental[path] != data { Issue.record("\(step): \(path) differs from a full build") }
            #expect(full.keys.contains("site/search-index.js"), "\(step)")
            return evaluated
        }
    }

    @Test func eachPageRecordsWhatItsEvaluationRead() throws {
        let book = try Book()
        defer { book.remove() }
        _ = try book.build(into: "out", context: try Book.context(prices: try Book.prices()), cache: book.cache)
        let file = { (page: String) in book.pages.appendingPathComponent(page).path }
        #expect(book.cache.reads(of: file("weights.md"))?.sources == [.catalog])
        #expect(book.cache.reads(of: file("price.md"))?.sources.contains(.prices) == true)
        #expect(book.cache.reads(of: file("price.md"))?.sources.contains(.benchmark) == false)
        #expect(book.cache.reads(of: file("prose.md"))?.sources == [])
        #expect(book.cache.reads(of: file("prose.md"))?.files == [])
        #expect(book.cache.lastEvaluated == ["index.md", "price.md", "prose.md", "weights.md"])
    }

    @Test func aModelPathOnAPageIsAFileDependency() throws {
        let book = try Book()
        defer { book.remove() }
        let model = book.root.appendingPathComponent("content/local.json")
        // DeepSeek-R1-Distill-Llama-8B's published config.json (32 layers, 8 KV heads), as a file beside the pages.
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.data + "/models/deepseek-r1-distill-llama-8b.json"), to: model)
        try book.write("file.md", "---\ntitle: File\n---\n\n```{kv-cache id=kv}\nmodel: local.json\ncontext: 8K\nusers: 1\n```\n")
        let context = try Book.context(prices: try Book.prices())
        #expect(try book.rebuildMatchesAFullBuild(context, "first").count == 5)
        #expect(book.cache.reads(of: book.pages.appendingPathComponent("file.md").path)?.files.contains(model.path) == true)
        #expect(try book.rebuildMatchesAFullBuild(context, "unchanged") == [])
        var config = try String(contentsOf: model, encoding: .utf8)
        config = config.replacingOccurrences(of: "\"num_hidden_layers\": 32", with: "\"num_hidden_layers\": 16")
        try Data(config.utf8).write(to: model)
        #expect(try book.rebuildMatchesAFullBuild(context, "model file edited") == ["file.md"])
    }

    @Test func aSequenceOfEditsRebuildsOnlyWhatTheyTouchAndMatchesAFullBuild() throws {
        let book = try Book()
        defer { book.remove() }
        let prices = try Book.prices()
        var context = try Book.context(prices: prices)
        #expect(try book.rebuildMatchesAFullBuild(context, "first build").count == 4)
        #expect(try book.rebuildMatchesAFullBuild(context, "nothing changed") == [])

        try book.write("prose.md", "---\ntitle: Prose\norder: 3\n---\n\n# Prose\n\nStill no numbers.\n")
        #expect(try book.rebuildMatchesAFullBuild(context, "one page edited") == ["prose.md"])

        // The catalog and prices read again from the same files are the same data: nothing to evaluate.
        context = try Book.context(prices: try Book.prices())
        #expect(try book.rebuildMatchesAFullBuild(context, "data reloaded unchanged") == [])

        // A new H100 price moves only the page that read the prices.
        context = try Book.context(prices: try Book.prices(hourly: "9.99"))
        #expect(try book.rebuildMatchesAFullBuild(context, "price changed") == ["price.md"])
        let priced = try String(contentsOf: book.root.appendingPathComponent("served/site/price.html"), encoding: .utf8)
        #expect(priced.contains("$9.99"))

        // A prices file that fails to load leaves no prices: the page reading them fails as in a full
        // build, and is evaluated again once the file loads.
        let broken = EvaluationContext(catalog: context.catalog, prices: nil, today: context.today)
        #expect(throws: Site.Book.Failure.self) { try book.build(into: "served", context: broken, cache: book.cache) }
        #expect(book.cache.lastEvaluated == ["price.md"])
        #expect(try book.rebuildMatchesAFullBuild(context, "prices loaded again") == ["price.md"])

        // A new title changes every page's navigation but evaluates only the retitled page.
        try book.write("weights.md", "---\ntitle: Weights of models\norder: 1\n---\n\n# Weights\n\nLlama 3.1 8B at BF16: `{= weights(llama-3.1-8b, bf16) | GB}`.\n")
        #expect(try book.rebuildMatchesAFullBuild(context, "title changed") == ["weights.md"])
        let home = try String(contentsOf: book.root.appendingPathComponent("served/site/prose.html"), encoding: .utf8)
        #expect(home.contains("Weights of models"))

        // Renamed: the new name is evaluated, the old one is gone from the output.
        try FileManager.default.moveItem(at: book.pages.appendingPathComponent("prose.md"), to: book.pages.appendingPathComponent("words.md"))
        #expect(try book.rebuildMatchesAFullBuild(context, "page renamed") == ["words.md"])
        #expect(!FileManager.default.fileExists(atPath: book.root.appendingPathComponent("served/site/prose.html").path))

        // Broken, then fixed: the broken build fails as a full one does, the fix builds again.
        try book.write("words.md", "---\ntitle: Words\n---\n\n`{= weights(llama-3.1-8b, bf17) | GB}`\n")
        #expect(throws: Site.Book.Failure.self) { try book.build(into: "served", context: context, cache: book.cache) }
        try book.write("words.md", "---\ntitle: Words\n---\n\nFixed.\n")
        #expect(try book.rebuildMatchesAFullBuild(context, "page fixed") == ["words.md"])

        // Deleted.
        try FileManager.default.removeItem(at: book.pages.appendingPathComponent("words.md"))
        #expect(try book.rebuildMatchesAFullBuild(context, "page deleted") == [])

        // A template edit re-renders every page without evaluating any.
        let layout = book.templates.appendingPathComponent("layout.mustache")
        let text = try String(contentsOf: layout, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "</body>", with: "<!-- edited -->\n</body>").utf8).write(to: layout)
        #expect(try book.rebuildMatchesAFullBuild(context, "template edited") == [])
        #expect(try String(contentsOf: book.root.appendingPathComponent("served/site/index.html"), encoding: .utf8).contains("<!-- edited -->"))
    }
}
