"""Writes packed.json for DecoderPackingTests: the reference prompts packed into one row, each example
isolated as TRL's padding-free packing (position_ids) and flash-attention's varlen kernels compute it:
a block-diagonal causal mask (a token sees the earlier tokens of its own example only) and positions
that restart at 0 at each example's first token. For every committed model folder (written by
make_reference.py, read back here), the logits at the real positions and the causal-LM loss of the row
(labels = ids; an example's first label ignored, so no example learns the next one's first token;
padding ignored). It also checks that the packed logits equal each prompt run alone.

Run with Debian's python3-torch:  /usr/bin/python3 packed_reference.py   (writes into this folder)
"""
import json
import os
import struct

import torch
import torch.nn.functional as F

from make_reference import CONFIGS, HERE, PAD, PROMPTS, gpt2_logits, llama_logits

WIDTH = 16  # 5 + 3 + 6 real tokens, then 2 of padding


def read_folder(name):
    folder = os.path.join(HERE, name)
    files = sorted(f for f in os.listdir(folder) if f.endswith(".safetensors"))
    w = {}
    for file in files:
        with open(os.path.join(folder, file), "rb") as f:
            size = struct.unpack("<Q", f.read(8))[0]
            header = json.loads(f.read(size))
            data = f.read()
        for key, entry in header.items():
            if key == "__metadata__":
                continue
            start, end = entry["data_offsets"]
            w[key] = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).reshape(entry["shape"])
    return w


def packed_row():
    ids = [t for p in PROMPTS for t in p]
    segments = [i + 1 for i, p in enumerate(PROMPTS) for _ in p]
    starts = {sum(len(p) for p in PROMPTS[:i]) for i in range(len(PROMPTS))}
    labels = [-100 if t in starts else ids[t] for t in range(len(ids))]
    pad = WIDTH - len(ids)
    return ids + [PAD] * pad, segments + [0] * pad, labels + [-100] * pad, [1] * len(ids) + [0] * pad


def block_masks(segments):
    def masks_of(attention_mask):
        n = attention_mask.shape[1]
        seg = torch.tensor([segments])
        causal = torch.tril(torch.ones(n, n, dtype=torch.bool))
        allowed = causal[None, None] & attention_mask.bool()[:, None, None, :] & (seg[:, :, None] == seg[:, None, :])[:, None]
        # Positions restart at each example: the index within its segment.
        positions = torch.tensor([[sum(1 for k in range(t) if segments[k] == segments[t]) if segments[t] else 0 for t in range(n)]])
        return allowed, positions
    return masks_of


def main():
    ids, segments, labels, mask = packed_row()
    models = {}
    for name, cfg in CONFIGS.items():
        w = read_folder(name)
        logits_of = gpt2_logits if cfg["model_type"] == "gpt2" else llama_logits
        with torch.no_grad():
            logits = logits_of(cfg, w, torch.tensor([ids]), torch.tensor([mask]), masks_of=block_masks(segments))[0]
            start = 0
            for p in PROMPTS:
                alone = logits_of(cfg, w, torch.tensor([p]), torch.ones(1, len(p), dtype=torch.long))[0]
                assert (alone - logits[start:start + len(p)]).abs().max() < 1e-5, f"{name}: packed and alone disagree"
                start += len(p)
            loss = F.cross_entropy(logits[:-1].double(), torch.tensor(labels[1:]), ignore_index=-100)
        real = sum(mask)
        models[name] = {
            "logits": [[float("%.9g" % v) for v in position.tolist()] for position in logits[:real]],
            "loss": float(loss),
        }
    reference = {"torch": torch.__version__, "ids": ids, "segments": segments, "labels": labels, "models": models}
    with open(os.path.join(HERE, "packed.json"), "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
