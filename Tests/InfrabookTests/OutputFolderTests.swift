import Foundation
import Synchronization
import Testing

/// The output folder is the user's: `infrabook build` replaces only its own entries, only in a folder
/// it owns, one build at a time, and publishes each build in one step (issue 15).
@Suite struct OutputFolderTests {
    func build(_ book: FixtureBook, into output: URL? = nil, content: URL? = nil) throws -> FixtureBook.Run {
        try book.infrabook(["build", "--content", (content ?? book.content).path, "--output", (output ?? book.output).path,
                            "--templates", FixtureBook.templates.path])
    }

    /// What a reader of the output folder sees through `site`, `markdown`, `values.json` and `changes.md`.
    static func visible(_ output: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for entry in ["site", "markdown", "values.json", "changes.md"] {
            // Each entry is a link into the published build; Foundation's enumerator does not enter links.
            let root = output.appendingPathComponent(entry).resolvingSymlinksInPath()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) else { continue }
            guard isFolder.boolValue else {
                files[entry] = try Data(contentsOf: root)
                continue
            }
            for case let path as String in FileManager.default.enumerator(atPath: root.path) ?? FileManager.DirectoryEnumerator() {
                let url = root.appendingPathComponent(path)
                FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
                if !isFolder.boolValue { files[entry + "/" + path] = try Data(contentsOf: url) }
            }
        }
        return files
    }

    /// The fixture book with its home page's title changed: a second, different book.
    func secondContent(_ book: FixtureBook) throws -> URL {
        let other = book.root.appendingPathComponent("content-b")
        try FileManager.default.copyItem(at: book.content, to: other)
        let index = other.appendingPathComponent("pages/index.md")
        let text = try String(contentsOf: index, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "title: Fixture handbook", with: "title: Second handbook").utf8).write(to: index)
        return other
    }

    @Test func aFolderThatIsNotInfrabooksKeepsItsFiles() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let mine = book.output.appendingPathComponent("site/mywork.html")
        try FileManager.default.createDirectory(at: mine.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("my work".utf8).write(to: mine)
        let refused = try build(book)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("the output folder already holds 'site' and is not infrabook's (it has no .infrabook/owner); infrabook will not replace files it did not write"))
        #expect(try Data(contentsOf: mine) == Data("my work".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: book.output.path) == ["site"])

        // An empty entry is no one's work: the build takes the folder, and leaves what else is there.
        try FileManager.default.removeItem(at: mine)
        try Data("# Mine\n".utf8).write(to: book.output.appendingPathComponent("README.md"))
        let taken = try build(book)
        #expect(taken.status == 0, "\(taken.standardError)")
        #expect(FileManager.default.fileExists(atPath: book.output.appendingPathComponent(".infrabook/owner").path))
        #expect(try book.text("README.md") == "# Mine\n")
        #expect(try book.text("site/index.html").contains("Fixture handbook"))
    }

    @Test func outputFoldersThatAreNoFolderOrOverlapTheContentAreRefused() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let empty = try book.infrabook(["build", "--content", book.content.path, "--output", "", "--templates", FixtureBook.templates.path])
        #expect(empty.status == 1)
        #expect(empty.standardError.contains("the output folder is empty (--output \"\")"))
        let inside = book.content.appendingPathComponent("pages/../out")
        let insideRun = try build(book, into: inside)
        #expect(insideRun.standardError.contains("is inside the content folder"), "\(insideRun.standardError)")
        let aroundRun = try build(book, into: book.root)
        #expect(aroundRun.standardError.contains("contains the content folder"))
        #expect(!FileManager.default.fileExists(atPath: book.content.appendingPathComponent("out").path))
        #expect(!FileManager.default.fileExists(atPath: book.root.appendingPathComponent("site").path))
    }

    @Test func anOutputFolderWrittenBeforeTheMarkerIsAdopted() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        // The layout earlier versions wrote: real folders and files, no marker.
        for (path, text) in [("site/index.html", "old"), ("site/search-index.js", "old"), ("markdown/index.md", "old"), ("values.json", "[]"), ("changes.md", "old")] {
            let url = book.output.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let run = try build(book)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try book.text("site/index.html").contains("Fixture handbook"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: book.output.appendingPathComponent("site").path) == ".infrabook/current/site")
    }

    @Test func twoBuildsAtOnceEachPublishAWholeBook() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let second = try secondContent(book)
        // Each book built alone, for reference.
        let aloneA = book.root.appendingPathComponent("alone-a"), aloneB = book.root.appendingPathComponent("alone-b")
        #expect(try build(book, into: aloneA).status == 0 && build(book, into: aloneB, content: second).status == 0)
        let referenceA = try Self.visible(aloneA), referenceB = try Self.visible(aloneB)
        #expect(referenceA["values.json"] != nil && referenceA["site/index.html"] != referenceB["site/index.html"])

        for _ in 0..<3 {
            let statuses = Mutex<[Int32: String]>([:])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let run = try? build(book, content: index == 0 ? book.content : second)
                statuses.withLock { $0[Int32(index)] = run.map { "\($0.status) \($0.standardError)" } ?? "no run" }
            }
            let reported = statuses.withLock { $0 }
            #expect(reported.values.allSatisfy { $0.hasPrefix("0 ") }, "\(reported)")
            // The book that published last is whole: every file is that book's (the changes report
            // compares with whichever build came before, so it is left out).
            let seen = try Self.visible(book.output).filter { !$0.key.contains("changes") }
            let reference = seen["site/index.html"] == referenceA["site/index.html"] ? referenceA : referenceB
            #expect(seen == reference.filter { !$0.key.contains("changes") })
        }
        let builds = try FileManager.default.contentsOfDirectory(atPath: book.output.appendingPathComponent(".infrabook/builds").path)
        #expect(builds.count == 1, "\(builds)")
    }

    @Test func aReaderNeverFindsAnEntryMissingOrHalfWritten() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let second = try secondContent(book)
        #expect(try build(book).status == 0)
        // While builds of two books alternate, a reader keeps opening what a browser would open.
        let stop = Mutex(false), problems = Mutex<[String]>([]), reads = Mutex(0)
        let reader = Thread {
            let index = book.output.appendingPathComponent("site/index.html"), search = book.output.appendingPathComponent("site/search-index.js")
            while !stop.withLock({ $0 }) {
                let page = (try? String(contentsOf: index, encoding: .utf8)) ?? "missing"
                let values = (try? Data(contentsOf: book.output.appendingPathComponent("values.json"))) ?? Data()
                if !page.hasSuffix("</html>\n") || !FileManager.default.fileExists(atPath: search.path) || values.isEmpty {
                    problems.withLock { $0.append(String(page.suffix(20))) }
                }
                reads.withLock { $0 += 1 }
            }
        }
        reader.start()
        for round in 0..<6 {
            let run = try build(book, content: round % 2 == 0 ? second : book.content)
            #expect(run.status == 0, "\(run.standardError)")
        }
        stop.withLock { $0 = true }
        while !reader.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(reads.withLock { $0 } > 10)
        #expect(problems.withLock { $0 }.isEmpty, "\(problems.withLock { $0.prefix(3) })")
    }

    @Test func aBuildKilledAtAnyMomentLeavesTheOldBookOrTheNewOne() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let second = try secondContent(book)
        #expect(try build(book).status == 0)
        let old = try Self.visible(book.output)
        #expect(try build(book, content: second).status == 0)
        let new = try Self.visible(book.output)
        #expect(try build(book).status == 0)
        let again = try Self.visible(book.output)
        #expect(old.filter { !$0.key.contains("changes") } == again.filter { !$0.key.contains("changes") })

        // Kill builds of the second book after growing delays: whatever moment the kill lands on, a
        // reader sees one whole book (the second build's changes report differs, so both are allowed).
        var outcomes: Set<String> = []
        for step in 0..<12 {
            let process = Process()
            process.executableURL = FixtureBook.binary
            process.arguments = ["build", "--content", second.path, "--output", book.output.path, "--templates", FixtureBook.templates.path]
            process.environment = ["SOURCE_DATE_EPOCH": "1795910400", "PATH": "/usr/bin:/bin"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: 0.03 * Double(step))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let seen = try Self.visible(book.output)
            let isOld = seen.filter { !$0.key.contains("changes") } == old.filter { !$0.key.contains("changes") }
            let isNew = seen.filter { !$0.key.contains("changes") } == new.filter { !$0.key.contains("changes") }
            #expect(isOld || isNew, "after \(step): \(seen.count) files, neither book")
            outcomes.insert(isOld ? "old" : "new")
            if isNew { #expect(try build(book).status == 0) }
        }
        // The next build clears what killed builds left behind.
        #expect(try build(book).status == 0)
        let builds = try FileManager.default.contentsOfDirectory(atPath: book.output.appendingPathComponent(".infrabook/builds").path)
        #expect(builds.count == 1, "\(builds)")
    }
}
