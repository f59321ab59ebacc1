"""Reference for CausalLmObjective / CausalLmLoss: transformers' ForCausalLMLoss written out in Debian's
python3-torch (1.13): shift logits and labels by one, cross-entropy with ignore_index=-100, mean over the
learned tokens. Writes causal_lm_loss.json (inputs and expected values). Run: /usr/bin/python3 causal_lm_loss.py"""
import json

import torch

torch.manual_seed(5)
batch, length, vocab = 3, 6, 11
# Rounded as the JSON stores them, so both sides start from the same float32 values.
logits = torch.tensor([round(float(x), 6) for x in (torch.randn(batch, length, vocab) * 2).reshape(-1)], dtype=torch.float32).reshape(batch, length, vocab)
ids = torch.randint(0, vocab, (batch, length))
labels = ids.clone()
labels[0, :3] = -100   # a prompt of three tokens
labels[1, 4:] = -100   # padding after four tokens
labels[2, :] = -100    # nothing learned in this row
labels[2, 5] = ids[2, 5]

shift_logits = logits[:, :-1, :].reshape(-1, vocab)
shift_labels = labels[:, 1:].reshape(-1)
mean = torch.nn.functional.cross_entropy(shift_logits.double(), shift_labels, ignore_index=-100)
total = torch.nn.functional.cross_entropy(shift_logits.double(), shift_labels, ignore_index=-100, reduction="sum")
count = int((shift_labels != -100).sum())

with open("causal_lm_loss.json", "w") as f:
    json.dump({
        "shape": [batch, length, vocab],
        "logits": [float(x) for x in logits.reshape(-1)],
        "labels": [int(x) for x in labels.reshape(-1)],
        "mean": float(mean),
        "sum": float(total),
        "count": count,
    }, f)
