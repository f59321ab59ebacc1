"""PyTorch reference for the decoder training benchmark: the same ~20M-parameter Llama config as
benchmarks/MlOps.Benchmarks/DecoderBench.cs, written in plain torch as Hugging Face's modeling_llama
computes it (eager attention, RMSNorm in float32, rotary embeddings, grouped-query attention,
SwiGLU, tied lm_head), next-token loss, AdamW, the same batch and length. Warm-up steps, then timed
steps per thread count; prints one JSON line."""
import argparse
import ctypes
import json
import math
import time

import torch
import torch.nn.functional as F
from torch import nn

CONFIG = dict(vocab=8192, hidden=512, inter=1376, layers=6, heads=8, kv_heads=4, eps=1e-5, theta=10000.0)


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight, self.eps = nn.Parameter(torch.ones(size)), eps

    def forward(self, x):
        variance = x.float().pow(2).mean(-1, keepdim=True)
        return self.weight * (x.float() * torch.rsqrt(variance + self.eps)).to(x.dtype)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, d = c["hidden"], c["hidden"] // c["heads"]
        self.heads, self.kv_heads, self.d = c["heads"], c["kv_heads"], d
        self.input_layernorm, self.post_attention_layernorm = RMSNorm(h, c["eps"]), RMSNorm(h, c["eps"])
        self.q_proj, self.k_proj = nn.Linear(h, c["heads"] * d, bias=False), nn.Linear(h, c["kv_heads"] * d, bias=False)
        self.v_proj, self.o_proj = nn.Linear(h, c["kv_heads"] * d, bias=False), nn.Linear(c["heads"] * d, h, bias=False)
        self.gate_proj, self.up_proj = nn.Linear(h, c["inter"], bias=False), nn.Linear(h, c["inter"], bias=False)
        self.down_proj = nn.Linear(c["inter"], h, bias=False)

    def forward(self, x, allowed, cos, sin):
        b, n, _ = x.shape
        h = self.input_layernorm(x)
        q = self.q_proj(h).view(b, n, self.heads, self.d).transpose(1, 2)
        k = self.k_proj(h).view(b, n, self.kv_heads, self.d).transpose(1, 2)
        v = self.v_proj(h).view(b, n, self.kv_heads, self.d).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        groups = self.heads // self.kv_heads
        k, v = k.repeat_interleave(groups, dim=1), v.repeat_interleave(groups, dim=1)
        scores = (q @ k.transpose(-1, -2) / math.sqrt(self.d)).masked_fill(~allowed, torch.finfo(q.dtype).min)
        context = (F.softmax(scores, dim=-1, dtype=torch.float32).to(q.dtype) @ v).transpose(1, 2).reshape(b, n, -1)
        x = x + self.o_proj(context)
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Llama(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab"], c["hidden"])
        self.layers = nn.ModuleList(Block(c) for _ in range(c["layers"]))
        self.norm = RMSNorm(c["hidden"], c["eps"])
        d = c["hidden"] // c["heads"]
        self.inv = 1.0 / (c["theta"] ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, std=0.02)

    def forward(self, ids, mask):
        n = ids.shape[1]
        allowed = torch.tril(torch.ones(n, n, dtype=torch.bool))[None, None] & mask[:, None, None, :]
        positions = (mask.long().cumsum(-1) - 1).clamp(min=0)
        angles = positions[..., None].float() * self.inv
        emb = torch.cat((angles, angles), dim=-1)[:, None]
        cos, sin = emb.cos(), emb.sin()
        x = self.embed_tokens(ids)
        for layer in self.layers:
            x = layer(x, allowed, cos, sin)
        return F.linear(self.norm(x), self.embed_tokens.weight)


def set_threads(threads):
    """torch.set_num_threads sets OpenMP's count, but Debian's torch multiplies through OpenBLAS,
    whose pthread pool keeps every core unless told: without this, '1 thread' multiplied on 2."""
    torch.set_num_threads(threads)
    with open("/proc/self/maps") as maps:
        openblas = next((line.split()[-1] for line in maps if "libopenblas" in line), None)
    if openblas:
        ctypes.CDLL(openblas).openblas_set_num_threads(threads)
    return openblas


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--length", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=6)
    args = parser.parse_args()
    results, parameters = [], 0
    for threads in (int(t) for t in args.threads.split(",")):
        openblas = set_threads(threads)
        torch.manual_seed(1)
        model = Llama(CONFIG)
        parameters = sum(p.numel() for p in model.parameters())
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
        ids = torch.randint(0, CONFIG["vocab"], (args.batch, args.length), generator=torch.Generator().manual_seed(3))
        mask = torch.ones(args.batch, args.length, dtype=torch.bool)
        model.train()

        phases = {}

        def mark(phase, since):
            now = time.perf_counter()
            phases.setdefault(phase, []).append((now - since) * 1000)
            return now

        def step():
            t = time.perf_counter()
            logits = model(ids, mask)
            loss = F.cross_entropy(logits[:, :-1].reshape(-1, CONFIG["vocab"]), ids[:, 1:].reshape(-1))
            t = mark("forward", t)
            optimizer.zero_grad()
            loss.backward()
            t = mark("backward", t)
            optimizer.step()
            loss.item()
            mark("optimizer", t)

        for _ in range(args.warmup):
            step()
        phases.clear()
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.steps):
            step()
        tokens = args.batch * args.length * args.steps
        results.append({"threads": threads, "tokens_per_s": tokens / (time.perf_counter() - started),
                        "tokens_per_cpu_s": tokens / (time.process_time() - cpu),
                        "phase_ms": {k: round(sorted(v)[len(v) // 2], 1) for k, v in phases.items()},
                        "torch_threads": torch.get_num_threads(),
                        "openblas_threads": ctypes.CDLL(openblas).openblas_get_num_threads() if openblas else None})
    print(json.dumps({"side": "pytorch", "parameters": parameters, "batch": args.batch, "length": args.length,
                      "steps": args.steps, "torch": torch.__version__, "results": results}))


if __name__ == "__main__":
    main()
