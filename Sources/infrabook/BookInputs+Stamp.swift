import Foundation
import Site

/// What `build` gathers from its surroundings for the pages' build stamp: the environment's
/// `INFRABOOK_COMMIT` and `INFRABOOK_EDIT_URL`, and each page's last commit date from git. Kept apart
/// from the evaluation inputs; it reads no clock (the date is the build's own).
extension BookInputs {
    /// The footer's build stamp: the build's date, this version, `INFRABOOK_COMMIT` and
    /// `INFRABOOK_EDIT_URL` when set, and each page's last change from git (none outside a repository).
    /// Nothing here reads a clock but `today`, so the same input, settings and commit build the same bytes.
    func stamp(today: String) -> BuildStamp {
        let environment = ProcessInfo.processInfo.environment
        let pages = (content as NSString).appendingPathComponent("pages")
        return BuildStamp(date: today, version: Infrabook.version, commit: environment["INFRABOOK_COMMIT"],
                          editURL: environment["INFRABOOK_EDIT_URL"], pageDates: Self.lastChanges(in: pages))
    }

    /// Each file's last commit date (`YYYY-MM-DD`) under `folder`, by its path relative to it, from one
    /// `git log`; empty when git or a repository is missing.
    static func lastChanges(in folder: String) -> [String: String] {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", folder, "log", "--format=%x01%cs", "--name-only", "--relative", "--", "."]
        let pipe = Pipe()
        git.standardOutput = pipe
        git.standardError = FileHandle.nullDevice
        do { try git.run() } catch { return [:] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        git.waitUntilExit()
        guard git.terminationStatus == 0 else { return [:] }
        var dates: [String: String] = [:]
        var date = ""
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("\u{1}") { date = String(line.dropFirst()); continue }
            if dates[String(line)] == nil { dates[String(line)] = date }  // newest first: keep the first
        }
        return dates
    }
}
