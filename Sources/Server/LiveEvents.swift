import Foundation
import Hummingbird

/// The server-sent event stream open pages listen to (`/_infrabook/events`): a `state` event with the
/// served build's number, the last build's error (or null) and the pages it evaluated anew when the page connects and whenever
/// either changes. `assets/live-reload.js` reloads the page on a new build and shows the error as an
/// overlay. The stream ends when the server stops.
enum LiveEvents {
    /// How often a stream looks for a new state.
    static let pollInterval = Duration.milliseconds(150)
    /// A comment line this often keeps proxies and browsers from timing the stream out.
    static let heartbeatInterval = Duration.seconds(15)

    static func response(book: LiveBook) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var sent: LiveBook.State?
            var quiet = Duration.zero
            while !Task.isCancelled, !book.stopping {
                let state = book.state
                if state != sent {
                    try await writer.write(ByteBuffer(string: event(state)))
                    sent = state
                    quiet = .zero
                } else if quiet >= heartbeatInterval {
                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                    quiet = .zero
                }
                try await Task.sleep(for: pollInterval)
                quiet += pollInterval
            }
            try await writer.finish(nil)
        })
    }

    /// One `state` event: `data:` holds `{"evaluated": ["page.md", ...], "generation": N, "error": "..." | null}`
    /// on one line; `evaluated` names the pages the last build evaluated anew (the others were kept).
    static func event(_ state: LiveBook.State) -> String {
        var object: [String: Any] = ["generation": state.generation, "evaluated": state.evaluated]
        object["error"] = state.failure ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return "event: state\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }
}
