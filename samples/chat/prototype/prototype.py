#!/usr/bin/python3
"""Feasibility prototype for the chat sample, plain PyTorch (Debian's python3-torch), 2 threads:
a tiny Llama-style decoder pretrained (causal LM) on pretrain.jsonl, then LoRA instruction-tuned on
train.jsonl (loss on the completion only), greedy generation on validation.jsonl scored by exact
match and ROUGE-L against the base model. Not part of the build: it picked the specs' settings.

  /usr/bin/python3 prototype.py [key=value ...]   e.g. layers=4 hidden=128 pre_epochs=40
"""
import json, math, os, re, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

args = dict(layers=4, hidden=128, heads=4, inter=384, pre_epochs=30, pre_lr=3e-3, batch=64, ft_epochs=10, ft_lr=2e-3,
            rank=8, targets="all", seed=7, threads=2, scratch=0, max_new=24)
for a in sys.argv[1:]:
    k, v = a.split("=")
    args[k] = type(args[k])(v)
torch.manual_seed(args["seed"])
torch.set_num_threads(args["threads"])
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


class Bpe:
    def __init__(self, folder):
        spec = json.load(open(os.path.join(folder, "tokenizer.json")))
        self.vocab = spec["model"]["vocab"]
        self.rank = {tuple(m): i for i, m in enumerate(spec["model"]["merges"])}
        self.inv = {i: t for t, i in self.vocab.items()}
        sys.path.insert(0, data)
        printable = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
        extra, self.byte = 0, {}
        for b in range(256):
            if b in printable:
                self.byte[b] = chr(b)
            else:
                self.byte[b] = chr(256 + extra); extra += 1
        self.unbyte = {c: b for b, c in self.byte.items()}
        self.split = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")
        self.cache = {}

    def word(self, w):
        if w in self.cache:
            return self.cache[w]
        s = list(w)
        while len(s) > 1:
            pairs = [(self.rank.get((a, b), 1 << 30), k) for k, (a, b) in enumerate(zip(s, s[1:]))]
            r, k = min(pairs)
            if r == 1 << 30:
                break
            s = s[:k] + [s[k] + s[k + 1]] + s[k + 2:]
        self.cache[w] = [self.vocab[t] for t in s]
        return self.cache[w]

    def encode(self, text):
        return [i for p in self.split.findall(text) for i in self.word("".join(self.byte[b] for b in p.encode()))]

    def decode(self, ids):
        return bytes(self.unbyte[c] for i in ids if i > 2 for c in self.inv[i]).decode("utf-8", "replace")


class Lora(nn.Module):
    def __init__(self, base, r):
        super().__init__()
        self.base, self.a, self.b = base, nn.Parameter(torch.randn(r, base.in_features) / math.sqrt(base.in_features)), nn.Parameter(torch.zeros(base.out_features, r))
        self.scale = 16.0 / r

    def forward(self, x):
        return self.base(x) + (x @ self.a.t() @ self.b.t()) * self.scale


class Block(nn.Module):
    def __init__(self, d, h, inter):
        super().__init__()
        self.h = h
        self.q_proj, self.k_proj, self.v_proj, self.o_proj = (nn.Linear(d, d, bias=False) for _ in range(4))
        self.gate_proj, self.up_proj, self.down_proj = nn.Linear(d, inter, bias=False), nn.Linear(d, inter, bias=False), nn.Linear(inter, d, bias=False)
        self.n1, self.n2 = nn.Parameter(torch.ones(d)), nn.Parameter(torch.ones(d))

    def forward(self, x, cos, sin, mask):
        B, T, D = x.shape
        y = rms(x, self.n1)
        q, k, v = (p(y).view(B, T, self.h, D // self.h).transpose(1, 2) for p in (self.q_proj, self.k_proj, self.v_proj))
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(D // self.h) + mask
        x = x + self.o_proj((att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, D))
        y = rms(x, self.n2)
        return x + self.down_proj(F.silu(self.gate_proj(y)) * self.up_proj(y))


def rms(x, w):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * w


def rope(x, cos, sin):
    h = x.shape[-1] // 2
    return x * cos + torch.cat([-x[..., h:], x[..., :h]], -1) * sin


class Llama(nn.Module):
    def __init__(self, vocab, d, layers, h, inter):
        super().__init__()
        self.embed = nn.Embedding(vocab, d)
        self.blocks = nn.ModuleList(Block(d, h, inter) for _ in range(layers))
        self.norm = nn.Parameter(torch.ones(d))
        inv = 1.0 / (10000 ** (torch.arange(0, d // h, 2).float() / (d // h)))
        f = torch.outer(torch.arange(128).float(), inv)
        f = torch.cat([f, f], -1)
        self.register_buffer("cos", f.cos()); self.register_buffer("sin", f.sin())
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)

    def forward(self, ids, pad):
        T = ids.shape[1]
        mask = torch.full((T, T), float("-inf")).triu(1)[None, None] + torch.where(pad, float("-inf"), 0.0)[:, None, None, :]
        x = self.embed(ids)
        for b in self.blocks:
            x = b(x, self.cos[:T], self.sin[:T], mask)
        return rms(x, self.norm) @ self.embed.weight.t()


def batches(rows, size, shuffle):
    order = torch.randperm(len(rows)).tolist() if shuffle else list(range(len(rows)))
    for s in range(0, len(rows), size):
        chunk = [rows[i] for i in order[s:s + size]]
        T = max(len(ids) for ids, _ in chunk)
        ids = torch.full((len(chunk), T), 2); lab = torch.full((len(chunk), T), -100)
        for r, (x, y) in enumerate(chunk):
            ids[r, :len(x)] = torch.tensor(x); lab[r, :len(y)] = torch.tensor(y)
        yield ids, lab


def loss_of(model, ids, lab):
    logits = model(ids, ids == 2)
    return F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), lab[:, 1:].reshape(-1), ignore_index=-100, reduction="sum"), (lab[:, 1:] != -100).sum()


def train(model, rows, epochs, lr, params):
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(rows) / args["batch"]); step = 0
    for e in range(epochs):
        total = n = 0
        for ids, lab in batches(rows, args["batch"], True):
            for g in opt.param_groups:
                g["lr"] = lr * min(1.0, (step + 1) / (0.05 * steps)) * 0.5 * (1 + math.cos(math.pi * step / steps))
            l, c = loss_of(model, ids, lab)
            opt.zero_grad(); (l / c).backward(); torch.nn.utils.clip_grad_norm_(params, 1.0); opt.step(); step += 1
            total += l.item(); n += c.item()
        if e % 5 == 4 or e == epochs - 1:
            print(f"  epoch {e + 1} train loss {total / n:.3f}", flush=True)


@torch.no_grad()
def perplexity(model, rows):
    total = n = 0
    for ids, lab in batches(rows, 128, False):
        l, c = loss_of(model, ids, lab); total += l.item(); n += c.item()
    return math.exp(total / n)


@torch.no_grad()
def generate(model, prompt):
    ids = [0] + prompt
    for _ in range(args["max_new"]):
        t = torch.tensor([ids])
        nxt = model(t, t == 2)[0, -1].argmax().item()
        if nxt == 1:
            break
        ids.append(nxt)
    return ids[1 + len(prompt):]


def lcs(a, b):
    dp = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b):
            cur = dp[j + 1]
            dp[j + 1] = prev + 1 if x == y else max(dp[j + 1], dp[j])
            prev = cur
    return dp[-1]


def rouge_l(pred, ref):  # rouge-score's tokenization: lowercase, non-alphanumerics as spaces; F1 of the LCS
    p, r = re.sub(r"[^a-z0-9]+", " ", pred.lower()).split(), re.sub(r"[^a-z0-9]+", " ", ref.lower()).split()
    if not p or not r:
        return 0.0
    l = lcs(p, r)
    return 0.0 if l == 0 else 2 * (l / len(p)) * (l / len(r)) / (l / len(p) + l / len(r))


def norm(s):  # SQuAD's normalize_answer
    s = re.sub(r"\b(a|an|the)\b", " ", re.sub(r"[^\w\s]", "", s.lower()))
    return " ".join(s.split())


def score(model, rows, tok, label):
    em = rl = 0.0
    outs = []
    for r in rows:
        out = tok.decode(generate(model, tok.encode(r["prompt"])))
        em += norm(out) == norm(r["completion"]); rl += rouge_l(out, r["completion"]); outs.append(out)
    print(f"{label}: exact match {em / len(rows):.3f}, ROUGE-L {rl / len(rows):.3f}")
    for r, o in list(zip(rows, outs))[:4]:
        print(f"    {r['prompt'].splitlines()[0]!r} -> {o!r}  (ref {r['completion']!r})")
    return em / len(rows), rl / len(rows)


tok = Bpe(os.path.join(data, "tokenizer"))
load = lambda n: [json.loads(l) for l in open(os.path.join(data, n))]
pre = [[0] + tok.encode(r["text"]) + [1] for r in load("pretrain.jsonl")]
pre_rows = [(x, x) for x in pre]
pre_val = [(x, x) for x in ([0] + tok.encode(r["text"]) + [1] for r in load("pretrain-val.jsonl"))]
ft = [([0] + tok.encode(r["prompt"]) + tok.encode(r["completion"]) + [1], [-100] * (1 + len(tok.encode(r["prompt"]))) + tok.encode(r["completion"]) + [1]) for r in load("train.jsonl")]
val = load("validation.jsonl")
print(args, f"pretrain rows {len(pre)} tokens {sum(map(len, pre))}, instruction rows {len(ft)}")
model = Llama(len(tok.vocab), args["hidden"], args["layers"], args["heads"], args["inter"])
print(f"parameters {sum(p.numel() for p in model.parameters()):,}")
t0 = time.time()
cache = f"/tmp/chat-proto-{args['layers']}-{args['hidden']}-{args['inter']}-{args['pre_epochs']}-{args['pre_lr']}-{args['seed']}.pt"
if args["scratch"]:
    pass
elif os.path.exists(cache):
    model.load_state_dict(torch.load(cache))
else:
    train(model, pre_rows, args["pre_epochs"], args["pre_lr"], list(model.parameters()))
    torch.save(model.state_dict(), cache)
print(f"pretrain {time.time() - t0:.0f}s, perplexity on the rephrased facts {perplexity(model, pre_val):.2f}")
model.eval()
base = score(model, val, tok, "base")
score(model, [dict(r, prompt=r["prompt"].split("\n")[1] + ":") for r in val], tok, "base, pretraining's own form 'word:'")
model.train()
for p in model.parameters():
    p.requires_grad_(False)
names = ("q_proj", "v_proj") if args["targets"] == "qv" else ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
for b in model.blocks:
    for n in names:
        setattr(b, n, Lora(getattr(b, n), args["rank"]))
lora = [p for p in model.parameters() if p.requires_grad]
print(f"LoRA parameters {sum(p.numel() for p in lora):,}")
t1 = time.time()
train(model, ft, args["ft_epochs"], args["ft_lr"], lora)
print(f"instruction tune {time.time() - t1:.0f}s")
model.eval()
tuned = score(model, val, tok, "tuned")
seen = score(model, [json.loads(l) for l in open(os.path.join(data, "train.jsonl"))][:100], tok, "tuned, first 100 training words")
print(f"RESULT base EM {base[0]:.3f} RL {base[1]:.3f} | tuned EM {tuned[0]:.3f} RL {tuned[1]:.3f} | total {time.time() - t0:.0f}s")
