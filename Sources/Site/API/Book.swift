import Basics
import Foundation
import Literate
import MarkdownKit

/// The whole build of a book, from a pages folder to the output folder: load and evaluate the pages
/// (on all cores), collect every diagnostic, render the site and the Markdown edition, and write them
/// through a staging folder. `infrabook build` and `infrabook check` are thin calls into this.
///
/// Never prints; problems come back as one `Book.Failure` holding all of them.
package enum Book {
    /// What to build and where.
    package struct Options: Sendable {
        /// The folder of Markdown pages (`Content/pages`).
        package var pagesDirectory: String
        /// Where `site/`, `markdown/`, `values.json` and `changes.md` go; nil to write nothing (`check`).
        package var outputDirectory: String?
        /// The Mustache templates and `assets/` (`Templates/`).
        package var templatesDirectory: String
        /// Fail on warnings too.
        package var strict: Bool
        /// What the pages' footers say about the build.
        package var stamp = BuildStamp()
        /// The content folder (`Content`), which the output folder may neither be inside nor contain;
        /// by default the folder holding `pagesDirectory`.
        package var contentDirectory: String

        package init(pagesDirectory: String, outputDirectory: String?, templatesDirectory: String, strict: Bool = false,
                    contentDirectory: String? = nil) {
            self.pagesDirectory = pagesDirectory
            self.outputDirectory = outputDirectory
            self.templatesDirectory = templatesDirectory
            self.strict = strict
            self.contentDirectory = contentDirectory ?? (pagesDirectory.hasSuffix("/") ? String(pagesDirectory.dropLast()) : pagesDirectory)
                .split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            if self.contentDirectory.isEmpty { self.contentDirectory = pagesDirectory.hasPrefix("/") ? "/" : "." }
        }
    }

    /// What a successful build did.
    package struct Summary: Sendable {
        package var pageCount: Int
        package var valueCount: Int
        package var warnings: [Diagnostic]
        /// What moved since the previous build (nil for `check`, which compares nothing).
        package var changes: ChangesReport?
        /// Wall-clock seconds of each phase, in order (`load`, `evaluate`, `render and write`).
        package var phaseSeconds: [(phase: String, seconds: Double)]
    }

    /// Every problem that stopped the build, with the text of each file they point into (for carets).
    package struct Failure: Error, Sendable {
        package var diagnostics: [Diagnostic]
        package var sources: [String: String]
    }

    /// Builds the book. `earlier` holds problems found while loading data (reported with the pages').
    /// Pages are evaluated through `cache`: given the one from the last build of the same book, only the
    /// pages a change can move are evaluated again (`infrabook serve`); nil evaluates every page.
    package static func build(_ options: Options, context: EvaluationContext, earlier: [Diagnostic] = [],
                             cache: EvaluationCache? = nil) throws(Failure) -> Summary {
        var phases: [(phase: String, seconds: Double)] = []
        let clock = ContinuousClock()
        var phaseStart = clock.now
        func endPhase(_ name: String) {
            let now = clock.now
            phases.append((name, (now - phaseStart) / .seconds(1)))
            phaseStart = now
        }
        if let output = options.outputDirectory,
           let problem = StagedOutput.placementProblem(output: output, content: options.contentDirectory) {
            throw Failure(diagnostics: [.error(at: SourceLocation(file: output.isEmpty ? "--output" : output, line: 1, column: 1), problem)], sources: [:])
        }
        let (loaded, loadProblems) = Literate.loadPages(in: options.pagesDirectory)
        // A page whose name cannot be a plain relative URL is refused before anything is rendered.
        var nameProblems: [Diagnostic] = []
        let pages = loaded.filter { page in
            guard let problem = SitePath.pageNameProblem(page.path) else { return true }
            nameProblems.append(.error(at: SourceLocation(file: page.file, line: 1, column: 1), problem))
            return false
        }
        endPhase("load")
        var sources: [String: String] = [:]
        for page in pages { sources[page.file] = page.source }
        let evaluated = (cache ?? EvaluationCache()).evaluate(pages, context: context)
        endPhase("evaluate")
        var diagnostics = earlier + loadProblems + nameProblems + evaluated.flatMap(\.diagnostics)
        let warnings = diagnostics.filter { $0.severity == .warning }
        if diagnostics.hasErrors || (options.strict && !warnings.isEmpty) {
            throw Failure(diagnostics: diagnostics, sources: sources)
        }

        let sitePages = evaluated.map(SitePage.init(evaluated:))
        let values = evaluated.flatMap { $0.values.map(ValueRecord.init(pageValue:)) }
        let siteTitle = pages.first { $0.path == "index.md" }?.frontMatter.title ?? "infrabook"
        var builder = SiteBuilder(pages: sitePages, values: values,
                                  templatesDirectory: URL(fileURLWithPath: options.templatesDirectory), siteTitle: siteTitle)
        builder.stamp = options.stamp
        let rendered: RenderedSite
        do {
            if let output = options.outputDirectory {
                rendered = try SiteWriter.build(builder, into: URL(fileURLWithPath: output))
            } else {
                rendered = try builder.render(previousValues: nil)
            }
        } catch let error as Diagnostics {
            diagnostics += error.items
            throw Failure(diagnostics: diagnostics, sources: sources)
        } catch {
            let location = SourceLocation(file: options.outputDirectory ?? options.pagesDirectory, line: 1, column: 1)
            throw Failure(diagnostics: [.error(at: location, "could not write the output: \(error.localizedDescription)")], sources: [:])
        }
        endPhase("render and write")
        return Summary(pageCount: rendered.pageCount, valueCount: values.count, warnings: warnings,
                       changes: options.outputDirectory == nil ? nil : rendered.changes, phaseSeconds: phases)
    }
}

extension SitePage {
    /// The page as the evaluator left it: placeholders filled from its blocks and inline values, each
    /// table cell and inline value carrying the provenance the evaluator attached to it.
    package init(evaluated: EvaluatedPage) {
        let page = evaluated.page
        let blocks = evaluated.blocks.map { block in
            SitePage.Block(id: block.id, caption: block.caption, echoedSource: block.echo ? block.source : nil,
                           infoString: block.info, artifacts: block.artifacts, provenance: block.provenance)
        }
        let inlines = evaluated.inlineValues.map { SitePage.Inline(text: $0.text, provenance: $0.provenance) }
        self.init(path: page.path, file: page.file, title: page.frontMatter.title, summary: page.frontMatter.summary,
                  order: page.frontMatter.order.map(Double.init), tags: page.frontMatter.tags,
                  allowHTML: page.frontMatter.allowHTML, tree: evaluated.document, blocks: blocks, inlines: inlines)
    }
}

extension ValueRecord {
    /// A value as the evaluator recorded it.
    package init(pageValue value: PageValue) {
        var text: String?
        switch value.value {
        case .number: text = nil
        case .text(let string): text = string
        case .flag(let flag): text = flag ? "true" : "false"
        case .record, .list: text = value.formatted
        }
        self.init(page: value.page, block: value.block, expression: value.expression, name: value.name,
                  number: value.number, text: text, unit: value.unit?.rawValue ?? "none", formatted: value.formatted,
                  formula: value.formula, inputs: value.inputs)
    }
}
