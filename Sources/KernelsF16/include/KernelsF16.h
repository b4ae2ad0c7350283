// The f16 GEMM in 512-bit registers: f16 weights in the decode layout (groups of eight interleaved rows,
// `InterleavedRows`) widened to f32 once per panel of 32 rows × 256 columns, then f32 FMAs of 32 rows × 12
// tokens per step, 24 accumulators in zmm registers. Owns only this product; the arithmetic is the f32 path's
// (exact widening, f32 products and sums), so nothing is rounded that the other paths keep. Never checks the
// CPU (its caller does, through Kernels.CPUFeatures) and never runs on a CPU without avx512f; on other
// architectures the function does nothing. Written in C because the tile's 24 zmm accumulators must stay in
// registers between FMAs: with Swift's InlineArray tiles past 16 accumulators LLVM stored each one to the stack
// after every FMA (Notes/kernels.md, version 11).
#ifndef KERNELS_F16_H
#define KERNELS_F16_H

#include <stddef.h>
#include <stdint.h>

// Floats of scratch one call needs (the widened panel and the packed activations), 64-byte aligned.
size_t infrabook_f16_gemm_scratch_floats(void);

// y[t * m + r] = sum over j < k of w(r, j) * x[t * k + j] for the rows of groups [first_group, end_group) and
// tokens t < n. `groups` holds the f16 weights as `InterleavedRows` lays them out: w(8g + i, j) at
// groups[(g * k + j) * 8 + i]. `scratch` holds infrabook_f16_gemm_scratch_floats() floats, 64-byte aligned, and
// belongs to this call alone.
void infrabook_f16_gemm(const uint16_t *groups, const float *x, float *y, size_t m, size_t k, size_t n,
                        size_t first_group, size_t end_group, float *scratch);

#endif
