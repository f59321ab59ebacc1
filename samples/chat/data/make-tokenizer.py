#!/usr/bin/python3
"""Trains the chat sample's tokenizer: a byte-level BPE in GPT-2's layout (the 256 bytes mapped to
printable characters, a space becoming 'G-dot' U+0120; GPT-2's pre-tokenizer split), written as a
Hugging Face tokenizer.json + tokenizer_config.json. Python's `tokenizers` is not needed: the merges
are learnt here from pretrain.jsonl and the instruction prompts (most frequent pair first, ties by
the pair's text), so the same files give the same tokenizer byte for byte.

Special tokens: <s> (0, bos), </s> (1, eos), <pad> (2). The data is ASCII, on which the pattern
below splits exactly as GPT-2's \\p{L}/\\p{N} pattern does.
"""
import collections, json, os, re

VOCAB = int(os.environ.get("VOCAB", "1024"))
SPECIALS = ["<s>", "</s>", "<pad>"]
SPLIT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")
here = os.path.dirname(os.path.abspath(__file__))


def bytes_to_unicode():
    """GPT-2's table: printable bytes map to themselves, the rest to U+0100 onwards."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\xa1"), ord("\xac") + 1)) + list(range(ord("\xae"), ord("\xff") + 1))
    chars, extra = {}, 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    return chars


BYTE = bytes_to_unicode()


def pieces(text):
    return ["".join(BYTE[b] for b in piece.encode("utf-8")) for piece in SPLIT.findall(text)]


def corpus():
    counts = collections.Counter()
    for name, keys in (("pretrain.jsonl", ("text",)), ("train.jsonl", ("prompt", "completion"))):
        with open(os.path.join(here, name), encoding="ascii") as f:
            for line in f:
                row = json.loads(line)
                for key in keys:
                    counts.update(pieces(row[key]))
    return counts


def train(counts):
    words = [(list(w), c) for w, c in sorted(counts.items())]
    pairs, where = collections.Counter(), collections.defaultdict(set)
    for i, (symbols, c) in enumerate(words):
        for a, b in zip(symbols, symbols[1:]):
            pairs[a, b] += c
            where[a, b].add(i)
    vocab = SPECIALS + [BYTE[b] for b in range(256)]
    merges = []
    while len(vocab) < VOCAB and pairs:
        best = min((p for p in pairs if pairs[p] > 0), key=lambda p: (-pairs[p], p), default=None)
        if best is None or pairs[best] < 2:
            break
        merged = best[0] + best[1]
        merges.append(best)
        vocab.append(merged)
        for i in sorted(where.pop(best)):
            symbols, c = words[i]
            for a, b in zip(symbols, symbols[1:]):
                pairs[a, b] -= c
            out, k = [], 0
            while k < len(symbols):
                if k + 1 < len(symbols) and (symbols[k], symbols[k + 1]) == best:
                    out.append(merged)
                    k += 2
                else:
                    out.append(symbols[k])
                    k += 1
            words[i] = (out, c)
            for a, b in zip(out, out[1:]):
                pairs[a, b] += c
                where[a, b].add(i)
        pairs.pop(best, None)
    return vocab, merges


vocab, merges = train(corpus())
byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
tokenizer = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
                     for i, t in enumerate(SPECIALS)],
    "normalizer": None,
    "pre_tokenizer": byte_level,
    "post_processor": dict(byte_level, trim_offsets=False),
    "decoder": byte_level,
    "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None, "end_of_word_suffix": None,
              "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
              "vocab": {t: i for i, t in enumerate(vocab)}, "merges": [[a, b] for a, b in merges]},
}
config = {"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "add_bos_token": False, "add_eos_token": False,
          "model_max_length": 64, "tokenizer_class": "PreTrainedTokenizerFast", "clean_up_tokenization_spaces": False}
os.makedirs(os.path.join(here, "tokenizer"), exist_ok=True)
for name, value in (("tokenizer.json", tokenizer), ("tokenizer_config.json", config)):
    with open(os.path.join(here, "tokenizer", name), "w", encoding="utf-8", newline="\n") as f:
        json.dump(value, f, ensure_ascii=False, indent=1 if name == "tokenizer.json" else 2)
        f.write("\n")
print(f"{len(vocab)} tokens, {len(merges)} merges")
