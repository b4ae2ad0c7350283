import ArgumentParser
import Basics
import Catalog
import Foundation
import Kernels
import Literate
import Site

/// `infrabook build`: evaluate every page of a content folder and write the site, the Markdown
/// edition, `values.json` and the changes report. Parses options, loads the inputs, calls `Book.build`,
/// prints every problem and a one-line summary.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site and Markdown from a content folder.")

    @OptionGroup var inputs: BookInputs

    @Option(help: "The output folder: site/, markdown/, values.json and changes.md are replaced in it (only in a folder infrabook owns or where they do not exist yet).")
    var output = "Output"

    @Flag(help: "Run the kernel benchmark again and rewrite DIR/data/benchmark.json before building.")
    var rerunBench = false

    @Flag(help: "Fail on warnings as well as errors.")
    var strict = false

    @Flag(help: "Print how long each phase took (load, evaluate, render, write) to standard error.")
    var timings = false

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (context, earlier) = try inputs.evaluationContext(rerunBench: rerunBench)
        let summary: Book.Summary
        do {
            var options = inputs.options(output: output, strict: strict)
            options.stamp = inputs.stamp(today: context.today)
            summary = try Book.build(options, context: context, earlier: earlier)
        } catch {
            throw InputFailure(diagnostics: error.diagnostics, sources: error.sources)
        }
        BookInputs.printWarnings(summary.warnings)
        let seconds = (clock.now - start) / .seconds(1)
        if timings {
            let phases = summary.phaseSeconds.map { "\($0.phase) \(String(format: "%.3f", $0.seconds)) s" }.joined(separator: ", ")
            FileHandle.standardError.write(Data("phases: \(phases)\n".utf8))
        }
        let changes = summary.changes.map { ", \($0.summary)" } ?? ""
        print("built \(summary.pageCount) pages, \(summary.valueCount) values, \(NumberText.count(summary.warnings.count, "warning"))\(changes) in \(String(format: "%.2f", seconds)) s: \(output)/site/index.html")
    }
}

/// The options `build` and `check` share, and the loading of everything pages are evaluated against:
/// the catalog (`DIR/data`), prices, and the cached kernel benchmark.
struct BookInputs: ParsableArguments {
    @Option(help: "The content folder, holding pages/ and data/.")
    var content = "Content"

    @Option(help: "A prices file to use instead of DIR/data/prices.yaml.")
    var prices: String?

    @Option(help: "The templates folder (default: Templates/ beside the content folder).")
    var templates: String?

    var dataDirectory: String { (content as NSString).appendingPathComponent("data") }

    var templatesDirectory: String { Self.templatesDirectory(templates, content: content) }

    /// The templates folder: `explicit` (`--templates`), else `Templates/` beside the content folder,
    /// else in the current folder. `build`, `check`, `serve` and `report` all find it this way.
    static func templatesDirectory(_ explicit: String?, content: String) -> String {
        if let explicit { return explicit }
        let beside = (parentFolder(content) as NSString).appendingPathComponent("Templates")
        return FileManager.default.fileExists(atPath: beside) ? beside : "Templates"
    }

    /// The folder holding `path` ("." for a bare name), by hand: Foundation's
    /// `deletingLastPathComponent` traps on a one-letter path.
    static func parentFolder(_ path: String) -> String {
        let standardized = (path as NSString).standardizingPath
        let parent = standardized.lastIndex(of: "/").map { String(standardized[..<$0]) } ?? ""
        return parent.isEmpty ? "." : parent
    }

    func options(output: String?, strict: Bool) -> Book.Options {
        Book.Options(pagesDirectory: (content as NSString).appendingPathComponent("pages"), outputDirectory: output,
                     templatesDirectory: templatesDirectory, strict: strict, contentDirectory: content)
    }

    /// The evaluation context, and the problems found loading it (prices' staleness warnings among them),
    /// as `EvaluationContext.load` reads it for the build's day. Errors in the catalog stop here, since no
    /// page can be evaluated without it.
    func evaluationContext(rerunBench: Bool) throws -> (EvaluationContext, [Diagnostic]) {
        let today = try BuildDate.today()
        let status = FileHandle.standardError
        do {
            return try EvaluationContext.load(dataDirectory: dataDirectory, pricesFile: prices, today: today,
                                              benchmark: rerunBench ? .measure { status.write(Data(("bench: " + $0 + "\n").utf8)) } : .cached)
        } catch let error as Diagnostics {
            throw InputFailure(diagnostics: error.items)
        }
    }

    /// Warnings go to standard error with their source line and caret.
    static func printWarnings(_ warnings: [Diagnostic]) {
        guard !warnings.isEmpty else { return }
        InputFailure(diagnostics: warnings).print()
    }
}
