"""Writes the PyTorch reference fixtures for DecoderReferenceTests.

Tiny random decoders in the Hugging Face folder layout (config.json + model.safetensors, or a
sharded model.safetensors.index.json), under the Hub's tensor names, with the forward pass written in
plain torch as Hugging Face's modeling_llama / modeling_qwen2 / modeling_gpt2 compute it
(transformers itself is not needed, nor the safetensors package: the files are written by hand),
plus reference.json: for a fixed padded batch, the logits at every real position, and the greedy
generations (left-padded prompts, an end-of-sequence id that stops one row early).

Run with Debian's python3-torch:  /usr/bin/python3 make_reference.py   (writes into this folder)
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB = 96
PAD = 0
PROMPTS = [[1, 17, 33, 5, 60], [1, 44, 9], [1, 70, 12, 88, 3, 27]]
MAX_NEW = 8

CONFIGS = {
    # GQA (4 query heads, 2 key/value heads) and Llama 3's rope scaling, untied lm_head.
    "llama": dict(model_type="llama", architectures=["LlamaForCausalLM"], vocab_size=VOCAB, hidden_size=32,
                  intermediate_size=48, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                  max_position_embeddings=64, rms_norm_eps=1e-5, rope_theta=10000.0, hidden_act="silu",
                  rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                    original_max_position_embeddings=16),
                  tie_word_embeddings=False, attention_bias=False, bos_token_id=1, eos_token_id=2, pad_token_id=PAD),
    # Linear rope scaling, multi-head attention, tied embeddings, saved as two shards.
    "llama_linear": dict(model_type="llama", architectures=["LlamaForCausalLM"], vocab_size=VOCAB, hidden_size=32,
                         intermediate_size=48, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=4,
                         max_position_embeddings=64, rms_norm_eps=1e-6, rope_theta=500.0, hidden_act="silu",
                         rope_scaling=dict(type="linear", factor=2.0), tie_word_embeddings=True,
                         bos_token_id=1, eos_token_id=2, pad_token_id=PAD),
    # q/k/v biases, GQA, tied embeddings, no sliding window.
    "qwen2": dict(model_type="qwen2", architectures=["Qwen2ForCausalLM"], vocab_size=VOCAB, hidden_size=32,
                  intermediate_size=48, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                  max_position_embeddings=64, rms_norm_eps=1e-6, rope_theta=1000000.0, hidden_act="silu",
                  use_sliding_window=False, sliding_window=4096, max_window_layers=2, tie_word_embeddings=True,
                  bos_token_id=1, eos_token_id=2, pad_token_id=PAD),
    # Learned positions, Conv1D weights ([in, out]), gelu_new, tied lm_head.
    "gpt2": dict(model_type="gpt2", architectures=["GPT2LMHeadModel"], vocab_size=VOCAB, n_embd=32, n_layer=2,
                 n_head=4, n_inner=64, n_positions=64, layer_norm_epsilon=1e-5, activation_function="gelu_new",
                 resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, bos_token_id=1, eos_token_id=2, pad_token_id=PAD),
}


def rms_norm(x, weight, eps):
    variance = x.float().pow(2).mean(-1, keepdim=True)
    return weight * (x.float() * torch.rsqrt(variance + eps)).to(x.dtype)


def inverse_frequencies(cfg):
    head_dim = cfg["hidden_size"] // cfg["num_attention_heads"]
    inv = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
    scaling = cfg.get("rope_scaling") or {}
    kind = scaling.get("rope_type", scaling.get("type"))
    if kind == "linear":
        inv = inv / scaling["factor"]
    elif kind == "llama3":
        factor, low, high = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
        old = scaling["original_max_position_embeddings"]
        wavelen = 2 * math.pi / inv
        scaled = torch.where(wavelen > old / low, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < old / high) * ~(wavelen > old / low)
        inv = torch.where(medium, smoothed, scaled)
    return inv


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def attention(q, k, v, mask4d, kv_groups):
    # q [b, h, n, d], k/v [b, kvh, n, d]; GQA repeats each key/value head for its query heads.
    k = k.repeat_interleave(kv_groups, dim=1)
    v = v.repeat_interleave(kv_groups, dim=1)
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    scores = scores.masked_fill(~mask4d, torch.finfo(scores.dtype).min)
    return scores.softmax(-1) @ v


def masks(attention_mask):
    b, n = attention_mask.shape
    causal = torch.tril(torch.ones(n, n, dtype=torch.bool))
    allowed = causal[None, None] & attention_mask.bool()[:, None, None, :]
    positions = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)
    return allowed, positions


def llama_logits(cfg, w, ids, attention_mask, masks_of=masks):
    allowed, positions = masks_of(attention_mask)
    b, n = ids.shape
    heads, kvh = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    d = cfg["hidden_size"] // heads
    freqs = positions[..., None].float() * inverse_frequencies(cfg)[None, None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[:, None], emb.sin()[:, None]
    x = w["model.embed_tokens.weight"][ids]
    eps = cfg["rms_norm_eps"]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        proj = lambda name: F.linear(h, w[p + f"self_attn.{name}.weight"], w.get(p + f"self_attn.{name}.bias"))
        q = proj("q_proj").view(b, n, heads, d).transpose(1, 2)
        k = proj("k_proj").view(b, n, kvh, d).transpose(1, 2)
        v = proj("v_proj").view(b, n, kvh, d).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        context = attention(q, k, v, allowed, heads // kvh).transpose(1, 2).reshape(b, n, heads * d)
        x = x + F.linear(context, w[p + "self_attn.o_proj.weight"])
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = F.silu(F.linear(h, w[p + "mlp.gate_proj.weight"]))
        x = x + F.linear(gate * F.linear(h, w[p + "mlp.up_proj.weight"]), w[p + "mlp.down_proj.weight"])
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else w["lm_head.weight"]
    return F.linear(x, head)


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def gpt2_logits(cfg, w, ids, attention_mask, masks_of=masks):
    allowed, positions = masks_of(attention_mask)
    b, n = ids.shape
    heads, hidden = cfg["n_head"], cfg["n_embd"]
    d = hidden // heads
    eps = cfg["layer_norm_epsilon"]
    conv1d = lambda x, name: x @ w[name + ".weight"] + w[name + ".bias"]  # Conv1D: weight [in, out]
    ln = lambda x, name: F.layer_norm(x, (hidden,), w[name + ".weight"], w[name + ".bias"], eps)
    x = w["transformer.wte.weight"][ids] + w["transformer.wpe.weight"][positions]
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        q, k, v = conv1d(ln(x, p + "ln_1"), p + "attn.c_attn").split(hidden, dim=2)
        split = lambda t: t.view(b, n, heads, d).transpose(1, 2)
        context = attention(split(q), split(k), split(v), allowed, 1).transpose(1, 2).reshape(b, n, hidden)
        x = x + conv1d(context, p + "attn.c_proj")
        x = x + conv1d(gelu_new(conv1d(ln(x, p + "ln_2"), p + "mlp.c_fc")), p + "mlp.c_proj")
    return F.linear(ln(x, "transformer.ln_f"), w["transformer.wte.weight"])


def random_weights(name, cfg, generator):
    def normal(*shape, std=0.2):
        return torch.randn(*shape, generator=generator) * std

    def norm_weight(size):
        return 1.0 + normal(size, std=0.1)

    w = {}
    if cfg["model_type"] == "gpt2":
        hidden, inner = cfg["n_embd"], cfg["n_inner"]
        w["transformer.wte.weight"] = normal(VOCAB, hidden, std=0.5)
        w["transformer.wpe.weight"] = normal(cfg["n_positions"], hidden, std=0.1)
        for i in range(cfg["n_layer"]):
            p = f"transformer.h.{i}."
            for ln in ("ln_1", "ln_2"):
                w[p + ln + ".weight"], w[p + ln + ".bias"] = norm_weight(hidden), normal(hidden, std=0.1)
            for conv, (fan_in, fan_out) in (("attn.c_attn", (hidden, 3 * hidden)), ("attn.c_proj", (hidden, hidden)),
                                            ("mlp.c_fc", (hidden, inner)), ("mlp.c_proj", (inner, hidden))):
                w[p + conv + ".weight"], w[p + conv + ".bias"] = normal(fan_in, fan_out), normal(fan_out, std=0.05)
        w["transformer.ln_f.weight"], w["transformer.ln_f.bias"] = norm_weight(hidden), normal(hidden, std=0.1)
        return w
    hidden, inter = cfg["hidden_size"], cfg["intermediate_size"]
    heads, kvh = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    d = hidden // heads
    bias = cfg["model_type"] == "qwen2"
    w["model.embed_tokens.weight"] = normal(VOCAB, hidden, std=0.5)
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "input_layernorm.weight"] = norm_weight(hidden)
        w[p + "post_attention_layernorm.weight"] = norm_weight(hidden)
        for proj, out in (("q_proj", heads * d), ("k_proj", kvh * d), ("v_proj", kvh * d)):
            w[p + f"self_attn.{proj}.weight"] = normal(out, hidden)
            if bias:
                w[p + f"self_attn.{proj}.bias"] = normal(out, std=0.1)
        w[p + "self_attn.o_proj.weight"] = normal(hidden, heads * d)
        w[p + "mlp.gate_proj.weight"] = normal(inter, hidden)
        w[p + "mlp.up_proj.weight"] = normal(inter, hidden)
        w[p + "mlp.down_proj.weight"] = normal(hidden, inter)
    w["model.norm.weight"] = norm_weight(hidden)
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = normal(VOCAB, hidden)
    return w


def write_safetensors(path, tensors):
    """The safetensors layout: u64 little-endian header length, JSON header, raw little-endian bytes."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        data = tensors[name].contiguous().float().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def write_folder(name, cfg, w, sharded):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    for stale in os.listdir(folder):
        os.remove(os.path.join(folder, stale))
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    if not sharded:
        write_safetensors(os.path.join(folder, "model.safetensors"), w)
        return
    names = sorted(w)
    shards = {"model-00001-of-00002.safetensors": names[: len(names) // 2],
              "model-00002-of-00002.safetensors": names[len(names) // 2:]}
    weight_map = {}
    for shard, part in shards.items():
        write_safetensors(os.path.join(folder, shard), {n: w[n] for n in part})
        weight_map.update({n: shard for n in part})
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": sum(t.numel() * 4 for t in w.values())}, "weight_map": weight_map}, f, indent=2)


def padded(prompts, left):
    width = max(len(p) for p in prompts)
    ids, mask = [], []
    for p in prompts:
        pad = [PAD] * (width - len(p))
        ids.append(pad + p if left else p + pad)
        mask.append([0] * len(pad) + [1] * len(p) if left else [1] * len(p) + [0] * len(pad))
    return torch.tensor(ids), torch.tensor(mask)


def greedy(forward, prompts, eos):
    """Left-padded batch, no cache: the whole sequence again at every step; finished rows get PAD."""
    ids, mask = padded(prompts, left=True)
    done = torch.zeros(len(prompts), dtype=torch.bool)
    out = [[] for _ in prompts]
    for _ in range(MAX_NEW):
        nxt = forward(ids, mask)[:, -1].argmax(-1)
        nxt = torch.where(done, torch.full_like(nxt, PAD), nxt)
        for r in range(len(prompts)):
            if not done[r]:
                out[r].append(int(nxt[r]))
        done = done | (nxt == eos)
        ids = torch.cat([ids, nxt[:, None]], dim=1)
        mask = torch.cat([mask, (~done | (nxt == eos))[:, None].long()], dim=1)
        if done.all():
            break
    return out


def main():
    torch.manual_seed(0)
    models = {}
    for index, (name, cfg) in enumerate(CONFIGS.items()):
        generator = torch.Generator().manual_seed(100 + index)
        w = random_weights(name, cfg, generator)
        write_folder(name, cfg, w, sharded=name == "llama_linear")
        logits_of = gpt2_logits if cfg["model_type"] == "gpt2" else llama_logits
        forward = lambda ids, mask: logits_of(cfg, w, ids, mask)
        with torch.no_grad():
            left_ids, left_mask = padded(PROMPTS, left=True)
            right_ids, right_mask = padded(PROMPTS, left=False)
            left, right = forward(left_ids, left_mask), forward(right_ids, right_mask)
            per_row = []
            for r, p in enumerate(PROMPTS):
                a = left[r, left.shape[1] - len(p):]
                b = right[r, : len(p)]
                assert (a - b).abs().max() < 1e-5, f"{name}: left and right padding disagree"
                per_row.append(b)
            # The end-of-sequence id is the token the free run of row 0 makes third, so that row stops early.
            free = greedy(forward, PROMPTS, eos=-1)
            eos = free[0][2]
            generations = greedy(forward, PROMPTS, eos=eos)
        models[name] = {
            "logits": [[[float("%.9g" % v) for v in position.tolist()] for position in row] for row in per_row],
            "eos_token_id": eos,
            "greedy": generations,
        }
    reference = {"torch": torch.__version__, "pad_token_id": PAD, "prompts": PROMPTS, "max_new_tokens": MAX_NEW, "models": models}
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
