#!/usr/bin/env python3
"""Writes the header of a DeepSeek-V3-shaped GGUF file (61 blocks, 256 experts, a 129,280-token
vocabulary, ~1,100 tensors in Q4_K/Q6_K/F32) and extends the file, sparsely, to the size its tensor
data would take (~380 GB), so `infrabook inspect` sees a real-layout header on a real-size file while
the disk holds only the header. For Benchmarks/inspect-bench.sh.

usage: generate-gguf-header.py OUT.gguf
"""
import struct
import sys

QK_K = 256
TYPES = {"F32": (0, 1, 4), "Q4_K": (12, 256, 144), "Q6_K": (14, 256, 210)}


def gguf_string(text):
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def kv(key, type_id, payload):
    return gguf_string(key) + struct.pack("<I", type_id) + payload


def main(out):
    arch = "deepseek2"
    vocab = 129280
    hidden, layers, experts, expert_ffn, dense_ffn = 7168, 61, 256, 2048, 18432
    meta = [
        kv("general.architecture", 8, gguf_string(arch)),
        kv("general.name", 8, gguf_string("DeepSeek V3 (synthetic header)")),
        kv(f"{arch}.block_count", 4, struct.pack("<I", layers)),
        kv(f"{arch}.embedding_length", 4, struct.pack("<I", hidden)),
        kv(f"{arch}.feed_forward_length", 4, struct.pack("<I", dense_ffn)),
        kv(f"{arch}.attention.head_count", 4, struct.pack("<I", 128)),
        kv(f"{arch}.attention.head_count_kv", 4, struct.pack("<I", 128)),
        kv(f"{arch}.attention.key_length", 4, struct.pack("<I", 192)),
        kv(f"{arch}.attention.value_length", 4, struct.pack("<I", 128)),
        kv(f"{arch}.attention.kv_lora_rank", 4, struct.pack("<I", 512)),
        kv(f"{arch}.attention.q_lora_rank", 4, struct.pack("<I", 1536)),
        kv(f"{arch}.rope.dimension_count", 4, struct.pack("<I", 64)),
        kv(f"{arch}.context_length", 4, struct.pack("<I", 163840)),
        kv(f"{arch}.expert_count", 4, struct.pack("<I", experts)),
        kv(f"{arch}.expert_used_count", 4, struct.pack("<I", 8)),
        kv(f"{arch}.expert_shared_count", 4, struct.pack("<I", 1)),
        kv(f"{arch}.expert_feed_forward_length", 4, struct.pack("<I", expert_ffn)),
        kv(f"{arch}.leading_dense_block_count", 4, struct.pack("<I", 3)),
        kv("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, vocab) + b"".join(gguf_string(f"tok{i}") for i in range(vocab))),
    ]
    tensors = [("token_embd.weight", [hidden, vocab], "Q4_K"), ("output_norm.weight", [hidden], "F32"),
               ("output.weight", [hidden, vocab], "Q6_K")]
    for b in range(layers):
        p = f"blk.{b}."
        tensors += [(p + "attn_norm.weight", [hidden], "F32"), (p + "ffn_norm.weight", [hidden], "F32"),
                    (p + "attn_q_a.weight", [hidden, 1536], "Q4_K"), (p + "attn_q_b.weight", [1536, 128 * 192], "Q4_K"),
                    (p + "attn_kv_a_mqa.weight", [hidden, 576], "Q4_K"), (p + "attn_kv_b.weight", [512, 128 * 256], "Q4_K"),
                    (p + "attn_output.weight", [128 * 128, hidden], "Q4_K")]
        if b < 3:
            tensors += [(p + "ffn_gate.weight", [hidden, dense_ffn], "Q4_K"), (p + "ffn_up.weight", [hidden, dense_ffn], "Q4_K"),
                        (p + "ffn_down.weight", [dense_ffn, hidden], "Q6_K")]
        else:
            tensors += [(p + "ffn_gate_inp.weight", [hidden, experts], "F32"),
                        (p + "ffn_gate_exps.weight", [hidden, expert_ffn, experts], "Q4_K"),
                        (p + "ffn_up_exps.weight", [hidden, expert_ffn, experts], "Q4_K"),
                        (p + "ffn_down_exps.weight", [expert_ffn, hidden, experts], "Q6_K"),
                        (p + "ffn_gate_shexp.weight", [hidden, expert_ffn], "Q4_K"),
                        (p + "ffn_up_shexp.weight", [hidden, expert_ffn], "Q4_K"),
                        (p + "ffn_down_shexp.weight", [expert_ffn, hidden], "Q6_K")]
    infos, offset = [], 0
    for name, shape, type_name in tensors:
        type_id, block, size = TYPES[type_name]
        elements = 1
        for d in shape:
            elements *= d
        infos.append(gguf_string(name) + struct.pack("<I", len(shape)) + b"".join(struct.pack("<Q", d) for d in shape)
                     + struct.pack("<IQ", type_id, offset))
        offset += (elements // block * size + 31) // 32 * 32
    header = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(meta)) + b"".join(meta) + b"".join(infos)
    header += b"\0" * ((32 - len(header) % 32) % 32)
    with open(out, "wb") as f:
        f.write(header)
        f.truncate(len(header) + offset)
    print(f"{out}: {len(tensors)} tensors, header {len(header):,} bytes, file {len(header) + offset:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
