import Foundation
import Testing

/// The two vector builds share their kernel sources through symbolic links (SwiftPM cannot list one file in
/// two targets): every file in `Sources/KernelsShared` must be linked, under its own name, from both
/// `Sources/KernelsAVX2` and `Sources/KernelsAVX512`, no link may dangle or point elsewhere, and the two
/// per-width files must declare the same members, so the builds cannot drift apart unnoticed. `swift test`
/// (and so CI) fails otherwise.
struct SourceLayoutTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")
    static let targets = ["KernelsAVX2", "KernelsAVX512"]

    static func entries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: sources.appendingPathComponent(folder).path).sorted()
    }

    @Test func sharedKernelSourcesAreLinkedIntoBothBuilds() throws {
        let shared = try Self.entries("KernelsShared").filter { $0.hasSuffix(".swift") }
        #expect(shared.contains("VectorKernels.swift") && shared.contains("KQuantKernels.swift"))
        for target in Self.targets {
            for name in shared {
                let link = Self.sources.appendingPathComponent(target).appendingPathComponent(name).path
                let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: link)
                #expect(destination == "../KernelsShared/\(name)", "\(target)/\(name) must be a symbolic link to ../KernelsShared/\(name)")
            }
        }
    }

    @Test func noLinkDanglesOrPointsOutsideTheSharedFolder() throws {
        for target in Self.targets {
            for name in try Self.entries(target) {
                let path = Self.sources.appendingPathComponent(target).appendingPathComponent(name).path
                guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { continue }
                #expect(destination.hasPrefix("../KernelsShared/"), "\(target)/\(name) links to \(destination)")
                #expect(FileManager.default.fileExists(atPath: path), "\(target)/\(name) dangles (→ \(destination))")
            }
        }
    }

    /// `static let/var/func NAME` of each `VectorWidth.swift`: both builds must answer the same questions.
    @Test func bothWidthsDeclareTheSameMembers() throws {
        let pattern = try NSRegularExpression(pattern: #"static (?:let|var|func) ([A-Za-z0-9_]+)"#)
        let members = try Self.targets.map { target in
            let text = try String(contentsOf: Self.sources.appendingPathComponent(target).appendingPathComponent("VectorWidth.swift"), encoding: .utf8)
            return Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range(at: 1)) })
        }
        #expect(members[0].count >= 8)
        #expect(members[0] == members[1], "only in AVX2: \(members[0].subtracting(members[1])); only in AVX-512: \(members[1].subtracting(members[0]))")
    }
}
