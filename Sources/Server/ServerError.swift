import Foundation

/// A request the server refuses: an HTTP status (always 4xx for the client's mistakes) and, for the
/// API, the input at fault. Its body is one JSON object, `{"error": {"field": ..., "message": ...}}`,
/// so scripts can point at the field.
package struct ServerError: Error, Sendable, CustomStringConvertible {
    package var status: Int
    /// The request's field at fault (`users`, `gpu`), or nil when the request as a whole is wrong.
    package var field: String?
    package var message: String

    package init(status: Int, field: String?, message: String) {
        self.status = status
        self.field = field
        self.message = message
    }

    package var description: String { field.map { "\($0): \(message)" } ?? message }

    /// The JSON body, keys sorted, ending in a newline.
    package var jsonText: String {
        var error: [String: Any] = ["message": message]
        error["field"] = field ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: ["error": error], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func notFound(_ path: String) -> ServerError {
        ServerError(status: 404, field: nil, message: "nothing is served at '\(path)'")
    }
}
