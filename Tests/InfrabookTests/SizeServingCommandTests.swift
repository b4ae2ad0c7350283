import Foundation
import Testing

/// `infrabook size` with a workload through the built binary: the JSON contract of issue 18, the
/// same output for the same seed, and bad input refused with exit status 1 and the option named.
@Suite struct SizeServingCommandTests {
    static let data = FixtureBook.repository.appendingPathComponent("Content/data").path

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// NVIDIA NIM's benchmark layout (Llama 3.1 70B FP8 on 2 × H100 SXM, TP 2, 5,000 tokens in, 500 out), 25 users.
    let pinned = ["size", "--model", "llama-3.1-70b", "--precision", "fp8", "--input-tokens", "5000", "--output-tokens", "500",
                  "--users", "25", "--gpu", "h100-sxm", "--gpus", "2", "--tp", "2", "--requests", "500", "--format", "json"]

    @Test func pinnedLayoutCarriesServingFigures() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        let run = try book.infrabook(pinned + ["--data", Self.data])
        #expect(run.status == 0, "\(run.standardError)")
        let option = try #require((try json(run.standardOutput)["options"] as? [[String: Any]])?.first)
        #expect(option["replicas"] as? Int == 1)
        #expect(option["gpus"] as? Int == 2 && option["tensor_parallel"] as? Int == 2)
        #expect(option["fits"] as? Bool == true)
        let serving = try #require(option["serving"] as? [String: Any])
        for key in ["output_tokens_per_second", "total_tokens_per_second", "requests_per_second", "max_running_requests",
                    "kv_capacity_tokens"] {
            #expect((serving[key] as? Double ?? 0) > 0, "\(key)")
        }
        for key in ["ttft_seconds", "tpot_seconds", "e2e_seconds"] {
            let p = try #require(serving[key] as? [String: Double], "\(key)")
            #expect(p["p50"]! > 0 && p["p50"]! <= p["p90"]! && p["p90"]! <= p["p99"]!, "\(key)")
        }
        #expect(option["meets_targets"] is NSNull)
        // The same seed gives the same bytes.
        #expect(try book.infrabook(pinned + ["--data", Self.data]).standardOutput == run.standardOutput)
    }

    @Test func badServingInputIsRefusedWithTheOption() throws {
        let book = try FixtureBook()
        defer { book.remove() }
        func refused(_ change: [String], _ fragment: String) throws {
            let run = try book.infrabook(pinned + change + ["--data", Self.data])
            #expect(run.status == 1, "\(change): \(run.standardError)")
            #expect(run.standardError.contains(fragment), "\(change): \(run.standardError)")
        }
        try refused(["--rate", "2"], "--rate: give users (a closed loop) or a rate")
        try refused(["--output-tokens", "0"], "--output-tokens: output tokens must be at least 1")
        try refused(["--input-tokens", "samples()"], "a list of samples needs at least one sample")
        try refused(["--input-tokens", "lots"], "--input-tokens: expected a token count")
        try refused(["--tp", "3"], "TP 3 does not divide")
        try refused(["--pp", "81"], "more pipeline stages than")
        try refused(["--ttft", "fast"], "--ttft: expected a duration")
    }
}
