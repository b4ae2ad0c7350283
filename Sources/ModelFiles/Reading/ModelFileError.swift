import Basics
import Catalog

/// A model file that cannot be read as what it claims to be: which file, where (a byte offset in a
/// binary header, a line and column in JSON), and what was expected there.
///
/// Readers throw only this, so every front end prints the same message; `diagnostic(at:)` turns it
/// into a `Diagnostic` pointing at the place in a page or project that named the file.
package struct ModelFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the file the problem is.
    package enum Position: Sendable, Hashable {
        case byte(Int)
        case line(Int, column: Int)
        case wholeFile
    }

    package var path: String
    package var position: Position
    package var message: String

    package init(_ path: String, _ position: Position, _ message: String) {
        self.path = path
        self.position = position
        self.message = message
    }

    /// `path: byte 1234: message` or `path:3:17: message`.
    package var description: String {
        switch position {
        case .byte(let offset): return "\(path): byte \(offset): \(message)"
        case .line(let line, let column): return "\(path):\(line):\(column): \(message)"
        case .wholeFile: return "\(path): \(message)"
        }
    }

    /// `path: byte 1234: error: message`, as the command line prints it (`path:3:17: error: …` for JSON).
    package var rendered: String {
        switch position {
        case .byte(let offset): return "\(path): byte \(offset): error: \(message)"
        case .line(let line, let column): return "\(path):\(line):\(column): error: \(message)"
        case .wholeFile: return "\(path): error: \(message)"
        }
    }

    /// The error reported at `location` (the key that named the file), its own position in the message.
    package func diagnostic(at location: SourceLocation) -> Diagnostic {
        if case .line(let line, let column) = position {
            return .error(at: SourceLocation(file: path, line: line, column: column), message)
        }
        return .error(at: location, description)
    }
}
