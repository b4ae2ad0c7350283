/// A problem found in content, data or input, with the place it was found.
///
/// Diagnostics are collected, not thrown one at a time: a build reports all of them. A `warning`
/// never fails a build unless `--strict` is given; an `error` always does.
package struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable { case error, warning, note }

    package var severity: Severity
    package var location: SourceLocation
    package var message: String

    package init(_ severity: Severity = .error, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    package static func error(at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    package static func warning(at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    /// `path:line:column: error: message`
    package var description: String { "\(location): \(severity.rawValue): \(message)" }

    /// The most characters of a source line shown under a diagnostic.
    static let shownLineLength = 160

    /// The one-line form followed by the offending source line and a caret under the column,
    /// as compilers print them. `sourceText` is the whole file the location points into.
    package func rendered(sourceText: String?) -> String {
        var out = description
        guard let text = sourceText else { return out }
        var lineNumber = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if lineNumber == location.line {
                var shown = line.replacingOccurrences(of: "\t", with: " ")
                var column = max(0, min(location.column - 1, shown.count))
                // A long line (a generated page can hold megabytes on one) is shown as a window around the column.
                if shown.count > Self.shownLineLength {
                    let start = max(0, min(column - Self.shownLineLength / 2, shown.count - Self.shownLineLength))
                    let window = shown.dropFirst(start).prefix(Self.shownLineLength)
                    column = column - start + (start > 0 ? 1 : 0)
                    shown = (start > 0 ? "…" : "") + window + (start + window.count < shown.count ? "…" : "")
                }
                out += "\n    " + shown
                out += "\n    " + String(repeating: " ", count: column) + "^"
                break
            }
            lineNumber += 1
        }
        return out
    }
}

/// Several diagnostics thrown together, so that one failing step reports every problem it saw.
package struct Diagnostics: Error, Sendable, CustomStringConvertible {
    package var items: [Diagnostic]

    package init(_ items: [Diagnostic]) { self.items = items }
    package init(_ item: Diagnostic) { self.items = [item] }

    package var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    package var description: String { items.map(\.description).joined(separator: "\n") }
}

extension Array where Element == Diagnostic {
    /// True when any entry is an error (warnings alone do not fail).
    package var hasErrors: Bool { contains { $0.severity == .error } }
}

extension String {
    /// The text with line-feed line endings, as every parser here expects.
    package var withUnixLineEndings: String {
        contains("\r") ? replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : self
    }
}
