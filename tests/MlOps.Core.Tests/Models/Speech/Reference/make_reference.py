"""Writes the PyTorch reference fixtures for SpeechEncoderReferenceTests.

Tiny random wav2vec2 and HuBERT sequence classifiers in the Hugging Face folder layout
(config.json, preprocessor_config.json, model.safetensors written by hand), under the Hub's tensor
names, with the forward pass written here in plain torch from the published architecture
(wav2vec 2.0 / HuBERT as transformers' Wav2Vec2ForSequenceClassification and
HubertForSequenceClassification compute it; transformers itself is not needed):

- conv feature encoder: "group" (GroupNorm on the first layer only, base) or "layer" (LayerNorm on
  every layer, large), GELU;
- feature projection (LayerNorm → Linear; HuBERT may leave the LayerNorm out);
- positional conv embedding: grouped Conv1d with weight norm over dim 2, "same" padding (one frame
  dropped for an even kernel), GELU, added to the input;
- encoder: post-LN layers and a LayerNorm before them (base), or pre-LN layers and a LayerNorm
  after them ("stable layer norm", large); padded frames zeroed first and masked as keys;
- head: projector → mean over the frames that are not padding → classifier, optionally on a
  softmax-weighted sum of every layer's hidden states (use_weighted_layer_sum).

reference.json holds, per model, the inputs (a right-padded batch of normalised waveforms and
their lengths), the logits and pooled projector outputs of the padded batch (attention mask from
the lengths), and those of every clip alone, unpadded. It also holds one raw clip and its
per-utterance normalisation (Wav2Vec2FeatureExtractor's do_normalize).

Run with Debian's python3-torch:  /usr/bin/python3 make_reference.py   (writes into this folder)
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
LENGTHS = [1600, 1230, 905]
LABELS = 3

COMMON = dict(hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32,
              conv_dim=[12, 12, 12], conv_kernel=[10, 3, 3], conv_stride=[5, 2, 2], num_feat_extract_layers=3,
              hidden_act="gelu", feat_extract_activation="gelu", layer_norm_eps=1e-5,
              classifier_proj_size=8, hidden_dropout=0.1, attention_dropout=0.1, activation_dropout=0.0,
              feat_proj_dropout=0.0, final_dropout=0.1, layerdrop=0.1, mask_time_prob=0.05,
              id2label={str(i): f"word{i}" for i in range(LABELS)}, label2id={f"word{i}": i for i in range(LABELS)})

CONFIGS = {
    # Base layout: GroupNorm on the first conv, no conv bias, post-LN encoder, even positional kernel,
    # weight norm saved as weight_g / weight_v (older files).
    "wav2vec2_base": dict(COMMON, model_type="wav2vec2", architectures=["Wav2Vec2ForSequenceClassification"],
                          feat_extract_norm="group", do_stable_layer_norm=False, conv_bias=False,
                          num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, use_weighted_layer_sum=False),
    # Large layout: LayerNorm on every conv, conv bias, pre-LN ("stable") encoder, odd kernel, weighted
    # layer sum, weight norm saved under torch's parametrizations names (newer files).
    "wav2vec2_large": dict(COMMON, model_type="wav2vec2", architectures=["Wav2Vec2ForSequenceClassification"],
                           feat_extract_norm="layer", do_stable_layer_norm=True, conv_bias=True,
                           num_conv_pos_embeddings=7, num_conv_pos_embedding_groups=2, use_weighted_layer_sum=True),
    "hubert_base": dict(COMMON, model_type="hubert", architectures=["HubertForSequenceClassification"],
                        feat_extract_norm="group", do_stable_layer_norm=False, conv_bias=False, feat_proj_layer_norm=True,
                        num_conv_pos_embeddings=16, num_conv_pos_embedding_groups=4, use_weighted_layer_sum=False),
    # No LayerNorm before the feature projection (feat_proj_layer_norm: false), stable layer norm.
    "hubert_large": dict(COMMON, model_type="hubert", architectures=["HubertForSequenceClassification"],
                         feat_extract_norm="layer", do_stable_layer_norm=True, conv_bias=True, feat_proj_layer_norm=False,
                         num_conv_pos_embeddings=5, num_conv_pos_embedding_groups=4, use_weighted_layer_sum=False),
}

PREPROCESSOR = dict(feature_extractor_type="Wav2Vec2FeatureExtractor", feature_size=1, sampling_rate=16000,
                    padding_side="right", padding_value=0.0, do_normalize=True, return_attention_mask=True)


def random_weights(cfg, seed, parametrized):
    g = torch.Generator().manual_seed(seed)

    def rand(*shape, scale=0.3):
        return torch.randn(*shape, generator=g) * scale

    def norm(n):
        return 1.0 + rand(n, scale=0.1), rand(n, scale=0.1)

    root = cfg["model_type"] + "."
    w = {}
    h, convs = cfg["hidden_size"], cfg["conv_dim"]
    for i, (out, k) in enumerate(zip(convs, cfg["conv_kernel"])):
        p = f"{root}feature_extractor.conv_layers.{i}."
        fan_in = (convs[i - 1] if i else 1) * k
        w[p + "conv.weight"] = rand(out, convs[i - 1] if i else 1, k, scale=math.sqrt(2.0 / fan_in))
        if cfg["conv_bias"]:
            w[p + "conv.bias"] = rand(out, scale=0.1)
        if cfg["feat_extract_norm"] == "layer" or i == 0:
            w[p + "layer_norm.weight"], w[p + "layer_norm.bias"] = norm(out)
    if cfg.get("feat_proj_layer_norm", True):
        w[root + "feature_projection.layer_norm.weight"], w[root + "feature_projection.layer_norm.bias"] = norm(convs[-1])
    w[root + "feature_projection.projection.weight"] = rand(h, convs[-1])
    w[root + "feature_projection.projection.bias"] = rand(h, scale=0.1)
    k, groups = cfg["num_conv_pos_embeddings"], cfg["num_conv_pos_embedding_groups"]
    pos = root + "encoder.pos_conv_embed.conv."
    gname, vname = ("parametrizations.weight.original0", "parametrizations.weight.original1") if parametrized else ("weight_g", "weight_v")
    w[pos + gname] = 0.5 + rand(1, 1, k, scale=0.2).abs()
    w[pos + vname] = rand(h, h // groups, k)
    w[pos + "bias"] = rand(h, scale=0.1)
    w[root + "encoder.layer_norm.weight"], w[root + "encoder.layer_norm.bias"] = norm(h)
    for layer in range(cfg["num_hidden_layers"]):
        p = f"{root}encoder.layers.{layer}."
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            w[f"{p}attention.{proj}.weight"] = rand(h, h)
            w[f"{p}attention.{proj}.bias"] = rand(h, scale=0.1)
        w[p + "layer_norm.weight"], w[p + "layer_norm.bias"] = norm(h)
        w[p + "feed_forward.intermediate_dense.weight"] = rand(cfg["intermediate_size"], h)
        w[p + "feed_forward.intermediate_dense.bias"] = rand(cfg["intermediate_size"], scale=0.1)
        w[p + "feed_forward.output_dense.weight"] = rand(h, cfg["intermediate_size"])
        w[p + "feed_forward.output_dense.bias"] = rand(h, scale=0.1)
        w[p + "final_layer_norm.weight"], w[p + "final_layer_norm.bias"] = norm(h)
    # SpecAugment's learned mask vector: in every checkpoint trained with mask_time_prob > 0.
    w[root + "masked_spec_embed"] = torch.rand(h, generator=g)
    proj = cfg["classifier_proj_size"]
    if cfg["use_weighted_layer_sum"]:
        w["layer_weights"] = torch.softmax(rand(cfg["num_hidden_layers"] + 1, scale=1.0), 0)
    w["projector.weight"] = rand(proj, h)
    w["projector.bias"] = rand(proj, scale=0.1)
    w["classifier.weight"] = rand(LABELS, proj)
    w["classifier.bias"] = rand(LABELS, scale=0.1)
    return w


def frames_after_convs(cfg, length):
    for k, s in zip(cfg["conv_kernel"], cfg["conv_stride"]):
        length = (length - k) // s + 1
    return length


def forward(cfg, w, waves, lengths):
    """Logits and pooled projector outputs; lengths None: no attention mask (every sample is real)."""
    root = cfg["model_type"] + "."
    eps = cfg["layer_norm_eps"]
    x = waves[:, None]
    for i, stride in enumerate(cfg["conv_stride"]):
        p = f"{root}feature_extractor.conv_layers.{i}."
        x = F.conv1d(x, w[p + "conv.weight"], w.get(p + "conv.bias"), stride=stride)
        if cfg["feat_extract_norm"] == "layer":
            x = F.layer_norm(x.transpose(1, 2), (x.shape[1],), w[p + "layer_norm.weight"], w[p + "layer_norm.bias"], 1e-5).transpose(1, 2)
        elif i == 0:
            x = F.group_norm(x, x.shape[1], w[p + "layer_norm.weight"], w[p + "layer_norm.bias"], 1e-5)
        x = F.gelu(x)
    x = x.transpose(1, 2)
    batch, frames, _ = x.shape
    if lengths is None:
        mask = torch.ones(batch, frames, dtype=torch.bool)
    else:
        real = torch.tensor([frames_after_convs(cfg, n) for n in lengths])
        mask = torch.arange(frames)[None, :] < real[:, None]
    if cfg.get("feat_proj_layer_norm", True):
        x = F.layer_norm(x, (x.shape[-1],), w[root + "feature_projection.layer_norm.weight"], w[root + "feature_projection.layer_norm.bias"], eps)
    x = F.linear(x, w[root + "feature_projection.projection.weight"], w[root + "feature_projection.projection.bias"])

    x = x.masked_fill(~mask[:, :, None], 0.0)
    pos = root + "encoder.pos_conv_embed.conv."
    g = w.get(pos + "weight_g", w.get(pos + "parametrizations.weight.original0"))
    v = w.get(pos + "weight_v", w.get(pos + "parametrizations.weight.original1"))
    weight = v * (g / v.pow(2).sum(dim=(0, 1), keepdim=True).sqrt())
    k = cfg["num_conv_pos_embeddings"]
    p = F.conv1d(x.transpose(1, 2), weight, w[pos + "bias"], padding=k // 2, groups=cfg["num_conv_pos_embedding_groups"])
    if k % 2 == 0:
        p = p[:, :, :-1]
    x = x + F.gelu(p).transpose(1, 2)

    stable = cfg["do_stable_layer_norm"]
    enc_norm = (w[root + "encoder.layer_norm.weight"], w[root + "encoder.layer_norm.bias"])
    if not stable:
        x = F.layer_norm(x, (x.shape[-1],), *enc_norm, eps)
    additive = (~mask).float()[:, None, None, :] * torch.finfo(torch.float32).min
    heads = cfg["num_attention_heads"]
    hidden_states = [x]
    for layer in range(cfg["num_hidden_layers"]):
        lp = f"{root}encoder.layers.{layer}."

        def ln(name, t):
            return F.layer_norm(t, (t.shape[-1],), w[lp + name + ".weight"], w[lp + name + ".bias"], eps)

        def attend(t):
            def proj(name, u):
                return F.linear(u, w[f"{lp}attention.{name}.weight"], w[f"{lp}attention.{name}.bias"])
            b, n, hs = t.shape
            d = hs // heads
            q = (proj("q_proj", t) * d ** -0.5).view(b, n, heads, d).transpose(1, 2)
            kk = proj("k_proj", t).view(b, n, heads, d).transpose(1, 2)
            vv = proj("v_proj", t).view(b, n, heads, d).transpose(1, 2)
            scores = q @ kk.transpose(-1, -2) + additive
            out = (torch.softmax(scores, -1) @ vv).transpose(1, 2).reshape(b, n, hs)
            return proj("out_proj", out)

        def feed_forward(t):
            t = F.gelu(F.linear(t, w[lp + "feed_forward.intermediate_dense.weight"], w[lp + "feed_forward.intermediate_dense.bias"]))
            return F.linear(t, w[lp + "feed_forward.output_dense.weight"], w[lp + "feed_forward.output_dense.bias"])

        if stable:
            x = x + attend(ln("layer_norm", x))
            x = x + feed_forward(ln("final_layer_norm", x))
        else:
            x = ln("layer_norm", x + attend(x))
            x = ln("final_layer_norm", x + feed_forward(x))
        hidden_states.append(x)
    if stable:
        x = F.layer_norm(x, (x.shape[-1],), *enc_norm, eps)
        hidden_states[-1] = x

    if cfg["use_weighted_layer_sum"]:
        weights = torch.softmax(w["layer_weights"], 0)
        x = (torch.stack(hidden_states) * weights[:, None, None, None]).sum(0)
    x = F.linear(x, w["projector.weight"], w["projector.bias"])
    x = x.masked_fill(~mask[:, :, None], 0.0)
    pooled = x.sum(1) / mask.sum(1, keepdim=True)
    return F.linear(pooled, w["classifier.weight"], w["classifier.bias"]), pooled


def normalise(x):
    """Wav2Vec2FeatureExtractor's zero_mean_unit_var_norm on one utterance (population variance, 1e-7)."""
    x64 = x.double()
    return ((x64 - x64.mean()) / torch.sqrt(x64.var(unbiased=False) + 1e-7)).float()


def clips(seed):
    g = torch.Generator().manual_seed(seed)
    out = []
    for i, n in enumerate(LENGTHS):
        t = torch.arange(n, dtype=torch.float64) / 16000
        tone = 0.4 * torch.sin(2 * math.pi * (220 + 170 * i) * t) + 0.1 * torch.sin(2 * math.pi * 1900 * t)
        out.append((tone + 0.05 * torch.randn(n, generator=g, dtype=torch.float64) + 0.02).float())
    return out


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


def write_folder(name, cfg, w):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    for stale in os.listdir(folder):
        os.remove(os.path.join(folder, stale))
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    with open(os.path.join(folder, "preprocessor_config.json"), "w") as f:
        json.dump(PREPROCESSOR, f, indent=2)
    write_safetensors(os.path.join(folder, "model.safetensors"), w)


def floats(t):
    return [float(v) for v in t.reshape(-1).tolist()]


def main():
    torch.set_num_threads(1)
    raw = clips(7)
    waves = [normalise(c) for c in raw]
    batch = torch.zeros(len(waves), max(LENGTHS))
    for i, c in enumerate(waves):
        batch[i, : len(c)] = c
    models = {}
    for seed, (name, cfg) in enumerate(CONFIGS.items()):
        w = random_weights(cfg, 100 + seed, parametrized=name == "wav2vec2_large")
        write_folder(name, cfg, w)
        with torch.no_grad():
            logits, pooled = forward(cfg, w, batch, LENGTHS)
            alone = [forward(cfg, w, c[None], None) for c in waves]
        models[name] = dict(
            padded_logits=floats(logits), padded_pooled=floats(pooled),
            alone_logits=[floats(a[0]) for a in alone], alone_pooled=[floats(a[1]) for a in alone])
    reference = dict(lengths=LENGTHS, waveforms=[floats(c) for c in waves],
                     raw_clip=floats(raw[1]), normalised_clip=floats(waves[1]), models=models)
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(reference, f)


if __name__ == "__main__":
    main()
