// See include/KernelsBF16.h for what this file owns. Each function carries its own target attribute, so the
// module needs no compiler flags and builds for any architecture.
#include "KernelsBF16.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define BF16_TARGET __attribute__((target("avx512f,avx512vl,avx512bf16")))

BF16_TARGET void infrabook_bf16_round(const float *x, size_t count, uint16_t *out) {
    for (size_t i = 0; i + 32 <= count; i += 32) {
        // vcvtne2ps2bf16: the second operand fills the low half.
        __m512bh pair = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(x + i + 16), _mm512_loadu_ps(x + i));
        _mm512_storeu_si512((void *)(out + i), (__m512i)pair);
    }
}

// Tokens whose bf16 activations are reused from L2 by each tile of rows (64 × 8 KiB for k = 4096).
enum { TOKEN_BLOCK = 64 };

// R rows × T tokens over all of k: 32 columns per step, R × T accumulators of 16 lanes (two products each).
#define TILE(R, T)                                                                                              \
    BF16_TARGET static void tile_##R##x##T(const uint16_t *w, const uint16_t *x, float *y, size_t m, size_t k,  \
                                           size_t row, size_t token) {                                          \
        __m512 acc[R][T];                                                                                       \
        for (int r = 0; r < R; r++)                                                                             \
            for (int t = 0; t < T; t++) acc[r][t] = _mm512_setzero_ps();                                        \
        for (size_t j = 0; j < k; j += 32) {                                                                    \
            __m512bh xs[T];                                                                                     \
            for (int t = 0; t < T; t++) xs[t] = (__m512bh)_mm512_loadu_si512((const void *)(x + (token + t) * k + j)); \
            for (int r = 0; r < R; r++) {                                                                       \
                __m512bh ws = (__m512bh)_mm512_loadu_si512((const void *)(w + (row + r) * k + j));              \
                for (int t = 0; t < T; t++) acc[r][t] = _mm512_dpbf16_ps(acc[r][t], ws, xs[t]);                 \
            }                                                                                                   \
        }                                                                                                       \
        for (int r = 0; r < R; r++)                                                                             \
            for (int t = 0; t < T; t++) y[(token + t) * m + row + r] = _mm512_reduce_add_ps(acc[r][t]);          \
    }

TILE(4, 4)
TILE(4, 1)
TILE(1, 4)
TILE(1, 1)

BF16_TARGET void infrabook_bf16_gemm(const uint16_t *w, const uint16_t *x, float *y, size_t m, size_t k, size_t n,
                                     size_t first_row, size_t end_row) {
    for (size_t block = 0; block < n; block += TOKEN_BLOCK) {
        size_t block_end = block + TOKEN_BLOCK < n ? block + TOKEN_BLOCK : n;
        size_t row = first_row;
        for (; row + 4 <= end_row; row += 4) {
            size_t t = block;
            for (; t + 4 <= block_end; t += 4) tile_4x4(w, x, y, m, k, row, t);
            for (; t < block_end; t++) tile_4x1(w, x, y, m, k, row, t);
        }
        for (; row < end_row; row++) {
            size_t t = block;
            for (; t + 4 <= block_end; t += 4) tile_1x4(w, x, y, m, k, row, t);
            for (; t < block_end; t++) tile_1x1(w, x, y, m, k, row, t);
        }
    }
}

#else
void infrabook_bf16_round(const float *x, size_t count, uint16_t *out) { (void)x; (void)count; (void)out; }
void infrabook_bf16_gemm(const uint16_t *w, const uint16_t *x, float *y, size_t m, size_t k, size_t n,
                         size_t first_row, size_t end_row) {
    (void)w; (void)x; (void)y; (void)m; (void)k; (void)n; (void)first_row; (void)end_row;
}
#endif
