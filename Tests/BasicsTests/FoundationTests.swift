import Foundation
import Testing
@testable import Basics

/// The shared reading layer: suffixes, YAML positions, near-name suggestions.
@Suite struct QuantityTests {
    // DESIGN.md "Numbers accept suffixes": 8K = 8,192 tokens, 70B = 70e9 parameters,
    // 1.5TB = 1.5e12 bytes, 80GiB = 80 × 2^30 bytes.
    @Test func designExamples() {
        #expect(Quantity.parse("8K", as: .tokens) == 8_192)
        #expect(Quantity.parse("8k", as: .tokens) == 8_192)
        #expect(Quantity.parse("128K", as: .tokens) == 131_072)
        #expect(Quantity.parse("70B", as: .count) == 70e9)
        #expect(Quantity.parse("1.5TB", as: .bytes) == 1.5e12)
        #expect(Quantity.parse("80GiB", as: .bytes) == 85_899_345_920)
    }

    @Test func plainNumbersAndSeparators() {
        #expect(Quantity.parse("131072", as: .tokens) == 131_072)
        #expect(Quantity.parse("1_000", as: .count) == 1_000)
        #expect(Quantity.parse("2.5e3", as: .plain) == 2_500)
    }

    @Test func suffixOfTheWrongKindIsRefused() {
        #expect(Quantity.parse("80GiB", as: .tokens) == nil)
        #expect(Quantity.parse("8K", as: .plain) == nil)
        #expect(Quantity.parse("lots", as: .count) == nil)
    }
}

@Suite struct YAMLNodeTests {
    @Test func positionsIncludeTheLineOffset() throws {
        let node = try YAMLNode.parse("model: llama\nusers: 10\n", file: "p.md", lineOffset: 4)
        let map = try node.mapping()
        let users = try #require(map["users"])
        #expect(users.location == SourceLocation(file: "p.md", line: 6, column: 8))
        #expect(try users.int() == 10)
    }

    @Test func unknownKeyNamesTheKeyAndSuggests() throws {
        let map = try YAMLNode.parse("modle: x\n", file: "p.md").mapping()
        let problems = map.unknownKeys(allowed: ["model", "users"], in: "'sizing' block")
        #expect(problems.count == 1)
        #expect(problems[0].location.line == 1 && problems[0].location.column == 1)
        #expect(problems[0].message.contains("did you mean 'model'?"))
    }

    @Test func duplicateKeysAreReportedAtTheSecond() {
        #expect(throws: Diagnostics.self) { try YAMLNode.parse("a: 1\nb: 2\na: 3\n", file: "d.yaml") }
        do {
            _ = try YAMLNode.parse("a: 1\nb: 2\na: 3\n", file: "d.yaml")
        } catch {
            #expect(error.items.first?.location.line == 3)
        }
    }

    @Test func syntaxErrorCarriesALine() {
        do {
            _ = try YAMLNode.parse("a: [1, 2\nb: 3\n", file: "bad.yaml", lineOffset: 10)
            Issue.record("expected a YAML error")
        } catch {
            #expect(error.items.first?.location.line ?? 0 > 10)
        }
    }

    @Test func quotedNumbersAreText() throws {
        let map = try YAMLNode.parse("a: \"12\"\n", file: "q.yaml").mapping()
        #expect(throws: Diagnostic.self) { try map["a"]!.double() }
    }

    @Test func zeroUsersIsRefused() throws {
        let map = try YAMLNode.parse("users: 0\n", file: "u.yaml").mapping()
        #expect(throws: Diagnostic.self) { try map["users"]!.positiveQuantity(.count, name: "users") }
    }
}

@Suite struct NearestNamesTests {
    @Test func suggestsBothH100Variants() {
        let gpus = ["a100-80gb", "h100-sxm", "h100-pcie", "h200", "b200"]
        let close = NearestNames.suggest("h100", among: gpus)
        #expect(close.contains("h100-sxm") && close.contains("h100-pcie"))
    }

    @Test func typoFindsTheKey() {
        #expect(NearestNames.suggest("precison", among: ["precision", "users"]) == ["precision"])
    }

    @Test func caretPointsAtTheColumn() {
        let d = Diagnostic.error(at: SourceLocation(file: "a.md", line: 2, column: 5), "bad")
        #expect(d.rendered(sourceText: "one\nabc defg\n") == "a.md:2:5: error: bad\n    abc defg\n        ^")
    }
}

/// YAML anchors and aliases are refused where YAML is read, before anything is expanded (issue 15).
struct YAMLAliasTests {
    static func laughs(key: Bool) -> String {
        // Nine levels of ten aliases each would expand 10⁹ copies of "lol".
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        // As a key, the alias would be hashed whole by Yams' duplicate-key check before anything else ran.
        return text + (key ? "? *i\n: x\n" : "")
    }

    /// `line:column: message` of each problem reading `text`, or nothing when it reads.
    func problems(_ text: String, lineOffset: Int = 0) -> [String] {
        do {
            _ = try YAMLNode.parse(text, file: "f.yaml", lineOffset: lineOffset)
            return []
        } catch {
            return error.items.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        }
    }

    @Test func billionLaughsIsRefusedAtTheFirstAlias() {
        for key in [false, true] {
            #expect(problems(Self.laughs(key: key))
                    == ["2:8: YAML anchors and aliases are not accepted (found '*a'); write the value out where it is used"])
        }
    }

    @Test func anchorsAloneAreRefusedAtTheAnchor() {
        #expect(problems("title: Page\nname: &n x\n", lineOffset: 1)
                == ["3:7: YAML anchors and aliases are not accepted (found '&n'); write the value out where it is used"])
    }

    @Test func anAliasOfAScalarIsRefusedToo() {
        #expect(problems("title: Page\nname: &n x\nother: *n\n", lineOffset: 1)
                == ["4:8: YAML anchors and aliases are not accepted (found '*n'); write the value out where it is used"])
    }

    @Test func aliasesAreFoundWhereverANodeStartsAndNowhereElse() {
        #expect(YAMLNode.firstAlias(in: "a: [1, *x]\n")! == (1, 8, "x"))
        #expect(YAMLNode.firstAlias(in: "a:\n  - - *x\n")! == (2, 7, "x"))
        #expect(YAMLNode.firstAlias(in: "{a: 1, b: *x}\n")! == (1, 11, "x"))
        // Not aliases: inside quotes, comments, block scalars and plain scalars.
        #expect(YAMLNode.firstAlias(in: "a: \"*x\"\nb: '*y'\nc: 2*3 # *z\nd: |\n  *w\n  - *v\ne: a *b\n") == nil)
    }

    @Test func nestingPastLibyamlsLimitIsAnErrorNotAStackOverflow() {
        let text = "tags: " + String(repeating: "[", count: 5_000) + "x" + String(repeating: "]", count: 5_000) + "\n"
        #expect(problems(text, lineOffset: 1).map { $0.drop { $0 != " " } } == [" invalid YAML: nested more than 1,000 levels deep"])
        #expect(problems(text, lineOffset: 1).first?.hasPrefix("2:") == true)
    }
}

/// JSON decoding errors get the line and column of the value at fault and a sentence (issue 15:
/// `benchmark.json` type errors were reported at 1:1 with the decoder's raw message).
struct JSONLocationTests {
    struct Report: Decodable {
        struct Result: Decodable { var format: String; var gflops: Double }
        var machine: String
        var results: [Result]
    }

    func diagnostic(_ text: String) -> String {
        do {
            _ = try JSONDecoder().decode(Report.self, from: Data(text.utf8))
            return "no error"
        } catch {
            let found = JSONLocation.diagnostic(for: error, in: text, file: "benchmark.json")
            return "\(found.location.line):\(found.location.column): \(found.message)"
        }
    }

    @Test func aWrongTypeIsReportedAtTheValue() {
        let text = "{\n  \"machine\": \"x\",\n  \"results\": [\n    { \"format\": \"q4_0\", \"gflops\": 12.5 },\n    { \"format\": \"q8_0\", \"gflops\": \"fast\" }\n  ]\n}\n"
        #expect(diagnostic(text) == "5:35: expected a number for 'results.1.gflops', found a string")
    }

    @Test func aMissingKeyIsReportedAtItsObject() {
        #expect(diagnostic("{\"machine\": \"x\",\n \"results\": [{\"format\": \"q4_0\"}]}") == "2:14: missing key 'gflops' in 'results.0'")
    }

    @Test func aSyntaxErrorIsReportedWhereTheTextGoesWrong() {
        #expect(diagnostic("{\"machine\": \"x\",\n \"results\": [1 2]}") == "2:16: not valid JSON: expected ',' or ']', found '2'")
        #expect(diagnostic("{\"machine\": \"x") == "1:13: not valid JSON: the string opened here is never closed")
        // The scanner stops at its depth limit instead of recursing 100,000 deep.
        #expect(diagnostic(String(repeating: "[", count: 100_000)) == "1:514: not valid JSON: nested more than 512 deep")
    }
}
