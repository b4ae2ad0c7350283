import Foundation
import Testing

/// Pages a careless or hostile author could save, run through the real `infrabook build`: each one is
/// refused with a clear error at its place, never published, never a crash (issue 15).
@Suite struct HostilePageTests {
    func page(_ book: FixtureBook, _ relative: String, _ body: String) throws -> String {
        let url = book.content.appendingPathComponent("pages/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(body.utf8).write(to: url)
        return url.path
    }

    func build(_ book: FixtureBook) throws -> FixtureBook.Run {
        try book.infrabook(["build", "--content", book.content.path, "--output", book.output.path, "--templates", FixtureBook.templates.path])
    }

    @Test func allowedRawHTMLKeepsNoWayToRunScriptInAnyEdition() throws {
        // The browser test opens the same fixture in Chromium; this checks the files themselves.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("infrabook-hostile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let book = try FixtureBook()
        defer { book.remove() }
        let hostile = FixtureBook.repository.appendingPathComponent("Tests/Fixtures/hostile")
        let run = try book.infrabook(["build", "--content", hostile.path, "--output", output.path, "--templates", FixtureBook.templates.path])
        #expect(run.status == 0, "\(run.standardError)")
        for file in ["site/index.html", "site/print.html", "markdown/index.md"] {
            let text = try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
            // The page's own content: what lies between its first `<article` and its last `</article>`.
            let article = file.hasSuffix(".md") ? text
                : String(text[text.range(of: "<article")!.lowerBound..<text.range(of: "</article>", options: .backwards)!.upperBound])
            for tag in ["<script", "<base", "<meta", "<object", "<embed", "<iframe", "<svg", "<math", "<form", "<input", "<style", "<link"] {
                #expect(!article.lowercased().contains(tag + " ") && !article.lowercased().contains(tag + ">"), "\(file) has \(tag)")
            }
            let attributes = article.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
                + article.components(separatedBy: "src=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(!attributes.contains { $0.lowercased().contains("script") || $0.contains("evil") || $0.hasPrefix("data:text") }, "\(file): \(attributes)")
            #expect(article.range(of: #"<[a-z0-9]+\s[^>]*\bon[a-z]+\s*="#, options: [.regularExpression, .caseInsensitive]) == nil, "\(file) has a handler")
            #expect(text.contains("<span class=\"kept\">This sentence is allowed markup and must survive.</span>"))
        }
        for file in ["site/index.html", "site/print.html", "site/changes.html"] {
            let text = try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self';"), "\(file)")
        }
    }

    @Test func pageNamesABrowserWouldReadAsAURLAreRefused() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let scheme = try page(book, "javascript:alert(1)+''.md", "---\ntitle: X\n---\nx\n")
        let anchor = try page(book, "guide/a#b.md", "---\ntitle: Y\n---\ny\n")
        let run = try build(book)
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(scheme):1:1: error: the page's file name 'javascript:alert(1)+''.md' contains ':'"))
        #expect(run.standardError.contains("\(anchor):1:1: error: the page's file name 'guide/a#b.md' contains '#'"))
        #expect(!FileManager.default.fileExists(atPath: book.output.path))
    }

    @Test func pagesNamedLikeGeneratedFilesAreRefused() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let printPage = try page(book, "print.md", "---\ntitle: Mine\n---\nmine\n")
        let changes = try page(book, "Changes.md", "---\ntitle: Mine too\n---\nmine\n")
        let run = try build(book)
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(printPage):1:1: error: 'print.md' would be written as 'print.html', which the build generates itself"))
        #expect(run.standardError.contains("\(changes):1:1: error: 'Changes.md' would be written as 'changes.html'"))
    }

    @Test func aSymbolicLinkOutOfTheContentFolderIsNotFollowed() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let secret = book.root.appendingPathComponent("secret.md")
        try Data("---\ntitle: secret-first-line\n---\nThe secret text.\n".utf8).write(to: secret)
        let link = book.content.appendingPathComponent("pages/leak.md")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: secret)
        let folderLink = book.content.appendingPathComponent("pages/elsewhere")
        try FileManager.default.createSymbolicLink(at: folderLink, withDestinationURL: book.root)
        let run = try build(book)
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(link.path):1:1: error: the page is a symbolic link to a file outside the pages folder"))
        #expect(run.standardError.contains("\(folderLink.path):1:1: error: a symbolic link to a folder outside the pages folder"))
        #expect(!run.standardError.contains("secret-first-line") && !run.standardError.contains("secret text"))
        #expect(!FileManager.default.fileExists(atPath: book.output.path))
    }

    @Test func invalidUTF8IsReportedAtTheBadByte() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let url = book.content.appendingPathComponent("pages/latin1.md")
        // "café" saved as Latin-1: 0xE9 on line 5, after the four characters "Caf" and a space... "Un caf" is 6.
        try Data("---\ntitle: L\n---\n\nUn caf".utf8 + [0xE9] + " noir\n".utf8).write(to: url)
        let run = try build(book)
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(url.path):5:7: error: the file is not valid UTF-8: byte 0xE9 at byte offset 24"), "\(run.standardError)")
    }

    @Test func nestingPastTheLimitIsAnErrorNotACrash() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let quotes = try page(book, "quotes.md", "---\ntitle: Q\n---\n\n" + String(repeating: ">", count: 20_000) + " deep\n")
        let stars = String(repeating: "*", count: 50_000)
        let emphasis = try page(book, "emphasis.md", "---\ntitle: E\n---\n\n" + stars + "x" + stars + "\n")
        let run = try build(book)
        #expect(run.status == 1, "\(run.standardError.suffix(300))")
        #expect(run.standardError.contains("\(quotes):5:101: error: nested more than 100 levels deep"))
        #expect(run.standardError.contains("\(emphasis):5:"))
    }

    @Test func tenThousandIdenticalHeadingsBuildInSeconds() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        _ = try page(book, "same.md", "---\ntitle: Same\n---\n\n" + String(repeating: "## Same\n\ntext\n\n", count: 10_000))
        let start = Date()
        let run = try build(book)
        let seconds = Date().timeIntervalSince(start)
        #expect(run.status == 0, "\(run.standardError.suffix(300))")
        // 12–16 s before anchors were de-duplicated in one pass (issue 15); under a second now on a quiet machine.
        #expect(seconds < 10, "\(seconds) s")
        #expect(try book.text("site/same.html").contains("<h2 id=\"same-9999\">Same</h2>"))
    }
}
