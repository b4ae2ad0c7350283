import Basics
import Testing

/// The wording every front end shares: counted nouns and the one duration style.
@Suite struct NumberTextTests {
    @Test func countsAgreeWithTheirNoun() {
        #expect(NumberText.count(1, "user") == "1 user")
        #expect(NumberText.count(10, "user") == "10 users")
        #expect(NumberText.count(8192, "token") == "8,192 tokens")
        #expect(NumberText.count(2.0, "GPU") == "2 GPUs")
        #expect(NumberText.count(1, "query", plural: "queries") == "1 query")
        #expect(NumberText.count(3, "query", plural: "queries") == "3 queries")
    }

    @Test func listsReadAsASentence() {
        #expect(NumberText.list([]) == "")
        #expect(NumberText.list(["TTFT"]) == "TTFT")
        #expect(NumberText.list(["TTFT", "TPOT"]) == "TTFT and TPOT")
        #expect(NumberText.list(["throughput", "TTFT", "TPOT"]) == "throughput, TTFT and TPOT")
    }

    /// Under a second in milliseconds, from a second on in seconds; never "0.69 s" beside "691 ms".
    @Test func oneDurationStyle() {
        #expect(NumberText.duration(0.6909) == "691 ms")
        #expect(NumberText.duration(0.0835) == "84 ms")
        #expect(NumberText.duration(0.0027) == "2.7 ms")
        // Under a millisecond, microseconds: an all-reduce's latency (28 µs) is not "0 ms".
        #expect(NumberText.duration(28e-6) == "28 µs")
        #expect(NumberText.duration(4.54e-6) == "4.5 µs")
        #expect(NumberText.duration(0.9996e-3) == "1 ms")
        #expect(NumberText.duration(0.9996) == "1 s")
        #expect(NumberText.duration(1.25) == "1.25 s")
        #expect(NumberText.duration(12.34) == "12.3 s")
        #expect(NumberText.duration(0) == "0 s")
        #expect(NumberText.duration(.infinity) == "—")
    }
}
