import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `infrabook serve`: builds the book into a temporary folder of its own, serves the last good build
/// and the JSON API over HTTP, rebuilds when a watched folder changes, and stops cleanly on SIGINT or
/// SIGTERM (open event streams are ended first, then the listener, then the temporary folder is
/// removed). It binds to loopback unless given another host, and never writes into the content,
/// template or output folders.
package struct PreviewServer: Sendable {
    package var host = "127.0.0.1"
    /// 0 asks the system for a free port; the one bound is printed.
    package var port = 8000
    /// The folders whose changes trigger a rebuild (`Content/`, `Templates/`).
    package var watchedFolders: [URL]
    /// How often the watched folders are looked at.
    package var pollInterval = Duration.milliseconds(250)
    package var limits = ServerLimits()
    package let source: BookSource

    package init(source: BookSource, watchedFolders: [URL]) {
        self.source = source
        self.watchedFolders = watchedFolders
    }

    /// Runs until SIGINT or SIGTERM. `say` receives each line for the terminal (the address once
    /// listening, each build's summary or its errors).
    package func run(say: @escaping @Sendable (String) -> Void) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("infrabook-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let book = LiveBook(source: source, workDirectory: work)
        let watcher = ChangeWatcher(folders: watchedFolders)
        let seen = watcher.snapshot()
        Self.report(book.rebuild(), say: say)

        var logger = Logger(label: "infrabook-serve")
        logger.logLevel = .warning
        let app = Application(
            responder: PreviewResponder(book: book, limits: limits),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "infrabook"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                say("serving http://\(host):\(bound)/ (Ctrl-C stops)")
            },
            logger: logger)
        let rebuilding = RebuildService(book: book, watcher: watcher, interval: pollInterval) { changed in
            say("changed: \(changed.prefix(3).joined(separator: ", "))\(changed.count > 3 ? " and \(changed.count - 3) more" : "")")
        } report: { Self.report($0, say: say) }
        await rebuilding.start(from: seen)
        // Services stop in reverse order: the watcher first (ending the event streams), then the server.
        let group = ServiceGroup(configuration: .init(services: [app, rebuilding], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      cancellationSignals: [], logger: logger))
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw StartFailure(description: "\(host):\(port) is in use by another program; pick another --port, or --port 0 for a free one")
        }
        say("stopped")
    }

    private static func report(_ outcome: BuildOutcome, say: @Sendable (String) -> Void) {
        switch outcome {
        case .built(let summary): say(summary)
        case .failed(let report): say(report + "the last good pages stay served")
        }
    }
}

/// Looks at the watched folders every `interval` and rebuilds the book when anything in them changed.
/// On shutdown it ends the open event streams.
final class RebuildService: Service, @unchecked Sendable {
    let book: LiveBook
    let watcher: ChangeWatcher
    let interval: Duration
    let changed: @Sendable ([String]) -> Void
    let report: @Sendable (BuildOutcome) -> Void
    private var seen: [String: [Double]] = [:]

    init(book: LiveBook, watcher: ChangeWatcher, interval: Duration, changed: @escaping @Sendable ([String]) -> Void,
         report: @escaping @Sendable (BuildOutcome) -> Void) {
        self.book = book
        self.watcher = watcher
        self.interval = interval
        self.changed = changed
        self.report = report
    }

    func start(from snapshot: [String: [Double]]) async { seen = snapshot }

    func run() async throws {
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                try? await Task.sleep(for: interval)
                let now = watcher.snapshot()
                let changes = ChangeWatcher.changes(from: seen, to: now)
                guard !changes.isEmpty else { continue }
                seen = now
                changed(changes)
                report(book.rebuild())
            }
        } onGracefulShutdown: { [book] in
            book.stop()
        }
        book.stop()
    }
}

/// The server could not start listening; the sentence says what to change.
package struct StartFailure: Error, CustomStringConvertible {
    package var description: String
}
