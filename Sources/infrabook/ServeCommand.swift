import ArgumentParser
import Basics
import Foundation
import Server
import Site

/// `infrabook serve`: the live preview and the JSON API. Parses the options and hands the server a
/// `BookSource` that loads and builds exactly as `build` and `size` do; everything else is in `Server`.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the book with live reload, and the sizing engine as a JSON API.",
        discussion: """
            Builds the book into a temporary folder (never into Output/), serves it at http://HOST:PORT/ and \
            rebuilds when anything under the content or templates folder changes; open pages reload, and a \
            failed build shows its errors over the page while the last good pages stay served. \
            POST /api/size and GET /api/catalog/models|gpus|precisions|systems answer as 'size --format json' \
            and 'catalog --format json' do. Ctrl-C stops.
            """)

    @OptionGroup var inputs: BookInputs

    @Option(help: "The port to listen on; 0 picks a free one (the address is printed).")
    var port = 8000

    @Option(help: "The address to listen on. Anything but loopback makes the book and the API reachable from other machines.")
    var host = "127.0.0.1"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, found \(port)") }
    }

    func run() async throws {
        var server = PreviewServer(source: CommandLineBook(inputs: inputs),
                                   watchedFolders: [URL(fileURLWithPath: inputs.content), URL(fileURLWithPath: inputs.templatesDirectory)])
        server.host = host
        server.port = port
        if !["127.0.0.1", "localhost", "::1"].contains(host) {
            FileHandle.standardError.write(Data("warning: listening on \(host): the book and the API can be reached from other machines\n".utf8))
        }
        // Written straight to the descriptor, unbuffered, so a script waiting for the address sees it at once.
        try await server.run { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }
}

/// The book as `build` loads it (catalog, prices, benchmark, pages, templates) and the engine data as
/// `size` loads it, for the server.
struct CommandLineBook: BookSource {
    var inputs: BookInputs

    func build(into outputDirectory: URL, cache: EvaluationCache) -> BuildOutcome {
        let start = ContinuousClock.now
        do {
            let (context, earlier) = try inputs.evaluationContext(rerunBench: false)
            let summary = try Book.build(inputs.options(output: outputDirectory.path, strict: false), context: context, earlier: earlier, cache: cache)
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            let evaluated = cache.lastEvaluated
            let named = evaluated.isEmpty || evaluated.count == summary.pageCount ? "" : ": " + evaluated.prefix(5).joined(separator: ", ") + (evaluated.count > 5 ? ", ..." : "")
            return .built(summary: "built \(summary.pageCount) pages (\(evaluated.count) evaluated\(named)), \(NumberText.count(summary.warnings.count, "warning")) in \(String(format: "%.2f", seconds)) s")
        } catch let failure as Book.Failure {
            // Only the errors: the warnings (stale prices, say) would bury them, and they do not stop a build.
            return .failed(report: InputFailure(diagnostics: failure.diagnostics.filter { $0.severity == .error }, sources: failure.sources).rendered)
        } catch let failure as InputFailure {
            return .failed(report: failure.rendered)
        } catch {
            return .failed(report: "error: \(error)\n")
        }
    }

    func engineData() throws -> EngineData {
        EngineData(catalog: try DataInputs.catalog(in: inputs.dataDirectory),
                   prices: try DataInputs.prices(explicit: inputs.prices, dataDirectory: inputs.dataDirectory),
                   today: try BuildDate.today(), contentDirectory: URL(fileURLWithPath: inputs.content))
    }
}
