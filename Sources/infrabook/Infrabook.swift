import ArgumentParser
import Basics
import Catalog
import Foundation

/// The command line: parses arguments, calls the libraries, prints, and sets the exit status.
/// Exit status: 0 success; 1 an error in content or input; 2 wrong usage.
@main
struct Infrabook: AsyncParsableCommand {
    /// The version in `--version` and in every page's build stamp.
    static let version = "0.9.0"

    static let configuration = CommandConfiguration(
        commandName: "infrabook",
        abstract: "A living, computed reference on LLM inference infrastructure.",
        version: version,
        subcommands: [Build.self, Check.self, Size.self, Calibrate.self, Inspect.self, Serve.self, Report.self, Bench.self, PricesCommand.self, CatalogCommand.self]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            // `serve` runs a server; every other command is synchronous.
            if var running = command as? AsyncParsableCommand {
                try await running.run()
            } else {
                try command.run()
            }
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
        FileHandle.standardError.write(Data(rendered.utf8))
    }

    /// Every diagnostic with its source line and caret, then the count of errors.
    var rendered: String {
        var out = ""
        for diagnostic in diagnostics.sorted(by: { $0.location < $1.location }) {
            let text = sources[diagnostic.location.file] ?? Self.readableText(diagnostic.location.file)
            out += diagnostic.rendered(sourceText: text) + "\n"
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            out += NumberText.count(errors, "error") + "\n"
        }
        return out
    }

    /// The text of `path` for a caret line, unless `path` is a symbolic link: a page linking out of
    /// the content folder is refused, and the file it points to is never shown.
    private static func readableText(_ path: String) -> String? {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard type != .typeSymbolicLink else { return nil }
        return try? String(contentsOfFile: path, encoding: .utf8)
    }
}
