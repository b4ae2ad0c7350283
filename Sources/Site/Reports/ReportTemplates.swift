import Basics
import Catalog
import Foundation

/// The templates a sizing report is rendered through: `report.mustache` beside the page templates,
/// and the stylesheet `assets/report.css`, which is inlined (a report is one file opened offline) and
/// therefore never copied into the site. Loading only; `SizingReport+Writing.swift` renders.
package struct ReportTemplates: Sendable {
    let templates: TemplateSet
    /// The text of `assets/report.css`.
    let stylesheet: String

    /// The stylesheet's path inside the templates folder.
    static let stylesheetPath = "assets/report.css"

    /// Reads `report.mustache` and `assets/report.css` from `directory` (the `Templates/` folder);
    /// a missing or broken file is an error at its path.
    package init(directory: String) throws(Diagnostics) {
        let folder = URL(fileURLWithPath: directory)
        let css = folder.appendingPathComponent(Self.stylesheetPath)
        var problems: [Diagnostic] = []
        let loaded: TemplateSet?
        do {
            loaded = try TemplateSet(directory: folder, names: ["report"])
        } catch {
            problems += error.items
            loaded = nil
        }
        let text = try? String(contentsOf: css, encoding: .utf8)
        if text == nil {
            problems.append(.error(at: SourceLocation(file: css.path, line: 1, column: 1),
                                   "missing stylesheet '\(Self.stylesheetPath)' in \(directory); pass the templates folder with --templates"))
        }
        guard let loaded, let text, problems.isEmpty else { throw Diagnostics(problems) }
        templates = loaded
        stylesheet = text
    }
}
