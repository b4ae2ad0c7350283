import ArgumentParser
import Catalog
import Foundation
import Site

/// `infrabook report PROJECT.yaml|FOLDER [--output DIR] [--prices FILE] [--content DIR] [--templates DIR]`:
/// sizing reports for project files. Parses arguments, loads the catalog and prices, calls `ProjectReports`, prints
/// what was written. Every problem in any project file is printed and nothing is written (exit 1).
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write sizing reports (HTML, Markdown, JSON) for project files.",
        discussion: """
            Each project file PROJECT.yaml gives NAME.html, NAME.md and NAME.json in the output folder, where \
            NAME is the file's base name in lower case with other characters than letters and digits turned \
            into '-'. Given a folder, every *.yaml and *.yml file directly inside it is reported. \
            See Content/projects/ for worked examples.
            """)

    @Argument(help: "A project file, or a folder of them.")
    var project: String

    @Option(help: "Folder the reports are written into.")
    var output = "Output/reports"

    @Option(help: "Prices file (default: prices.yaml in the data folder).")
    var prices: String?

    @OptionGroup var dataFolder: DataFolder

    /// The data folder `--content` (its data/) or `--data` names.
    var data: String { dataFolder.directory }

    @Option(help: "The templates folder, holding report.mustache and assets/report.css (default: Templates/ beside the data folder's content folder).")
    var templates: String?

    func run() throws {
        let catalog = try DataInputs.catalog(in: data)
        // Prices' ages and stale marks count to the build's day, as pages' do: SOURCE_DATE_EPOCH or the clock.
        let today = try BuildDate.today()
        let priceList = try DataInputs.prices(explicit: prices, dataDirectory: data)
        if priceList == nil {
            FileHandle.standardError.write(Data("warning: no prices file in \(data); reports show no costs\n".utf8))
        }
        do {
            let folder = BookInputs.templatesDirectory(templates, content: BookInputs.parentFolder(data))
            let written = try ProjectReports.run(path: project, outputDirectory: output, catalog: catalog, prices: priceList,
                                                 templates: try ReportTemplates(directory: folder), today: today)
            for report in written {
                print("\(report.paths.joined(separator: ", "))")
                print("  \(report.project): \(report.recommendation)")
            }
        } catch {
            throw InputFailure(diagnostics: error.items)
        }
    }
}
