import Catalog
import Foundation
import Mustache

/// The Mustache templates of the site, read from a templates folder (`Templates/`): `layout`,
/// `sidebar`, `toc`, `breadcrumbs`, `pager`, `backlinks`, `home`, `print`, and the `assets/` copied
/// into the site. Values given to templates with `{{name}}` are escaped by Mustache; only HTML the
/// site itself built and escaped is passed with `{{{name}}}`.
struct TemplateSet: Sendable {
    let directory: URL
    let library: MustacheLibrary
    static let required = ["layout", "sidebar", "toc", "breadcrumbs", "pager", "backlinks", "home", "print"]

    init(directory: URL) throws(Diagnostics) {
        self.directory = directory
        var library = MustacheLibrary()
        var problems: [Diagnostic] = []
        for name in Self.required {
            let url = directory.appendingPathComponent(name + ".mustache")
            let location = SourceLocation(file: url.path, line: 1, column: 1)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                problems.append(.error(at: location, "missing template '\(name).mustache' in \(directory.path); pass the templates folder with --templates"))
                continue
            }
            do {
                try library.register(text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                let at = SourceLocation(file: url.path, line: error.context.lineNumber, column: error.context.columnNumber)
                problems.append(.error(at: at, "template error: \(error.error)"))
            } catch {
                problems.append(.error(at: location, "template error: \(error)"))
            }
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
        self.library = library
    }

    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    /// The files under `assets/`, as paths relative to the templates folder, sorted.
    func assetFiles() -> [String] {
        let assets = directory.appendingPathComponent("assets")
        guard let enumerator = FileManager.default.enumerator(atPath: assets.path) else { return [] }
        var files: [String] = []
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: assets.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append("assets/" + path)
            }
        }
        return files.sorted()
    }
}
