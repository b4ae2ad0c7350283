import Basics
import Foundation
import MarkdownKit

/// Renders a whole book in memory: one HTML page per Markdown page, the home page with the map of
/// the knowledge base, the whole-book print page, the search index, the Markdown edition,
/// `values.json` and the changes report. Nothing here touches the output folder; `SiteWriter` does.
///
/// Links are checked here: a broken link or anchor is an error at its `path:line:column`. Pages are
/// rendered on all cores; the result does not depend on scheduling.
package struct SiteBuilder: Sendable {
    package var pages: [SitePage]
    package var values: [ValueRecord]
    /// The folder holding the Mustache templates and `assets/`.
    package var templatesDirectory: URL
    /// The name in the top bar; the home page's title when there is no `index.md`.
    package var siteTitle: String
    /// The footer's build date, version, commit, page dates and edit links (none by default).
    package var stamp = BuildStamp()

    package init(pages: [SitePage], values: [ValueRecord], templatesDirectory: URL, siteTitle: String = "infrabook") {
        self.pages = pages
        self.values = values
        self.templatesDirectory = templatesDirectory
        self.siteTitle = siteTitle
    }

    /// Renders everything. `previousValues` is the last build's `values.json` (nil when there is none)
    /// for the changes report. Throws every broken link and template problem together.
    package func render(previousValues: [ValueRecord]?) throws(Diagnostics) -> RenderedSite {
        try render(previousValues: previousValues, streamingTo: nil)
    }

    /// Renders everything; when `staged` is given, each page's HTML and Markdown are written into it
    /// as soon as they are rendered (overlapping disk writes with rendering) instead of being returned
    /// in `files`. Write failures come back in `writeFailures`.
    func render(previousValues: [ValueRecord]?, streamingTo staged: StagedOutput?) throws(Diagnostics) -> RenderedSite {
        let templates = try TemplateSet(directory: templatesDirectory)
        let ordered = pages.sorted { ($0.order ?? .infinity, $0.path) < ($1.order ?? .infinity, $1.path) }
        let home = ordered.first { $0.path == "index.md" }
        let rest = ordered.filter { $0.path != "index.md" }

        // Anchors of every page (headings and block ids), for link checking.
        let pageAnchors = Parallel.map(ordered) { page -> Set<String> in
            let inlineTexts = page.inlines.map(\.text)
            let headings = HeadingAnchors.collect(in: page.tree) { $0 < inlineTexts.count ? inlineTexts[$0] : "" }
            return Set(headings.map(\.slug)).union(page.blocks.compactMap(\.id))
        }
        let links = LinkChecker(anchors: Dictionary(uniqueKeysWithValues: zip(ordered.map(\.path), pageAnchors)))
        var diagnostics: [Diagnostic] = []
        var backlinks: [String: Set<String>] = [:]
        for (page, checked) in zip(ordered, Parallel.map(ordered) { links.check($0) }) {
            diagnostics += checked.diagnostics
            for target in checked.linkedPages { backlinks[target, default: []].insert(page.path) }
        }
        if diagnostics.hasErrors { throw Diagnostics(diagnostics) }

        let glossary = ordered.first { $0.path == Glossary.pagePath }.map { page in
            Glossary(glossaryTree: page.tree, anchors: HeadingAnchors.collect(in: page.tree))
        }
        let navigation = Navigation(home: home, pages: rest, siteTitle: siteTitle)
        let context = RenderContext(templates: templates, navigation: navigation, links: links, glossary: glossary,
                                    backlinks: backlinks, siteTitle: siteTitle, stamp: stamp)

        // Each page on its own core: HTML, Markdown, search text, print body.
        var writeFailures: [String] = []
        let rendered = Parallel.map(navigation.sequence) { page -> (page: RenderedPage, failure: String?) in
            var result = context.render(page)
            guard let staged else { return (result, nil) }
            do {
                try staged.write(result.html, to: "site/" + result.htmlPath)
                try staged.write(result.markdown, to: "markdown/" + result.markdownPath)
            } catch {
                return (result, "\(result.htmlPath): \(error)")
            }
            result.html = ""
            result.markdown = ""
            return (result, nil)
        }.map { (page, failure) -> RenderedPage in
            if let failure { writeFailures.append(failure) }
            return page
        }

        var files: [String: String] = [:]
        if staged == nil {
            for page in rendered {
                files["site/" + page.htmlPath] = page.html
                files["markdown/" + page.markdownPath] = page.markdown
            }
        }
        if home == nil {
            files["site/index.html"] = context.renderGeneratedHome()
        }
        // The whole-book page, the search index and the values files are independent: build them side by side.
        let sortedValues = values.sorted(by: ValueRecord.ordered)
        let changes = ChangesReport(previous: previousValues, current: sortedValues)
        let tail: [TailFile] = [.print, .search, .values, .changesMarkdown, .changesPage]
        let tailFiles = Parallel.map(tail) { file -> (String, String) in
            switch file {
            case .print: return ("site/" + SitePath.printPage, context.renderPrintBook(rendered))
            case .search:
                let documents = rendered.map { SearchIndex.Document(href: $0.htmlPath, title: $0.title, headings: $0.headings, text: $0.searchText,
                                                                  sections: $0.searchSections.map { ($0.offset, $0.anchor) }) }
                return ("site/search-index.js", SearchIndex(documents: documents).javaScript())
            case .values: return ("values.json", ValuesFile.json(sortedValues))
            case .changesMarkdown: return ("changes.md", changes.markdown())
            case .changesPage: return ("site/" + SitePath.changesPage, context.renderChanges(changes))
            }
        }
        for (path, contents) in tailFiles { files[path] = contents }

        let assets = templates.assetFiles().map { (source: templatesDirectory.appendingPathComponent($0), path: "site/" + $0) }
        return RenderedSite(files: files, assets: assets, pageCount: rendered.count, changes: changes, writeFailures: writeFailures)
    }
}

/// The files written once per book, after its pages.
private enum TailFile: Sendable {
    case print, search, values, changesMarkdown, changesPage
}

/// A rendered book, in memory: output files by path relative to the output folder, and the template
/// assets to copy.
package struct RenderedSite: Sendable {
    package var files: [String: String]
    package var assets: [(source: URL, path: String)]
    package var pageCount: Int
    package var changes: ChangesReport
    /// Pages that could not be written while streaming into the output (empty when rendering in memory).
    package var writeFailures: [String] = []
}
