import ArgumentParser
import Basics
import Foundation
import Site

/// `infrabook check`: evaluate and verify every page (blocks, expressions, checks, links) and write
/// nothing. Exit status 1 with every problem printed when anything is wrong.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Evaluate and verify the content; write nothing.")

    @OptionGroup var inputs: BookInputs

    @Flag(help: "Fail on warnings as well as errors.")
    var strict = false

    func run() throws {
        let (context, earlier) = try inputs.evaluationContext(rerunBench: false)
        let summary: Book.Summary
        do {
            summary = try Book.build(inputs.options(output: nil, strict: strict), context: context, earlier: earlier)
        } catch {
            throw InputFailure(diagnostics: error.diagnostics, sources: error.sources)
        }
        BookInputs.printWarnings(summary.warnings)
        print("checked \(summary.pageCount) pages, \(summary.valueCount) values, \(NumberText.count(summary.warnings.count, "warning")): no errors")
    }
}
