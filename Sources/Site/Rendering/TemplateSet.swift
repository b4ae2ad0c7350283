import Basics
import Foundation
import Mustache

/// The Mustache templates of the site, read from a templates folder (`Templates/`): `layout`,
/// `sidebar`, `toc`, `breadcrumbs`, `pager`, `backlinks`, `home`, `print`, and the `assets/` copied
/// into the site; and, for sizing reports, `report` (`ReportTemplates`). Values given to templates with `{{name}}` are escaped by Mustache; only HTML the
/// site itself built and escaped is passed with `{{{name}}}`.
struct TemplateSet: Sendable {
    let directory: URL
    let library: MustacheLibrary
    static let required = ["layout", "sidebar", "toc", "breadcrumbs", "pager", "backlinks", "home", "print"]

    /// Reads the templates `names` (the site's by default) from `directory`; every missing or broken
    /// one is an error at its path.
    init(directory: URL, names: [String] = required) throws(Diagnostics) {
        self.directory = directory
        var library = MustacheLibrary()
        var problems: [Diagnostic] = []
        for name in names {
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

    /// `name` rendered with `context` and the Content-Security-Policy `policy` (the site's unless a
    /// report's is given), which every template declares.
    func render(_ name: String, _ context: [String: Any], policy: String = ContentSecurityPolicy.site) -> String {
        library.render(Self.withPolicy(context, policy), withTemplate: name) ?? ""
    }

    private static func withPolicy(_ context: [String: Any], _ policy: String = ContentSecurityPolicy.site) -> [String: Any] {
        var context = context
        context["contentSecurityPolicy"] = policy
        return context
    }

    /// The same text as `render(name, context)`, faster when the string values under `large` are big
    /// (a page's body and sidebar): Mustache renders a marker in their place and each is spliced in
    /// once at the end, instead of being copied through every intermediate string. The marker holds a
    /// `<`, so an escaped or transformed use renders no marker; then, or when a marker does not appear
    /// exactly once, the template is rendered again the plain way.
    func render(_ name: String, _ context: [String: Any], splicing large: [String]) -> String {
        var withMarkers = context
        var markers: [(marker: [UInt8], value: String)] = []
        for key in large {
            guard let value = context[key] as? String, !value.isEmpty else { continue }
            let marker = "\u{1}<infrabook \(key)>\u{1}"
            withMarkers[key] = marker
            markers.append((Array(marker.utf8), value))
        }
        guard !markers.isEmpty, let skeleton = library.render(Self.withPolicy(withMarkers), withTemplate: name) else {
            return render(name, context)
        }
        let bytes = Array(skeleton.utf8)
        var pieces: [(start: Int, end: Int, value: String)] = []
        for (marker, value) in markers {
            let found = Self.offsets(of: marker, in: bytes)
            guard found.count == 1 else { return render(name, context) }
            pieces.append((found[0], found[0] + marker.count, value))
        }
        pieces.sort { $0.start < $1.start }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + pieces.reduce(0) { $0 + $1.value.utf8.count })
        var copied = 0
        for piece in pieces {
            output += bytes[copied..<piece.start]
            output += piece.value.utf8
            copied = piece.end
        }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Every start offset of `needle` in `bytes` (the marker's first byte, 0x01, is rare in HTML).
    private static func offsets(of needle: [UInt8], in bytes: [UInt8]) -> [Int] {
        var found: [Int] = []
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    /// The files under `assets/`, as paths relative to the templates folder, sorted; the report
    /// stylesheet stays out, since reports inline it and no page links it.
    func assetFiles() -> [String] {
        let assets = directory.appendingPathComponent("assets")
        guard let enumerator = FileManager.default.enumerator(atPath: assets.path) else { return [] }
        var files: [String] = []
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: assets.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                if "assets/" + path != ReportTemplates.stylesheetPath { files.append("assets/" + path) }
            }
        }
        return files.sorted()
    }
}
