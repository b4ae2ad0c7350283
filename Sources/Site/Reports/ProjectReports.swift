import Basics
import Catalog
import Foundation
import Reports
import Sizing

/// Runs `infrabook report`: finds project files (one file, or every `.yaml`/`.yml` in a folder),
/// reads and sizes all of them, and only when every one succeeded writes `NAME.html`, `NAME.md` and
/// `NAME.json` for each into the output folder. This file owns the file system side of reports; it
/// never computes a figure (the builder asks the engine) and never writes half a set of reports.
package enum ProjectReports {
    /// One report written to disk.
    package struct Written: Sendable, Equatable {
        package var project: String
        package var slug: String
        /// The paths written, `.html`, `.md`, `.json` in that order.
        package var paths: [String]
        package var recommendation: String
    }

    /// The project files `path` names: itself when it is a file, else the YAML files directly inside
    /// it, sorted by name. An unreadable path or a folder without project files is an error.
    package static func projectFiles(at path: String) throws(Diagnostics) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Diagnostics(.error(at: SourceLocation(file: path, line: 1, column: 1), "no project file or folder at '\(path)'"))
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !files.isEmpty else {
            throw Diagnostics(.error(at: SourceLocation(file: path, line: 1, column: 1),
                                     "the folder '\(path)' holds no project files (*.yaml or *.yml)"))
        }
        return files.map { (path as NSString).appendingPathComponent($0) }
    }

    /// The name the outputs share: the file's base name, lower-cased, every run of other characters
    /// than letters and digits turned into one `-` (`Support Assistant.yaml` → `support-assistant`).
    package static func slug(forFile path: String) -> String {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var out = ""
        for scalar in base.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "project" : out
    }

    /// The vocabulary a project file is checked against: the catalog's model, precision and GPU ids.
    package static func vocabulary(of catalog: DataCatalog) -> ProjectFile.Vocabulary {
        ProjectFile.Vocabulary(models: catalog.ids(of: .model), precisions: catalog.ids(of: .precision), gpus: catalog.ids(of: .gpu))
    }

    /// Reads one project file's text and builds its report. Every problem is thrown together. Prices'
    /// ages count to `today`, the build's day as `BuildDate` gives it, so a fixed day gives fixed bytes.
    package static func report(text: String, file: String, catalog: DataCatalog, prices: PriceList?,
                              today: String? = nil) throws(Diagnostics) -> SizingReport {
        let slug = slug(forFile: file)
        let project = try ProjectFile.parse(text, file: file, defaultName: slug, vocabulary: vocabulary(of: catalog))
        return try SizingReport.build(project: project, file: file, slug: slug, catalog: catalog, prices: prices, today: today)
    }

    /// Builds a report for every project file under `path` and, when all succeeded, writes them into
    /// `outputDirectory` (created when missing), the HTML through `templates`. Throws every problem of
    /// every file, writing nothing.
    package static func run(path: String, outputDirectory: String, catalog: DataCatalog, prices: PriceList?,
                           templates: ReportTemplates, today: String? = nil) throws(Diagnostics) -> [Written] {
        var problems: [Diagnostic] = []
        var reports: [SizingReport] = []
        for file in try projectFiles(at: path) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                problems.append(.error(at: SourceLocation(file: file, line: 1, column: 1), "cannot read '\(file)' as UTF-8 text"))
                continue
            }
            do {
                reports.append(try report(text: text, file: file, catalog: catalog, prices: prices, today: today))
            } catch {
                problems += error.items
            }
        }
        let slugs = reports.map(\.slug)
        for (index, slug) in slugs.enumerated() where slugs[..<index].contains(slug) {
            problems.append(.error(at: SourceLocation(file: reports[index].project.file, line: 1, column: 1),
                                   "two project files would both write '\(slug).*'; rename one"))
        }
        if problems.hasErrors { throw Diagnostics(problems) }
        return try publish(reports, into: outputDirectory, templates: templates)
    }

    /// The files each report is written as, `NAME.html`, `NAME.md` and `NAME.json`.
    static let extensions = ["html", "md", "json"]

    /// Publishes the reports' files into `directory` the way `build` publishes a site (`StagedOutput`):
    /// under the folder's lock, all of them in one step, refusing to replace files infrabook did not
    /// write, and keeping the reports an earlier run published for other projects.
    static func publish(_ reports: [SizingReport], into directory: String, templates: ReportTemplates) throws(Diagnostics) -> [Written] {
        let place = SourceLocation(file: directory, line: 1, column: 1)
        // An empty name would mean the current folder, as it would for `build --output ""`.
        guard !directory.isEmpty else {
            throw Diagnostics(.error(at: place, "the output folder is empty (--output \"\"); name a folder, such as Output/reports"))
        }
        let output = URL(fileURLWithPath: directory)
        let staged: StagedOutput
        do {
            staged = try StagedOutput(outputDirectory: output, entries: reports.flatMap { report in extensions.map { report.slug + "." + $0 } },
                                      keepingEarlierEntries: true)
        } catch let diagnostics as Diagnostics {
            throw diagnostics
        } catch {
            throw Diagnostics(.error(at: place, "cannot write reports into '\(directory)': \(error.localizedDescription)"))
        }
        do {
            for report in reports {
                for (ext, text) in [("html", report.html(templates: templates)), ("md", report.markdown()), ("json", try report.json())] {
                    try staged.write(text, to: report.slug + "." + ext)
                }
            }
            try staged.commit()
        } catch {
            staged.discard()
            throw Diagnostics(.error(at: place, "cannot write reports into '\(directory)': \(error.localizedDescription)"))
        }
        return reports.map { report in
            Written(project: report.project.name, slug: report.slug,
                    paths: extensions.map { (directory as NSString).appendingPathComponent(report.slug + "." + $0) },
                    recommendation: report.recommendation.summary)
        }
    }
}
