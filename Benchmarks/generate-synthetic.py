#!/usr/bin/python3
"""Writes a synthetic knowledge base for the build benchmark: N pages in ten folders, each about the
size and shape of a real page of Content/pages (front matter, headings, prose that uses glossary
terms, lists, a GFM table, a code block, links to other pages and their headings, inline expressions,
a weights-table block and a check block), plus a glossary page. Deterministic: the same N gives the same files.

usage: generate-synthetic.py --pages 1000 --out DIR [--data Content/data]
DIR gets pages/ and a data/ link to the real catalog (pages compute against it).
"""
import argparse
import os
import random

SECTIONS = ["memory", "compute", "network", "storage", "serving", "models", "costs", "kernels", "operations", "planning"]
TERMS = [
    ("KV cache", "The keys and values of past tokens, kept so attention does not recompute them."),
    ("Tensor parallelism", "Splitting each layer's matrices across GPUs that exchange partial sums."),
    ("Pipeline parallelism", "Placing consecutive layers on different GPUs and streaming micro-batches through them."),
    ("Prefill", "The phase that reads the whole prompt at once; it is bound by compute."),
    ("Decode", "The phase that produces one token per step; it is bound by memory bandwidth."),
    ("HBM", "High-bandwidth memory stacked beside the GPU die."),
    ("Quantization", "Storing weights with fewer bits per parameter, with scales to recover their range."),
    ("Roofline", "A model of attainable throughput as the lesser of compute peak and bandwidth times intensity."),
    ("Arithmetic intensity", "Floating-point operations per byte moved from memory."),
    ("Time to first token", "The delay between a request arriving and its first output token."),
    ("Mixture of experts", "A model whose feed-forward layers route each token to a few of many experts."),
    ("NVLink", "NVIDIA's GPU-to-GPU interconnect within a node."),
    ("Batch size", "The number of sequences processed together in one forward pass."),
    ("Context length", "The number of tokens a request holds: prompt and output together."),
    ("Speculative decoding", "Drafting several tokens with a small model and verifying them with the large one."),
    ("Paged attention", "Storing the KV cache in fixed-size blocks so memory is not fragmented."),
]
WORDS = ("the model weights memory bandwidth compute throughput latency request token tokens layer layers "
         "head heads GPU GPUs node nodes precision format budget cost price hour month user users cluster "
         "rack power cooling network switch fabric storage checkpoint shard replica scheduler queue batch "
         "sequence prompt output cache attention projection matrix vector kernel byte bytes parameter "
         "parameters capacity headroom utilization estimate figure value table chart page reader engineer "
         "deployment placement option candidate hardware vendor datasheet source assumption").split()
HEADINGS = ["Overview", "How it works", "Sizing rule", "Worked example", "Trade-offs", "Measurements",
            "Common mistakes", "When it matters", "Checklist", "Further reading"]


def sentence(rng, terms_used):
    length = rng.randint(9, 22)
    words = [rng.choice(WORDS) for _ in range(length)]
    if rng.random() < 0.35:
        term = rng.choice(TERMS)[0]
        words.insert(rng.randint(0, len(words)), term if rng.random() < 0.5 else term.lower())
        terms_used.add(term)
    if rng.random() < 0.15:
        words.insert(rng.randint(0, len(words)), "**" + rng.choice(WORDS) + "**")
    if rng.random() < 0.1:
        words.insert(rng.randint(0, len(words)), "`" + rng.choice(WORDS) + "_" + rng.choice(WORDS) + "`")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, terms_used, sentences=None):
    return " ".join(sentence(rng, terms_used) for _ in range(sentences or rng.randint(3, 6)))


def wrap(text, width=100):
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def slug(text):
    out = "".join(c for c in text.lower() if c.isalnum() or c in " -_")
    return out.replace(" ", "-")


def page_path(index):
    return f"{SECTIONS[index % len(SECTIONS)]}/topic-{index:04d}.md"


def page_headings(index):
    rng = random.Random(index * 7919)
    return rng.sample(HEADINGS, 5)


def relative(from_path, to_path):
    source = from_path.split("/")[:-1]
    target = to_path.split("/")
    common = 0
    while common < len(source) and common < len(target) - 1 and source[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(source) - common) + target[common:])


def write_page(directory, index, count):
    rng = random.Random(index)
    path = page_path(index)
    terms_used = set()
    section = SECTIONS[index % len(SECTIONS)]
    title = f"{section.capitalize()} topic {index}: {rng.choice(WORDS)} and {rng.choice(WORDS)}"
    out = ["---", f"title: \"{title}\"", f"summary: \"{sentence(rng, set())}\"", f"order: {index + 1}",
           f"tags: [{section}, {rng.choice(WORDS)}]", "---", "", f"# {title}", "", wrap(paragraph(rng, terms_used)), ""]
    headings = page_headings(index)
    for number, heading in enumerate(headings):
        out += [f"## {heading}", "", wrap(paragraph(rng, terms_used)), ""]
        if number == 0:
            out += [wrap(f"A {rng.choice(WORDS)} of `{{= 8K * {rng.randint(2, 64)} | comma}}` tokens and "
                         f"`{{= {rng.randint(2, 90)}B * 2 | comma}}` bytes of weights; the ratio is "
                         f"`{{= {rng.randint(1, 9)} / {rng.randint(10, 99)} | pct}}`."), ""]
        if number == 1:
            out += [f"- {sentence(rng, terms_used)}" for _ in range(rng.randint(3, 6))] + [""]
        if number == 2:
            out += ["| Option | Memory (GB) | Throughput (tokens/s) | Note |", "| --- | ---: | ---: | --- |"]
            for row in range(rng.randint(4, 8)):
                out.append(f"| {rng.choice(WORDS)}-{row} | {rng.randint(8, 640)} | {rng.randint(100, 9000):,} | {rng.choice(WORDS)} {rng.choice(WORDS)} |")
            out += [""]
        if number == 3:
            out += ["```{check caption=\"Arithmetic the page relies on\"}", "claims:",
                    f"  - 8K * {rng.randint(2, 9)} > 8K",
                    f"  - {rng.randint(1, 50)}B < {rng.randint(51, 99)}B", "```", ""]
        if number == 2:
            model = rng.choice(["llama-3.1-8b", "llama-3.1-70b"])
            out += [f"```{{weights-table id=w{index} caption=\"Weights of the models this page compares\"}}",
                    f"models: [{model}, mistral-7b-v0.1]", f"precisions: [bf16, {rng.choice(['fp8', 'int4'])}]", "```", "",
                    f"At BF16 the first takes `{{= weights({model}, bf16) | GB}}`.", ""]
        if number == 4:
            out += ["```sh", f"infrabook size --model llama-3.1-{rng.choice(['8b', '70b'])} --users {rng.randint(1, 64)}", "```", ""]
        links = []
        for _ in range(rng.randint(1, 2)):
            other = rng.randrange(count)
            if other == index:
                continue
            target = page_path(other)
            anchor = slug(rng.choice(page_headings(other)))
            links.append(f"[{rng.choice(WORDS)} {rng.choice(WORDS)}]({relative(path, target)}#{anchor})")
        if links:
            out += [wrap(f"See also {', '.join(links)}, and the [glossary]({relative(path, 'glossary.md')})."), ""]
    full = os.path.join(directory, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out))


def write_home_and_glossary(directory, count):
    home = ["---", "title: Synthetic knowledge base", f"summary: {count} generated pages for the build benchmark.",
            "order: 0", "---", "", "# Synthetic knowledge base", "",
            f"A generated book of {count} pages in {len(SECTIONS)} folders, for timing builds.", ""]
    with open(os.path.join(directory, "index.md"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(home))
    glossary = ["---", "title: Glossary", f"order: {count + 1}", "---", "", "# Glossary", ""]
    for term, definition in sorted(TERMS):
        glossary += [f"### {term}", "", definition, ""]
    with open(os.path.join(directory, "glossary.md"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(glossary))


def main():
    parser = argparse.ArgumentParser(description="Generate a synthetic knowledge base.")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Content", "data"))
    arguments = parser.parse_args()
    pages = os.path.join(arguments.out, "pages")
    os.makedirs(pages, exist_ok=True)
    count = arguments.pages - 2  # the home page and the glossary are pages too
    for index in range(count):
        write_page(pages, index, count)
    write_home_and_glossary(pages, count)
    data = os.path.join(arguments.out, "data")
    if not os.path.exists(data):
        os.symlink(os.path.abspath(arguments.data), data)


if __name__ == "__main__":
    main()
