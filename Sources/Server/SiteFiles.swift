import Foundation

/// Maps a request path onto a file of the built site, and nothing else: no `..` or `.` segments (also
/// when percent-encoded), no hidden files, no folder listings, no file outside the site folder even
/// through a link. The Markdown sources, the data and the templates are never reachable because only
/// the built `site/` folder is looked in.
enum SiteFiles {
    /// The file `path` (the raw request path, before percent-decoding) names inside `site`.
    static func resolve(_ path: String, in site: URL) throws(ServerError) -> URL {
        guard let decoded = path.removingPercentEncoding, !decoded.contains("\0"), !decoded.contains("\\") else {
            throw ServerError(status: 400, field: nil, message: "the path '\(path)' is not a valid file path")
        }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for segment in segments where segment == ".." || segment == "." || segment.hasPrefix(".") {
            throw ServerError(status: 403, field: nil, message: "the path '\(path)' leaves the site or names a hidden file")
        }
        var relative = segments.joined(separator: "/")
        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
        let root = site.resolvingSymlinksInPath().path
        let file = URL(fileURLWithPath: root).appendingPathComponent(relative).resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard file.path.hasPrefix(root + "/"), FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory),
              !isDirectory.boolValue else {
            throw ServerError.notFound(path)
        }
        return file
    }

    /// The content type of a site file, by its extension.
    static func contentType(of file: URL) -> String {
        switch file.pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "md", "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    /// The scripts only a served page runs, added to every HTML page the server sends (never to the
    /// built files): live reload, told which build the page comes from so it reloads on any later one
    /// (even one finished before its event stream connected), and the calculator (which does nothing
    /// on pages without its form).
    static func servedScripts(generation: Int) -> String {
        "<script src=\"/assets/live-reload.js\" data-generation=\"\(generation)\"></script>\n<script src=\"/assets/calculator.js\"></script>\n"
    }

    /// A page's Content-Security-Policy as the built files declare it, and what the server adds to it:
    /// the served scripts talk to this server (the event stream, the API), which the built files'
    /// policy forbids since on `file://` there is nothing to connect to. Scripts stay `'self'` only.
    static let policyMarker = "http-equiv=\"Content-Security-Policy\" content=\""
    static let servedConnections = "connect-src 'self'; "

    /// `html` as the server sends it: its policy allowing connections back to this server, and the
    /// served scripts before `</body>` (at the end when there is none).
    static func injectingServedScripts(into html: String, generation: Int) -> String {
        var html = html
        if let policy = html.range(of: policyMarker) {
            html.insert(contentsOf: servedConnections, at: policy.upperBound)
        }
        let scripts = servedScripts(generation: generation)
        guard let close = html.range(of: "</body>", options: .backwards) else { return html + scripts }
        return html.replacingCharacters(in: close.lowerBound..<close.lowerBound, with: scripts)
    }
}
