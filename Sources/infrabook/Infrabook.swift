import ArgumentParser
import Catalog
import Foundation

/// The command line: parses arguments, calls the libraries, prints, and sets the exit status.
/// Exit status: 0 success; 1 an error in content or input; 2 wrong usage.
@main
struct Infrabook: ParsableCommand {
    /// The version in `--version` and in every page's build stamp.
    static let version = "0.9.0"

    static let configuration = CommandConfiguration(
        commandName: "infrabook",
        abstract: "A living, computed reference on LLM inference infrastructure.",
        version: version,
        subcommands: [Build.self, Check.self, Size.self, Inspect.self, Report.self, Bench.self, PricesCommand.self, CatalogCommand.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as InputFailure {
            failure.print()
            Foundation.exit(1)
        } catch let failure as ModelFileFailure {
            failure.print()
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            // Wrong usage (unknown option, missing argument, failed validation) is exit status 2.
            let message = fullMessage(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            Foundation.exit(code == .failure ? 1 : 2)
        }
    }
}

/// Errors in content or input: every diagnostic is printed as `path:line:column: error: message`
/// with the source line and a caret, then the command exits with status 1.
struct InputFailure: Error {
    var diagnostics: [Diagnostic]
    /// The text of each file named by a diagnostic, for the caret lines.
    var sources: [String: String] = [:]

    func print() {
        for diagnostic in diagnostics.sorted(by: { $0.location < $1.location }) {
            let text = sources[diagnostic.location.file] ?? Self.readableText(diagnostic.location.file)
            FileHandle.standardError.write(Data((diagnostic.rendered(sourceText: text) + "\n").utf8))
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            FileHandle.standardError.write(Data("\(errors) error\(errors == 1 ? "" : "s")\n".utf8))
        }
    }

    /// The text of `path` for a caret line, unless `path` is a symbolic link: a page linking out of
    /// the content folder is refused, and the file it points to is never shown.
    private static func readableText(_ path: String) -> String? {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard type != .typeSymbolicLink else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }
}
