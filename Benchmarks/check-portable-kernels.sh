#!/usr/bin/env bash
# Checks that the portable Kernels module contains no AVX code: every instruction in its object files
# must run on a baseline x86-64 CPU, so a machine without AVX2 runs the scalar path instead of
# crashing. Only KernelsAVX2 and KernelsAVX512 may hold VEX-encoded (v-prefixed) instructions or ymm
# registers, and Kernels calls into them only after its run-time CPU check. KernelsAVX2 in turn must
# hold no AVX-512 instruction (no zmm, no xmm/ymm 16-31, no mask register), so a CPU with AVX2 but
# without AVX-512 runs it.
#
#   usage: Benchmarks/check-portable-kernels.sh [SCRATCH]   (default .build; builds Kernels in release)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${1:-.build}
swift build -c release --scratch-path "$SCRATCH" --target Kernels >/dev/null
objects=("$SCRATCH"/release/Kernels.build/*.o)
failed=0
for object in "${objects[@]}"; do
    # objdump prints "address:<TAB>mnemonic operands"; VEX/EVEX instructions all start with 'v'.
    avx=$(objdump -d --no-show-raw-insn "$object" | awk -F'\t' 'NF >= 2 && ($2 ~ /^v/ || $2 ~ /[xyz]mm(1[6-9]|2[0-9]|3[01])|ymm|zmm/)' | wc -l)
    if [ "$avx" -ne 0 ]; then
        echo "$object: $avx AVX instructions" >&2
        objdump -d --no-show-raw-insn "$object" | awk -F'\t' 'NF >= 2 && $2 ~ /^v|ymm|zmm/' | head -5 >&2
        failed=1
    fi
done
for object in "$SCRATCH"/release/KernelsAVX2.build/*.o; do
    avx512=$(objdump -d --no-show-raw-insn "$object" | awk -F'\t' 'NF >= 2 && $2 ~ /zmm|[xy]mm(1[6-9]|2[0-9]|3[01])|%k[0-7]/' | wc -l)
    if [ "$avx512" -ne 0 ]; then
        echo "$object: $avx512 AVX-512 instructions" >&2
        failed=1
    fi
done
fast=$(cat "$SCRATCH"/release/KernelsAVX2.build/*.o | wc -c)
wide=$(cat "$SCRATCH"/release/KernelsAVX512.build/*.o | wc -c)
[ "$failed" -eq 0 ] && echo "ok: ${#objects[@]} Kernels objects hold no AVX instruction, KernelsAVX2 no AVX-512 one (objects: KernelsAVX2 $fast bytes, KernelsAVX512 $wide bytes)"
exit "$failed"
