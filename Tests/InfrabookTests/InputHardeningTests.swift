import Foundation
import Testing

/// The command line refuses bad input with a message and exit status 1, never a trap or a silent
/// fallback (issue 15): counts too large for the engine, negative values, a GPU named twice, and a
/// `SOURCE_DATE_EPOCH` that is not whole seconds.
@Suite struct InputHardeningTests {
    let data = FixtureBook.repository.appendingPathComponent("Content/data").path

    func size(_ arguments: [String]) throws -> FixtureBook.Run {
        let book = try FixtureBook()
        defer { book.remove() }
        return try book.infrabook(["size", "--data", data, "--model", "llama-3.1-70b", "--gpu", "h100-sxm"] + arguments)
    }

    /// Whether `size` with `arguments` exits with status 1 and says `message`.
    func sizeRefuses(_ arguments: [String], saying message: String) throws -> Bool {
        let run = try size(arguments)
        return run.status == 1 && run.standardError.contains(message)
    }

    @Test func oneTrillionUsersIsTooLargeNotATrap() throws {
        // The suffix the tool's own error text suggests (1.5T); 10¹² users × 2.7 GB of cache each passes 9.2 EB.
        #expect(try sizeRefuses(["--users", "1T"], saying: "--users: 'users' is too large: the KV cache of 1,000,000,000,000 users "
                                + "would come to more than 9,223,372,036,854,775,807 bytes"))
        #expect(try sizeRefuses(["--users", "1e20"], saying: "--users: users is too large (the most accepted is 9,007,199,254,740,992), found '1e20'"))
    }

    @Test func aProjectFileWithOneTrillionUsersIsRefusedAtItsLine() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let project = try String(contentsOf: FixtureBook.repository.appendingPathComponent("Content/projects/code-completion.yaml"), encoding: .utf8)
        #expect(project.contains("\nusers: 200\n"))
        let file = book.root.appendingPathComponent("big.yaml")
        try Data(project.replacingOccurrences(of: "\nusers: 200\n", with: "\nusers: 1T\n").utf8).write(to: file)
        let run = try book.infrabook(["report", file.path, "--output", book.output.path, "--data", data])
        #expect(run.status == 1)
        #expect(run.standardError.contains("big.yaml:11:8: error: 'users' is too large: the KV cache of 1,000,000,000,000 users"))
        #expect(!FileManager.default.fileExists(atPath: book.output.path))
    }

    @Test func aNegativeContextIsReadAsAValueAndRefused() throws {
        #expect(try sizeRefuses(["--context", "-5"], saying: "--context: context must be at least 1 token, found -5"))
    }

    @Test func aGPUNamedTwiceIsRefused() throws {
        #expect(try sizeRefuses(["--gpu", "h100-sxm"], saying: "--gpu: 'h100-sxm' is listed twice; name each GPU once"))
    }

    @Test func aMalformedSourceDateEpochIsRefused() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        for value in ["abc", "1e20", "-5", ""] {
            let run = try book.infrabook(["check", "--content", book.content.path], environment: ["SOURCE_DATE_EPOCH": value])
            #expect(run.status == 1, "SOURCE_DATE_EPOCH=\(value)")
            #expect(run.standardError.contains("SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC"), "SOURCE_DATE_EPOCH=\(value)")
        }
    }

    @Test func importRefusesAFutureDateAgainstTheBuildDay() throws {
        // SOURCE_DATE_EPOCH 1795910400 is 2026-11-29 (FixtureBook's default): a row dated the next day is refused.
        let book = try FixtureBook()
        defer { book.remove() }
        let prices = book.root.appendingPathComponent("prices.yaml")
        try FileManager.default.copyItem(atPath: data + "/prices.yaml", toPath: prices.path)
        let before = try Data(contentsOf: prices)
        let csv = book.root.appendingPathComponent("new.csv")
        try Data("kind,id,tier,price,source,date\ngpu_hourly,h100-sxm,on_demand,2.49,mercatus-2026-05,2026-11-30\n".utf8).write(to: csv)
        let run = try book.infrabook(["prices", "import", csv.path, "--prices", prices.path, "--data", data])
        #expect(run.status == 1)
        #expect(run.standardError.contains("new.csv:2:53: error: the date 2026-11-30 is after today (2026-11-29)"))
        #expect(try Data(contentsOf: prices) == before)
    }
}
