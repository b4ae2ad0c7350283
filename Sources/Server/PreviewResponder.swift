import Basics
import Catalog
import Foundation
import Hummingbird
import Site
import Sizing

/// Answers every request of `infrabook serve`: the JSON API under `/api/`, the event stream open pages
/// listen to at `/_infrabook/events`, and otherwise a file of the last good built site (HTML pages get
/// the live-reload script). Anything else is a 4xx with a JSON error. It never reads outside the site
/// folder and never writes.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let book: LiveBook
    let limits: ServerLimits

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            return try await route(request)
        } catch let error as ServerError {
            return Self.json(error.jsonText, status: error.status)
        }
    }

    private func route(_ request: Request) async throws -> Response {
        let target = request.uri.string
        guard target.utf8.count <= limits.maximumTargetBytes else {
            throw ServerError(status: 414, field: nil, message: "the request target is longer than \(limits.maximumTargetBytes) bytes")
        }
        let path = request.uri.path
        let method = request.method
        switch path {
        case "/api/size":
            guard method == .post else { throw Self.wrongMethod(path, allowed: "POST") }
            return Self.json(try SizeAPI.answer(body: try await body(of: request), engine: try book.engineData()), status: 200)
        case "/api/size/html":
            guard method == .post else { throw Self.wrongMethod(path, allowed: "POST") }
            return Self.html(try SizeAPI.htmlAnswer(body: try await body(of: request), engine: try book.engineData()))
        case _ where path.hasPrefix("/api/catalog/"):
            guard method == .get else { throw Self.wrongMethod(path, allowed: "GET") }
            let name = String(path.dropFirst("/api/catalog/".count))
            guard let listing = CatalogListing.Kind(rawValue: name) else {
                throw ServerError(status: 404, field: "listing", message: "unknown catalog listing '\(name)'"
                                  + NearestNames.hint(name, among: CatalogListing.Kind.allCases.map(\.rawValue)))
            }
            return Self.json(CatalogListing(catalog: try book.engineData().catalog).jsonText(listing) + "\n", status: 200)
        case "/api/model-files":
            guard method == .get else { throw Self.wrongMethod(path, allowed: "GET") }
            let content = try book.engineData().contentDirectory
            return Self.json(ContentModels.listingJSON(content.map { ContentModels(contentDirectory: $0).listing() } ?? []), status: 200)
        case _ where path == "/api" || path.hasPrefix("/api/"):
            throw ServerError(status: 404, field: nil, message: "no API at '\(path)'; there are POST /api/size, GET /api/model-files "
                              + "and GET /api/catalog/models|gpus|precisions|systems")
        case "/_infrabook/events":
            guard method == .get else { throw Self.wrongMethod(path, allowed: "GET") }
            return LiveEvents.response(book: book)
        default:
            guard method == .get || method == .head else { throw Self.wrongMethod(path, allowed: "GET") }
            return try await siteFile(path, headOnly: method == .head)
        }
    }

    /// The request body, refused past the cap before more of it is read.
    private func body(of request: Request) async throws(ServerError) -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limits.maximumBodyBytes)
            return Data(buffer.readableBytesView)
        } catch {
            throw ServerError(status: 413, field: nil, message: "the request body is larger than \(limits.maximumBodyBytes) bytes")
        }
    }

    private func siteFile(_ path: String, headOnly: Bool) async throws -> Response {
        guard let (site, generation) = book.servedSite() else {
            let failure = book.state.failure ?? "the first build has not finished"
            // There is no page yet to lay the overlay on: a bare page with the errors that looks again every 2 s.
            let page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">"
                + "<title>Build failed</title></head><body><h1>The book has no good build yet</h1><pre>"
                + HTMLText.escape(failure) + "</pre></body></html>\n"
            return Self.answer(Data(page.utf8), status: 503, type: "text/html; charset=utf-8")
        }
        let file = try SiteFiles.resolve(path, in: site)
        var data = try Data(contentsOf: file)
        if file.pathExtension == "html" {
            data = Data(SiteFiles.injectingServedScripts(into: String(decoding: data, as: UTF8.self), generation: generation).utf8)
        }
        return Self.answer(data, status: 200, type: SiteFiles.contentType(of: file), headOnly: headOnly)
    }

    static func json(_ text: String, status: Int) -> Response {
        answer(Data(text.utf8), status: status, type: "application/json; charset=utf-8")
    }

    static func html(_ text: String) -> Response {
        answer(Data(text.utf8), status: 200, type: "text/html; charset=utf-8")
    }

    /// Every answer is computed afresh (no caching) and says its type, which browsers must not guess.
    static func answer(_ data: Data, status: Int, type: String, headOnly: Bool = false) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if headOnly { headers[.contentLength] = String(data.count) }
        return Response(status: .init(code: status), headers: headers,
                        body: headOnly ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func wrongMethod(_ path: String, allowed: String) -> ServerError {
        ServerError(status: 405, field: nil, message: "'\(path)' answers \(allowed) only")
    }
}

/// The caps that keep one request small: how long its target (path and query) and its body may be.
package struct ServerLimits: Sendable {
    package var maximumTargetBytes = 4096
    package var maximumBodyBytes = 16 * 1024

    package init() {}
}
