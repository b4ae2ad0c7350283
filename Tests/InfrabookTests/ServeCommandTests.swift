import Foundation
import Testing

/// `infrabook serve` end to end: the real binary on a free loopback port (`--port 0`), spoken to over
/// plain sockets so requests go out byte for byte as written (a client library would clean up `..`).
/// Each test stops its server with SIGINT and waits for it to exit.
@Suite(.serialized)
struct ServeCommandTests {
    @Test func sizeAnswersExactlyWhatSizeFormatJSONPrints() throws {
        try withServer { server, book in
            let answer = try server.request("POST", "/api/size",
                                            body: #"{"model": "llama-3.1-8b", "precision": "fp8", "users": 10, "context": "8K", "gpu": ["h100-sxm", "l40s"]}"#)
            let printed = try book.infrabook(["size", "--data", book.content.appendingPathComponent("data").path, "--model", "llama-3.1-8b",
                                              "--precision", "fp8", "--users", "10", "--context", "8K", "--gpu", "h100-sxm", "--gpu", "l40s",
                                              "--format", "json"])
            #expect(printed.status == 0)
            #expect(answer.status == 200)
            #expect(answer.header("content-type") == "application/json; charset=utf-8")
            #expect(answer.body == printed.standardOutput)
        }
    }

    @Test func sizeHTMLShowsTheSizingAndCostBlocksForTheSameInputs() throws {
        try withServer { server, _ in
            let body = #"{"model": "llama-3.1-8b", "precision": "fp8", "users": 10, "gpu": ["h100-sxm", "l40s"]}"#
            let html = try server.request("POST", "/api/size/html", body: body)
            let plan = try #require(try server.request("POST", "/api/size", body: body).json)
            #expect(html.status == 200)
            #expect(html.header("content-type") == "text/html; charset=utf-8")
            // The memory table shows GB (10^9 bytes) with two decimals, as the sizing block does on every page.
            let total = try #require((plan["memory"] as? [String: Any])?["total_bytes"] as? Int)
            #expect(html.body.contains(">\(String(format: "%.2f", Double(total) / 1e9))<"))
            #expect(html.body.contains("id=\"calculator\""))
            // l40s has no price in Content/data/prices.yaml, so the cost block lists h100-sxm only.
            #expect(html.body.contains("id=\"calculator_cost\""))
            let refused = try server.request("POST", "/api/size/html", body: #"{"model": "llama-3.1-8b", "users": 0}"#)
            #expect(refused.status == 422)
            #expect(refused.json.flatMap { $0["error"] as? [String: Any] }?["field"] as? String == "users")
        }
    }

    @Test func catalogAnswersExactlyWhatCatalogFormatJSONPrints() throws {
        try withServer { server, book in
            for listing in ["models", "gpus", "precisions", "systems"] {
                let answer = try server.request("GET", "/api/catalog/\(listing)")
                let printed = try book.infrabook(["catalog", listing, "--data", book.content.appendingPathComponent("data").path, "--format", "json"])
                #expect(answer.status == 200)
                #expect(answer.body == printed.standardOutput, "\(listing)")
            }
            let unknown = try server.request("GET", "/api/catalog/gpu")
            #expect(unknown.status == 404)
            #expect(unknown.body.contains("did you mean 'gpus'"))
        }
    }

    @Test func badRequestsAreFourHundredsNamingTheField() throws {
        try withServer { server, _ in
            // (body, status, field, words the message must hold)
            let cases: [(String, Int, String?, String)] = [
                (#"{"model": "llama-3.1-8b", "user": 10}"#, 400, "user", "did you mean 'users'"),
                (#"{"model": "llama-3.1-8b", "kv_precision": "fp8"}"#, 400, "kv_precision", "did you mean 'kv-precision'"),
                (#"{"precision": "fp8"}"#, 400, "model", "'model' is required"),
                (#"{"model": "llama-3.1-8"}"#, 422, "model", "unknown model 'llama-3.1-8'"),
                (#"{"model": "llama-3.1-8b", "users": 2.5}"#, 422, "users", "found '2.5'"),
                (#"{"model": "llama-3.1-8b", "users": "1T", "context": "8K"}"#, 422, "users", "too large"),
                (#"{"model": "llama-3.1-8b", "users": true}"#, 400, "users", "found true or false"),
                (#"{"model": "llama-3.1-8b", "gpu": ["h100"]}"#, 422, "gpu", "did you mean 'h100-sxm'"),
                (#"{"model": "llama-3.1-8b", "pricing": "ondemand"}"#, 422, "pricing", "did you mean 'on_demand'"),
                (#"["llama-3.1-8b"]"#, 400, nil, "must be a JSON object"),
                (#"{"model": "#, 400, nil, "must be a JSON object"),
            ]
            for (body, status, field, words) in cases {
                let answer = try server.request("POST", "/api/size", body: body)
                #expect(answer.status == status, "\(body)")
                let error = try #require(answer.json?["error"] as? [String: Any], "\(body): \(answer.body)")
                #expect(error["field"] as? String == field, "\(body)")
                #expect((error["message"] as? String)?.contains(words) == true, "\(body): \(error)")
            }
            #expect(try server.request("GET", "/api/size").status == 405)
            #expect(try server.request("POST", "/api/sizing", body: "{}").status == 404)
        }
    }

    @Test func onlyTheBuiltSiteIsServed() throws {
        try withServer { server, book in
            let home = try server.request("GET", "/")
            #expect(home.status == 200)
            #expect(home.body.contains("<script src=\"/assets/live-reload.js\" data-generation=\"1\"></script>"))
            for path in ["/../content/pages/index.md", "/%2e%2e/content/pages/index.md", "/assets/%2E%2E/%2e%2e/content/data/models.yaml",
                         "/..%2f..%2fetc%2fpasswd", "/assets/..%5c..%5cindex.html", "/.infrabook-staging/", "/index.md", "/assets/"] {
                let answer = try server.request("GET", path)
                #expect((400..<500).contains(answer.status), "\(path) answered \(answer.status)")
                #expect(!answer.body.contains("title:"), "\(path) leaked a source file")
            }
        }
    }

    @Test func oversizeBodiesAndTargetsAreRefused() throws {
        try withServer { server, _ in
            let big = #"{"model": "llama-3.1-8b", "prompt": ""# + String(repeating: "9", count: 20_000) + #""}"#
            let answer = try server.request("POST", "/api/size", body: big)
            #expect(answer.status == 413)
            let long = try server.request("GET", "/api/catalog/models?" + String(repeating: "a", count: 5000))
            #expect(long.status == 414)
        }
    }

    @Test func aBrokenPageKeepsTheLastGoodPagesServedAndAFixReloads() throws {
        try withServer { server, book in
            let before = try server.request("GET", "/index.html").body
            try book.write("index.md", replacing: "title:", with: "not_a_key: 1\ntitle:")
            let failed = try server.waitForEvent { $0.contains("\"error\":\"") && $0.contains("not_a_key") }
            #expect(failed.contains("index.md:2:1"))
            #expect(try server.request("GET", "/index.html").body == before)
            try book.write("index.md", replacing: "not_a_key: 1\ntitle:", with: "title:")
            let fixed = try server.waitForEvent { $0.contains("\"error\":null") && $0.contains("\"generation\":2") }
            #expect(!fixed.isEmpty)
        }
    }

    @Test func aBookThatNeverBuiltShowsItsErrorsUntilItDoes() throws {
        try withServer(prepare: { try $0.write("index.md", replacing: "title:", with: "not_a_key: 1\ntitle:") }) { server, book in
            let page = try server.request("GET", "/")
            #expect(page.status == 503)
            #expect(page.header("content-type") == "text/html; charset=utf-8")
            #expect(page.body.contains("index.md:2:1: error: unknown key &#39;not_a_key&#39;"))
            try book.write("index.md", replacing: "not_a_key: 1\ntitle:", with: "title:")
            _ = try server.waitForEvent { $0.contains("\"error\":null") && $0.contains("\"generation\":1") }
            #expect(try server.request("GET", "/").status == 200)
        }
    }

    @Test func anEditedPageIsTheOnlyOneEvaluatedAgain() throws {
        try withServer { server, book in
            try book.write("kv-cache.md", replacing: "Each token keeps", with: "Every token keeps")
            let event = try server.waitForEvent { $0.contains("\"generation\":2") }
            #expect(event.contains("\"evaluated\":[\"kv-cache.md\"]"))
            #expect(try server.request("GET", "/kv-cache.html").body.contains("Every token keeps"))
        }
    }

    @Test func modelPathsUnderTheContentFolderAnswerAsSizeModelPathDoes() throws {
        let local = "local/qwen3-4b.json"
        try withServer(prepare: { book in
            let folder = book.content.appendingPathComponent("local")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // Qwen3-4B's published config.json, as the repository's catalog carries it.
            try FileManager.default.copyItem(at: FixtureBook.repository.appendingPathComponent("Content/data/models/qwen3-4b.json"),
                                             to: book.content.appendingPathComponent(local))
        }) { server, book in
            let answer = try server.request("POST", "/api/size", body: #"{"model": "\#(local)", "users": 4, "gpu": "h100-sxm"}"#)
            let file = book.content.appendingPathComponent(local).path
            let printed = try book.infrabook(["size", "--data", book.content.appendingPathComponent("data").path, "--model", file,
                                              "--users", "4", "--gpu", "h100-sxm", "--format", "json"])
            #expect(printed.status == 0)
            #expect(answer.status == 200)
            // The record is named by the path as given: relative to the content folder over HTTP.
            let escaped = { (path: String) in path.replacingOccurrences(of: "/", with: "\\/") } // as JSON writes them
            #expect(answer.body == printed.standardOutput.replacingOccurrences(of: escaped(file), with: escaped(local)))
            #expect(answer.body.contains(#""weights_bytes" : "#))
            #expect(try server.request("POST", "/api/size/html", body: #"{"model": "\#(local)", "users": 4, "gpu": "h100-sxm"}"#).status == 200)
            // (model, status): the fixture's data/ is a link to the repository's, so it leads out of the content folder.
            for (model, status) in [("../\(local)", 403), ("/etc/hostname.json", 403), ("data/models/qwen3-4b.json", 403), ("local/none.json", 404)] {
                let refused = try server.request("POST", "/api/size", body: #"{"model": "\#(model)"}"#)
                #expect(refused.status == status, "\(model)")
                #expect(refused.json.flatMap { $0["error"] as? [String: Any] }?["field"] as? String == "model", "\(model)")
            }
            let listing = try server.request("GET", "/api/model-files")
            #expect(listing.status == 200)
            #expect(listing.json?["model_files"] as? [String] == [])
        }
    }

    @Test func aPortInUseIsASentenceAndExitStatusOne() throws {
        try withServer { server, book in
            let second = try book.infrabook(["serve", "--content", book.content.path, "--templates", FixtureBook.templates.path,
                                             "--port", String(server.port)])
            #expect(second.status == 1)
            #expect(second.standardError.contains("127.0.0.1:\(server.port) is in use by another program; pick another --port"))
        }
    }

    // MARK: - A running server

    /// Starts `infrabook serve --port 0` on a copy of the fixture book (changed first by `prepare`),
    /// runs `body`, then stops it.
    private func withServer(prepare: (FixtureBook) throws -> Void = { _ in }, _ body: (RunningServer, FixtureBook) throws -> Void) throws {
        let book = try FixtureBook()
        defer { book.remove() }
        try prepare(book)
        let server = try RunningServer(book: book)
        do {
            try body(server, book)
        } catch {
            server.stop()
            throw error
        }
        server.stop()
        // Ctrl-C is a clean stop: exit status 0.
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0, "\(server.process.terminationStatus)")
    }
}

/// The server process, the port it printed, and a bare HTTP/1.1 client.
final class RunningServer {
    let process = Process()
    let output = Pipe()
    var port = 0
    private var printed = ""

    init(book: FixtureBook) throws {
        process.executableURL = FixtureBook.binary
        process.arguments = ["serve", "--content", book.content.path, "--templates", FixtureBook.templates.path, "--port", "0"]
        var variables = ProcessInfo.processInfo.environment
        variables["SOURCE_DATE_EPOCH"] = "1795910400" // 2026-11-29, the prices file's as_of
        process.environment = variables
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
            if let range = printed.range(of: #"serving http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                port = Int(printed[range].split(separator: ":").last!.dropLast()) ?? 0
                return
            }
        }
        stop()
        throw ServeTestFailure("the server printed no address:\n\(printed)")
    }

    /// SIGINT, as Ctrl-C sends, then waits (at most 10 s) for a clean exit.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
        func header(_ name: String) -> String? { headers[name.lowercased()] }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] }
    }

    /// Sends one request exactly as written and reads the whole answer (`Connection: close`).
    func request(_ method: String, _ target: String, body: String? = nil) throws -> Answer {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        let raw = try exchange(text, until: nil)
        guard let split = raw.range(of: "\r\n\r\n") else { throw ServeTestFailure("no header end in: \(raw)") }
        let lines = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        var content = String(raw[split.upperBound...])
        if headers["transfer-encoding"] == "chunked" { content = Self.unchunk(content) }
        return Answer(status: status, headers: headers, body: content)
    }

    /// Listens to the event stream until an event satisfies `match` (at most 30 s); returns that event.
    func waitForEvent(_ match: @escaping (String) -> Bool) throws -> String {
        let raw = try exchange("GET /_infrabook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") { received in
            received.components(separatedBy: "event: state").contains(where: match)
        }
        return raw.components(separatedBy: "event: state").first(where: match) ?? ""
    }

    private func exchange(_ text: String, until done: ((String) -> Bool)?) throws -> String {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServeTestFailure("no socket") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServeTestFailure("cannot connect to port \(port)") }
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break } // the server may refuse a large body before reading all of it
            sent += n
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let n = recv(socket, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
            if let done, done(String(decoding: received, as: UTF8.self)) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    private static func unchunk(_ text: String) -> String {
        var rest = Substring(text)
        var out = ""
        while let end = rest.range(of: "\r\n"), let size = Int(rest[..<end.lowerBound], radix: 16), size > 0 {
            let start = end.upperBound
            let bytes = Array(rest[start...].utf8)
            out += String(decoding: bytes.prefix(size), as: UTF8.self)
            rest = Substring(String(decoding: bytes.dropFirst(size + 2), as: UTF8.self))
        }
        return out
    }
}

struct ServeTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
