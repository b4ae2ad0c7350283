import Basics
import Catalog
import Sizing
import Testing

/// Engine arithmetic on counts is overflow-checked (issue 15): an input too large to count is a
/// `SizingError` naming the field, never a trap; `CheckedCount` is the one home of the check.
struct OverflowTests {
    let f: SizingFixtures
    init() throws { f = try SizingFixtures() }

    @Test func checkedCountRefusesWhatAnIntCannotHold() throws {
        #expect(try CheckedCount.product(327_680, 8_192, 10, what: "x") == 26_843_545_600)
        #expect(throws: CountOverflow(what: "the cache")) { try CheckedCount.product(Int.max / 2, 3, what: "the cache") }
        #expect(throws: CountOverflow(what: "a sum")) { try CheckedCount.sum(Int.max, 1, what: "a sum") }
        #expect(throws: CountOverflow(what: "bytes")) { try CheckedCount.rounded(9.3e18, what: "bytes") }
        #expect(throws: CountOverflow(what: "bytes")) { try CheckedCount.rounded(.infinity, what: "bytes") }
        #expect(try CheckedCount.rounded(2.25, what: "bytes") == 3)
    }

    @Test func oneTrillionUsersIsTooManyForTheKVCache() {
        // Llama 3.1 70B: 327,680 B per token (config.json) × 8,192 tokens = 2,684,354,560 B per user;
        // × 10¹² users is 2.7 × 10²¹ B, past Int.max (9.2 × 10¹⁸).
        #expect {
            try f.kv("llama-3.1-70b", context: 8192, users: 1_000_000_000_000)
        } throws: { error in
            let sizing = error as? SizingError
            return sizing?.field == .users && sizing?.message.hasPrefix("'users' is too large: the KV cache of 1,000,000,000,000 users") == true
        }
        // 10⁹ users fit: 2,684,354,560 × 10⁹ = 2.68 × 10¹⁸ B.
        #expect((try? f.kv("llama-3.1-70b", context: 8192, users: 1_000_000_000))?.totalBytes == 2_684_354_560_000_000_000)
    }

    @Test func thePlanRefusesTheSameWayThroughEveryPart() {
        // 3,435,973,836 users × 2,684,354,560 B is 9,223,372,034,707,292,160 B: the cache alone fits an Int,
        // with 2.1 GB to spare, but adding the 141 GB of weights does not.
        #expect((try? f.kv("llama-3.1-70b", context: 8192, users: 3_435_973_836)) != nil)
        #expect {
            try f.plan("llama-3.1-70b", "bf16", users: 3_435_973_836, context: 8192, gpus: ["h100-sxm"])
        } throws: { error in
            (error as? SizingError)?.field == .users && (error as? SizingError)?.message.contains("the memory would come to more than") == true
        }
    }

    @Test func aGPUNamedTwiceIsRefused() {
        #expect {
            try f.plan("llama-3.1-8b", "bf16", gpus: ["h100-sxm", "h100-sxm"])
        } throws: { error in
            (error as? SizingError)?.message == "'h100-sxm' is listed twice; name each GPU once"
        }
    }

    @Test func wholeNumbersHaveOneRule() throws {
        #expect(try Quantity.whole(1e12) == 1_000_000_000_000)
        #expect(throws: Quantity.WholeNumberProblem.fraction) { try Quantity.whole(2.5) }
        #expect(throws: Quantity.WholeNumberProblem.tooLarge) { try Quantity.whole(1e20) }
    }

    @Test func largeNumbersAreWrittenInDigits() {
        #expect(NumberText.wholeDigits(1e30) == "1" + String(repeating: "0", count: 30))
        #expect(NumberText.wholeDigits(1.2345678901234567e19) == "12345678901234567000")
        #expect(NumberText.decimal(1e20) == "100,000,000,000,000,000,000")
        #expect(NumberText.fixed(1e20, places: 1) == "100,000,000,000,000,000,000.0")
    }
}

/// Architectures whose matrices no `Int` can count (QA of issue 17): the per-tensor layout declines
/// them instead of trapping, and the catalog refuses them where they are written.
struct ModelLimitTests {
    let f: SizingFixtures
    init() throws { f = try SizingFixtures() }

    @Test func aLayoutTooLargeToCountIsDeclinedNotTrapped() throws {
        // 65,536 experts × (2 × 2²⁴) × 2²⁴ weights per layer is 2⁷³: before, TensorLayout trapped on it.
        var model = f.model("deepseek-v3")
        model.hiddenSize = ModelSpec.largestDimension
        model.experts?.total = ModelSpec.largestExpertCount
        model.experts?.expertFFNSize = ModelSpec.largestDimension
        #expect(TensorLayout(model: model) == nil)
        // The shipped record still lays out: DeepSeek-V3's config.json counts 671,026,419,200 parameters.
        #expect(TensorLayout(model: f.model("deepseek-v3")).map { $0.matrices.reduce(0) { $0 + $1.parameters } + $0.otherParameters }
                == 671_026_419_200)
    }

    @Test func limitProblemNamesTheFirstFieldOutsideItsRange() {
        var model = f.model("llama-3.1-8b")
        #expect(model.limitProblem == nil)
        model.kvHeads = 3   // Llama 3.1 8B has 32 query heads (config.json): 3 does not divide them.
        #expect(model.limitProblem == "the attention head count 32 is not a multiple of the KV head count 3")
        model.kvHeads = -8
        #expect(model.limitProblem == "the KV head count is -8; expected 1 to 32")
    }

    @Test func countedNounsAgreeWithOneToken() throws {
        // Before: "× 1 tokens × 1 user". 131,072 B per token: Llama 3.1 8B's 32 layers × 8 KV heads × 128 × 2 (K and V) × 2 bytes.
        let kv = try f.kv("llama-3.1-8b", context: 1, users: 1)
        #expect(kv.formula == "131,072 B per token × 1 token × 1 user")
    }
}
