// The bfloat16 GEMM on AVX-512 BF16 (`vdpbf16ps`): the one kernel Swift cannot express, because Swift 6.3
// imports no intrinsic that takes clang's bf16 vector types. Owns only this product and the rounding of its
// activations to bf16; never checks the CPU (its caller does, through Kernels.CPUFeatures) and never runs
// on a CPU without avx512f, avx512vl and avx512_bf16. On other architectures both functions do nothing.
#ifndef KERNELS_BF16_H
#define KERNELS_BF16_H

#include <stddef.h>
#include <stdint.h>

// x (count f32 values, count a multiple of 32) rounded to bf16, nearest even, into out.
void infrabook_bf16_round(const float *x, size_t count, uint16_t *out);

// y[t * m + r] = sum over j < k of w[r * k + j] * x[t * k + j] for rows r in [first_row, end_row) and tokens
// t < n, with bf16 weights and bf16 activations (from infrabook_bf16_round) and f32 accumulation.
// k must be a multiple of 32.
void infrabook_bf16_gemm(const uint16_t *w, const uint16_t *x, float *y, size_t m, size_t k, size_t n,
                         size_t first_row, size_t end_row);

#endif
