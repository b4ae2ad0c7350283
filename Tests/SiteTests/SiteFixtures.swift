import Foundation
import MarkdownKit
@testable import Site

/// Small books built in memory for the site tests: pages parsed straight from Markdown (no evaluation),
/// rendered with the repository's real templates.
enum SiteFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = repository.appendingPathComponent("Templates")

    static func page(_ path: String, _ markdown: String, title: String? = nil, order: Double? = nil,
                     allowHTML: Bool = false, inlines: [SitePage.Inline] = []) -> SitePage {
        SitePage(path: path, file: "pages/" + path, title: title ?? path, order: order, allowHTML: allowHTML,
                 tree: Markdown.parse(markdown), inlines: inlines)
    }

    static func render(_ pages: [SitePage], values: [ValueRecord] = [], previous: [ValueRecord]? = nil) throws -> RenderedSite {
        try SiteBuilder(pages: pages, values: values, templatesDirectory: templates).render(previousValues: previous)
    }

    /// A fresh empty folder under the system's temporary folder.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("infrabook-site-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
