import Basics
import Foundation

/// The two steps every data file read beside the catalog shares (`measurements.yaml`,
/// `calibration.yaml`): reading its text, and gathering whatever a parse threw into the list of
/// problems. It never interprets a file's content.
enum DataFileText {
    /// The text at `path`; an unreadable file is an error at its first line: "cannot read the `what`: …".
    static func read(_ path: String, what: String) throws(Diagnostics) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Diagnostics(.error(at: SourceLocation(file: path, line: 1, column: 1), "cannot read the \(what): \(error.localizedDescription)"))
        }
    }

    /// Adds what a parse of `path` threw to `problems`: every diagnostic it carries, or the error at the file's start.
    static func gather(_ error: any Error, path: String, into problems: inout [Diagnostic]) {
        switch error {
        case let error as Diagnostics: problems += error.items
        case let error as Diagnostic: problems.append(error)
        default: problems.append(.error(at: SourceLocation(file: path, line: 1, column: 1), "\(error)"))
        }
    }
}
