"""Writes windowed.json for SlidingWindowOnnxParityTests: the Llama reference folder's weights under a
Mistral-style sliding window of 3 (transformers' masking_utils sliding window: key j is seen from
query i only if j <= i and i - j < window, on sequence indices, padding included), the logits of the
reference prompts as one right-padded and one left-padded batch. Positions are counted as without a
window (the attention mask's cumulative sum).

Run with Debian's python3-torch:  /usr/bin/python3 windowed_reference.py   (writes into this folder)
"""
import json
import os

import torch

from make_reference import CONFIGS, HERE, PAD, PROMPTS, llama_logits, masks
from packed_reference import read_folder

WINDOW = 3


def windowed(attention_mask):
    allowed, positions = masks(attention_mask)
    n = attention_mask.shape[1]
    i = torch.arange(n)[:, None]
    j = torch.arange(n)[None, :]
    return allowed & (i - j < WINDOW)[None, None], positions


def batch(left):
    width = max(len(p) for p in PROMPTS)
    rows, mask = [], []
    for p in PROMPTS:
        pad = width - len(p)
        rows.append([PAD] * pad + p if left else p + [PAD] * pad)
        mask.append([0] * pad + [1] * len(p) if left else [1] * len(p) + [0] * pad)
    return torch.tensor(rows), torch.tensor(mask)


def main():
    cfg, w = CONFIGS["llama"], read_folder("llama")
    out = {"torch": torch.__version__, "window": WINDOW, "prompts": PROMPTS}
    with torch.no_grad():
        for side in ("right", "left"):
            ids, mask = batch(side == "left")
            logits = llama_logits(cfg, w, ids, mask, masks_of=windowed)
            out[side] = [[[float("%.9g" % v) for v in logits[r, c].tolist()] for c in range(ids.shape[1]) if mask[r, c]]
                         for r in range(ids.shape[0])]
            full = llama_logits(cfg, w, ids, mask)
            assert (full - logits).abs().max() > 1e-3, "the window changed nothing: prompts too short for it"
    with open(os.path.join(HERE, "windowed.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
