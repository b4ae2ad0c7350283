import Foundation
import Testing

/// The package's only product is the `infrabook` executable, so no library target offers a Swift API to
/// anyone outside the package: what modules share is `package`, not `public`. This check reads every Swift
/// file of the library targets and fails on a `public` declaration modifier, unless a `// public: REASON`
/// comment on its line or just above the declaration says why, or its whole target is listed below with
/// the reason. It keeps README's module-map rule true; `swift test` (and so CI) fails otherwise.
struct PackageAccessTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")
    /// The executable target, whose declarations are internal to it anyway.
    static let executableTargets: Set<String> = ["infrabook"]
    /// Targets that stay `public` whole, and why. Release builds inline a body across modules only from a
    /// public declaration: `@inlinable package` members are called, not inlined (measured on `AVX2Job`'s
    /// `blocksPerRow`, 188 calls in the AVX-512 tile loops), and cross-module optimisation skips `package`.
    static let publicTargets: [String: String] = [
        "KernelsAVX2": "AVX2Job and its @inlinable helpers are inlined into the AVX-512 kernels and Kernels",
        "KernelsShared": "the vector kernels' entry points, compiled into KernelsAVX2 and KernelsAVX512",
    ]

    /// `public` used as an access modifier: before a declaration keyword, another modifier or an attribute.
    static let modifier = try! NSRegularExpression(pattern: #"(?<![\w."])public(?=\s+(?:static|class|struct|enum|final|func|var|let|init|extension|protocol|typealias|subscript|private|internal|fileprivate|mutating|nonmutating|nonisolated|indirect|convenience|required|actor|lazy|override|associatedtype|import|@)\b|\s+init[?!(<]|\s*\()"#)

    /// `line: text` of each `public` modifier in `text` that carries no `// public: REASON` on its line or in
    /// the comments and attributes just above it. Comments and string literals (one-line and `"""` blocks)
    /// are not code, so a word "public" in them never counts.
    static func unexplainedPublic(in text: String) -> [String] {
        var found: [String] = []
        var inBlockString = false
        var inBlockComment = false
        var reasonAbove = false
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("//") {
                if trimmed.range(of: #"^//\s*public:\s*\S"#, options: .regularExpression) != nil { reasonAbove = true }
                continue
            }
            // An attribute on its own line sits between the reason and the declaration.
            if trimmed.hasPrefix("@"), trimmed.range(of: #"^(@\w+(\([^)]*\))?\s*)+$"#, options: .regularExpression) != nil { continue }
            defer { if !trimmed.isEmpty { reasonAbove = false } }
            var code = line
            if line.components(separatedBy: "\"\"\"").count % 2 == 0 { inBlockString.toggle(); continue }
            if inBlockString { continue }
            if inBlockComment {
                guard let end = code.range(of: "*/") else { continue }
                code = String(code[end.upperBound...])
                inBlockComment = false
            }
            if let start = code.range(of: "/*"), code.range(of: "*/", range: start.upperBound..<code.endIndex) == nil {
                code = String(code[..<start.lowerBound])
                inBlockComment = true
            }
            code = code.replacingOccurrences(of: #""(?:[^"\\]|\\.)*""#, with: "\"\"", options: .regularExpression)
            let comment = code.range(of: "//").map { String(code[$0.lowerBound...]) } ?? ""
            if let start = code.range(of: "//") { code = String(code[..<start.lowerBound]) }
            let range = NSRange(code.startIndex..., in: code)
            guard modifier.firstMatch(in: code, range: range) != nil else { continue }
            if reasonAbove || comment.range(of: #"//\s*public:\s*\S"#, options: .regularExpression) != nil { continue }
            found.append("\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
        }
        return found
    }

    /// Every Swift file of every library target (links into `KernelsShared` are read once, from there).
    static func librarySwiftFiles() throws -> [String] {
        let manager = FileManager.default
        var files: [String] = []
        for target in try manager.contentsOfDirectory(atPath: sources.path).sorted()
        where !executableTargets.contains(target) && publicTargets[target] == nil {
            guard let walker = manager.enumerator(atPath: sources.appendingPathComponent(target).path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".swift") {
                let path = "\(target)/\(relative)"
                if (try? manager.destinationOfSymbolicLink(atPath: sources.appendingPathComponent(path).path)) != nil { continue }
                files.append(path)
            }
        }
        return files.sorted()
    }

    @Test func noLibraryTargetDeclaresAPublicAPI() throws {
        let files = try Self.librarySwiftFiles()
        // The library targets hold over two hundred files; a walk that finds few has lost its way.
        #expect(files.count > 150)
        var offences: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            offences += Self.unexplainedPublic(in: text).map { "Sources/\(file):\($0)" }
        }
        #expect(offences.isEmpty, """
            nothing in a library target is offered outside the package: write `package`, or say why the language \
            needs `public` with `// public: REASON` on the line (README, Modules):
            \(offences.joined(separator: "\n"))
            """)
    }

    /// The check itself: it must see a modifier in each place one can stand, and nothing in comments or text.
    @Test func theCheckFindsModifiersButNotWords() {
        let caught = Self.unexplainedPublic(in: """
            public struct Plan {
                public init(x: Int) {}
                @inlinable public var bytes: Int { 0 }
                public private(set) var rows = 0
                public static func make() {}
            }
            public extension Plan {}
            public protocol Priced {}
            public enum Tier { case spot }
            public typealias Rows = [Int]
            """)
        #expect(caught.map { $0.prefix(while: { $0 != ":" }) } == ["1", "2", "3", "4", "5", "7", "8", "9", "10"])
        let quiet = Self.unexplainedPublic(in: #"""
            /// A public record, published with its source.
            // public struct Old {}
            package struct Plan {
                let note = "public struct in a string"
                package init() {} // public projects' figures
                public var id: String // public: the witness of a public protocol of another package
                // public: inlined across modules
                @inlinable
                public func next() -> Int { 0 }
            }
            /*
             public enum Commented {}
             */
            """#)
        #expect(quiet.isEmpty, "\(quiet)")
    }
}
