// See include/KernelsF16.h for what this file owns. Each function carries its own target attribute, so the
// module needs no compiler flags and builds for any architecture.
#include "KernelsF16.h"

// Columns per panel: 32 rows × 256 widened weights (32 KiB) stay in L1 while every token tile reads them.
enum { PANEL_COLUMNS = 256 };
// Tokens per activation block: 512 tokens × 256 columns of f32 (512 KiB) stay in L2 while the panels pass.
enum { TOKEN_BLOCK = 512 };
// Rows per panel: two zmm registers of sixteen lanes, lane i = row i.
enum { PANEL_ROWS = 32 };

size_t infrabook_f16_gemm_scratch_floats(void) { return (size_t)PANEL_ROWS * PANEL_COLUMNS + (size_t)TOKEN_BLOCK * PANEL_COLUMNS; }

#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#define F16_TARGET __attribute__((target("avx512f")))

// Columns [first, first + count) of `groups_here` (1–4) groups from `first_group`, widened to f32: panel[j * 32 + i]
// = w(8 first_group + i, first + j); the lanes of missing groups are zero.
F16_TARGET static void widen_panel(const uint16_t *groups, size_t k, size_t first_group, size_t groups_here, size_t first,
                                   size_t count, float *panel) {
    const uint16_t *g[4];
    for (size_t q = 0; q < 4; q++) g[q] = groups + ((first_group + (q < groups_here ? q : 0)) * k + first) * 8;
    for (size_t j = 0; j < count; j++) {
        // Two groups' eight weights of column j side by side, then widened: rows 0–15 and 16–31.
        __m256i low = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(g[0] + j * 8))),
                                              _mm_loadu_si128((const __m128i *)(g[1] + j * 8)), 1);
        __m256i high = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(g[2] + j * 8))),
                                               _mm_loadu_si128((const __m128i *)(g[3] + j * 8)), 1);
        __m512 a = _mm512_cvtph_ps(low), b = _mm512_cvtph_ps(high);
        // Lanes of groups past the end (loaded from the first group to stay in bounds) become zero.
        static const __mmask16 keep[5][2] = {{0, 0}, {0x00FF, 0}, {0xFFFF, 0}, {0xFFFF, 0x00FF}, {0xFFFF, 0xFFFF}};
        _mm512_store_ps(panel + j * PANEL_ROWS, _mm512_maskz_mov_ps(keep[groups_here][0], a));
        _mm512_store_ps(panel + j * PANEL_ROWS + 16, _mm512_maskz_mov_ps(keep[groups_here][1], b));
    }
}

// 32 rows × T tokens over `count` columns: per column two panel loads, T broadcasts and 2T FMAs. Adds to y (after
// the first panel of columns) or stores, only the lanes `low`/`high` of rows that exist.
#define TILE(T)                                                                                                      \
    F16_TARGET static void tile_##T(const float *panel, const float *xs, size_t count, float *y, size_t m,           \
                                    __mmask16 low, __mmask16 high, int accumulate) {                                 \
        __m512 a[T], b[T];                                                                                           \
        for (int t = 0; t < T; t++) a[t] = b[t] = _mm512_setzero_ps();                                               \
        for (size_t j = 0; j < count; j++) {                                                                         \
            __m512 w0 = _mm512_load_ps(panel + j * PANEL_ROWS), w1 = _mm512_load_ps(panel + j * PANEL_ROWS + 16);    \
            for (int t = 0; t < T; t++) {                                                                            \
                __m512 x = _mm512_set1_ps(xs[t * PANEL_COLUMNS + j]);                                                \
                a[t] = _mm512_fmadd_ps(w0, x, a[t]);                                                                 \
                b[t] = _mm512_fmadd_ps(w1, x, b[t]);                                                                 \
            }                                                                                                        \
        }                                                                                                            \
        for (int t = 0; t < T; t++) {                                                                                \
            float *out = y + t * m;                                                                                  \
            if (accumulate) {                                                                                        \
                a[t] = _mm512_add_ps(a[t], _mm512_maskz_loadu_ps(low, out));                                         \
                b[t] = _mm512_add_ps(b[t], _mm512_maskz_loadu_ps(high, out + 16));                                  \
            }                                                                                                        \
            _mm512_mask_storeu_ps(out, low, a[t]);                                                                   \
            _mm512_mask_storeu_ps(out + 16, high, b[t]);                                                             \
        }                                                                                                            \
    }

// The cache lines of 32 outputs for each token in [first, end): two, or three when the 128 bytes straddle one.
F16_TARGET static void prefetch_outputs(const float *out, size_t m, size_t first, size_t end) {
    for (size_t t = first; t < end; t++) {
        _mm_prefetch((const char *)(out + t * m), _MM_HINT_T0);
        _mm_prefetch((const char *)(out + t * m + 16), _MM_HINT_T0);
        _mm_prefetch((const char *)(out + t * m + 31), _MM_HINT_T0);
    }
}

// Cache lines [line, line + lines) of columns [first, first + count) of each of `groups_here` groups from `group`.
F16_TARGET static void prefetch_weights(const uint16_t *groups, size_t k, size_t group, size_t groups_here, size_t first,
                                        size_t count, size_t line, size_t lines) {
    size_t end = (count * 16 + 63) / 64 < line + lines ? (count * 16 + 63) / 64 : line + lines;
    for (size_t q = 0; q < groups_here; q++) {
        const char *base = (const char *)(groups + ((group + q) * k + first) * 8);
        for (size_t i = line; i < end; i++) _mm_prefetch(base + i * 64, _MM_HINT_T0);
    }
}

TILE(12)
TILE(4)
TILE(1)

F16_TARGET void infrabook_f16_gemm(const uint16_t *groups, const float *x, float *y, size_t m, size_t k, size_t n,
                                   size_t first_group, size_t end_group, float *scratch) {
    float *panel = scratch, *xs = scratch + PANEL_ROWS * PANEL_COLUMNS;
    for (size_t block = 0; block < n; block += TOKEN_BLOCK) {
        size_t tokens = n - block < TOKEN_BLOCK ? n - block : TOKEN_BLOCK;
        for (size_t first = 0; first < k; first += PANEL_COLUMNS) {
            size_t count = k - first < PANEL_COLUMNS ? k - first : PANEL_COLUMNS;
            for (size_t t = 0; t < tokens; t++) memcpy(xs + t * PANEL_COLUMNS, x + (block + t) * k + first, count * sizeof(float));
            for (size_t group = first_group; group < end_group; group += 4) {
                size_t groups_here = end_group - group < 4 ? end_group - group : 4;
                widen_panel(groups, k, group, groups_here, first, count, panel);
                __mmask16 low = groups_here >= 2 ? 0xFFFF : 0x00FF;
                __mmask16 high = groups_here == 4 ? 0xFFFF : groups_here == 3 ? 0x00FF : 0;
                float *out = y + block * m + group * 8;
                // The next panel's weights come from memory: a share of them is fetched during each 12-token tile.
                size_t next = group + 4 < end_group ? group + 4 : first_group;
                size_t next_first = group + 4 < end_group ? first : first + PANEL_COLUMNS;
                size_t next_count = next_first < k ? (k - next_first < PANEL_COLUMNS ? k - next_first : PANEL_COLUMNS) : 0;
                size_t next_groups = end_group - next < 4 ? end_group - next : 4;
                size_t tiles = tokens / 12 > 0 ? tokens / 12 : 1;
                size_t share = (next_count * 16 / 64 + tiles - 1) / tiles;  // cache lines per group per tile
                size_t t = 0;
                for (; t + 12 <= tokens; t += 12) {
                    // The next tile's outputs were last touched a whole pass over the rows ago (out in L3): fetched
                    // while this tile computes, they are in L1 when it adds to them.
                    if (first > 0) prefetch_outputs(out, m, t + 12, t + 24 < tokens ? t + 24 : tokens);
                    prefetch_weights(groups, k, next, next_groups, next_first, next_count, t / 12 * share, share);
                    tile_12(panel, xs + t * PANEL_COLUMNS, count, out + t * m, m, low, high, first > 0);
                }
                for (; t + 4 <= tokens; t += 4) tile_4(panel, xs + t * PANEL_COLUMNS, count, out + t * m, m, low, high, first > 0);
                for (; t < tokens; t++) tile_1(panel, xs + t * PANEL_COLUMNS, count, out + t * m, m, low, high, first > 0);
            }
        }
    }
}

#else
void infrabook_f16_gemm(const uint16_t *groups, const float *x, float *y, size_t m, size_t k, size_t n,
                        size_t first_group, size_t end_group, float *scratch) {
    (void)groups; (void)x; (void)y; (void)m; (void)k; (void)n; (void)first_group; (void)end_group; (void)scratch;
}
#endif
