"""Writes the PyTorch reference fixture for TransformerReferenceTests.

Tiny BERT, DistilBERT and RoBERTa sequence classifiers written with plain torch.nn, module for
module and name for name as Hugging Face's modeling_bert / modeling_distilbert / modeling_roberta
compute them (transformers itself is not needed), saved with torch.save as pytorch_model.bin next
to config.json, plus the logits they give for two padded sentences (reference.json).

Run with Debian's python3-torch:  /usr/bin/python3 make_reference.py   (writes into this folder)
"""
import json
import math
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB, HIDDEN, HEADS, FFN, LAYERS, WIDTH = 40, 16, 2, 32, 2, 12


def attention(q, k, v, mask, heads, scale_query_first):
    b, n, h = q.shape
    d = h // heads
    split = lambda t: t.view(b, n, heads, d).transpose(1, 2)
    q, k, v = split(q), split(k), split(v)
    if scale_query_first:  # DistilBERT scales q, then masks with masked_fill
        scores = (q / math.sqrt(d)) @ k.transpose(-1, -2)
        scores = scores.masked_fill((mask == 0).view(b, 1, 1, n), torch.finfo(scores.dtype).min)
    else:  # BERT/RoBERTa add the extended mask
        scores = q @ k.transpose(-1, -2) / math.sqrt(d)
        scores = scores + (1.0 - mask[:, None, None, :].to(scores.dtype)) * torch.finfo(scores.dtype).min
    return (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, h)


class BertSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.query, self.key, self.value = nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, HIDDEN)

    def forward(self, x, mask):
        return attention(self.query(x), self.key(x), self.value(x), mask, HEADS, False)


class BertOutputBlock(nn.Module):
    def __init__(self, inputs, eps):
        super().__init__()
        self.dense, self.LayerNorm = nn.Linear(inputs, HIDDEN), nn.LayerNorm(HIDDEN, eps=eps)

    def forward(self, x, residual):
        return self.LayerNorm(self.dense(x) + residual)


class BertAttention(nn.Module):
    def __init__(self, eps):
        super().__init__()
        self.self, self.output = BertSelfAttention(), BertOutputBlock(HIDDEN, eps)

    def forward(self, x, mask):
        return self.output(self.self(x, mask), x)


class BertIntermediate(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(HIDDEN, FFN)

    def forward(self, x):
        return nn.functional.gelu(self.dense(x))


class BertLayer(nn.Module):
    def __init__(self, eps):
        super().__init__()
        self.attention, self.intermediate, self.output = BertAttention(eps), BertIntermediate(), BertOutputBlock(FFN, eps)

    def forward(self, x, mask):
        a = self.attention(x, mask)
        return self.output(self.intermediate(a), a)


class BertEncoder(nn.Module):
    def __init__(self, eps):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(eps) for _ in range(LAYERS)])

    def forward(self, x, mask):
        for block in self.layer:
            x = block(x, mask)
        return x


class BertEmbeddings(nn.Module):
    def __init__(self, positions, pad, eps, roberta):
        super().__init__()
        self.word_embeddings = nn.Embedding(VOCAB, HIDDEN, padding_idx=pad)
        self.position_embeddings = nn.Embedding(positions, HIDDEN, padding_idx=pad if roberta else None)
        self.token_type_embeddings = nn.Embedding(1 if roberta else 2, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=eps)
        self.register_buffer("position_ids", torch.arange(positions).expand((1, -1)))  # persistent, as older HF saved it
        self.pad, self.roberta = pad, roberta

    def forward(self, ids):
        if self.roberta:  # create_position_ids_from_input_ids
            mask = ids.ne(self.pad).int()
            positions = (torch.cumsum(mask, dim=1).type_as(mask) * mask).long() + self.pad
        else:
            positions = self.position_ids[:, : ids.shape[1]]
        types = torch.zeros_like(ids)
        return self.LayerNorm(self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings(types))


class BertPooler(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(HIDDEN, HIDDEN)

    def forward(self, hidden):
        return torch.tanh(self.dense(hidden[:, 0]))


class BertModel(nn.Module):
    def __init__(self, positions, pad, eps, roberta):
        super().__init__()
        self.embeddings = BertEmbeddings(positions, pad, eps, roberta)
        self.encoder = BertEncoder(eps)
        if not roberta:
            self.pooler = BertPooler()

    def forward(self, ids, mask):
        return self.encoder(self.embeddings(ids), mask)


class BertForSequenceClassification(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.bert, self.dropout, self.classifier = BertModel(32, 0, 1e-12, False), nn.Dropout(0.1), nn.Linear(HIDDEN, classes)

    def forward(self, ids):
        return self.classifier(self.dropout(self.bert.pooler(self.bert(ids, ids.ne(0).long()))))


class RobertaClassificationHead(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.dense, self.dropout, self.out_proj = nn.Linear(HIDDEN, HIDDEN), nn.Dropout(0.1), nn.Linear(HIDDEN, classes)

    def forward(self, hidden):
        x = self.dropout(hidden[:, 0])
        return self.out_proj(self.dropout(torch.tanh(self.dense(x))))


class RobertaForSequenceClassification(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.roberta, self.classifier = BertModel(34, 1, 1e-5, True), RobertaClassificationHead(classes)

    def forward(self, ids):
        return self.classifier(self.roberta(ids, ids.ne(1).long()))


class DistilAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q_lin, self.k_lin, self.v_lin, self.out_lin = (nn.Linear(HIDDEN, HIDDEN) for _ in range(4))

    def forward(self, x, mask):
        return self.out_lin(attention(self.q_lin(x), self.k_lin(x), self.v_lin(x), mask, HEADS, True))


class DistilFfn(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin1, self.lin2 = nn.Linear(HIDDEN, FFN), nn.Linear(FFN, HIDDEN)

    def forward(self, x):
        return self.lin2(nn.functional.gelu(self.lin1(x)))


class DistilLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention, self.sa_layer_norm = DistilAttention(), nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ffn, self.output_layer_norm = DistilFfn(), nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, x, mask):
        sa = self.sa_layer_norm(self.attention(x, mask) + x)
        return self.output_layer_norm(self.ffn(sa) + sa)


class DistilTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.ModuleList([DistilLayer() for _ in range(LAYERS)])


class DistilEmbeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(VOCAB, HIDDEN, padding_idx=0)
        self.position_embeddings = nn.Embedding(32, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, ids):
        return self.LayerNorm(self.word_embeddings(ids) + self.position_embeddings(torch.arange(ids.shape[1])[None, :]))


class DistilBertModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings, self.transformer = DistilEmbeddings(), DistilTransformer()


class DistilBertForSequenceClassification(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.distilbert = DistilBertModel()
        self.pre_classifier, self.classifier, self.dropout = nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, classes), nn.Dropout(0.2)

    def forward(self, ids):
        x = self.distilbert.embeddings(ids)
        mask = ids.ne(0).long()
        for block in self.distilbert.transformer.layer:
            x = block(x, mask)
        return self.classifier(self.dropout(nn.ReLU()(self.pre_classifier(x[:, 0]))))


COMMON = {"vocab_size": VOCAB, "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
          "hidden_size": HIDDEN, "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": FFN}
MODELS = {
    "bert": (BertForSequenceClassification, 0, dict(COMMON, model_type="bert", max_position_embeddings=32, type_vocab_size=2, pad_token_id=0, layer_norm_eps=1e-12)),
    "roberta": (RobertaForSequenceClassification, 1, dict(COMMON, model_type="roberta", max_position_embeddings=34, type_vocab_size=1, pad_token_id=1, layer_norm_eps=1e-5)),
    "distilbert": (DistilBertForSequenceClassification, 0, {"model_type": "distilbert", "vocab_size": VOCAB, "dim": HIDDEN, "n_layers": LAYERS, "n_heads": HEADS,
                   "hidden_dim": FFN, "max_position_embeddings": 32, "pad_token_id": 0, "activation": "gelu", "dropout": 0.1,
                   "attention_dropout": 0.1, "seq_classif_dropout": 0.2}),
}
SENTENCES = [[2, 11, 17, 23, 5, 3], [2, 30, 8, 9, 14, 21, 33, 12, 3]]

if __name__ == "__main__":
    reference = {}
    for name, (cls, pad, config) in MODELS.items():
        torch.manual_seed(7)
        model = cls(3).eval()
        with torch.no_grad():
            for p in model.parameters():
                p.uniform_(-0.5, 0.5)
        ids = torch.tensor([s + [pad] * (WIDTH - len(s)) for s in SENTENCES])
        with torch.no_grad():
            logits = model(ids)
        state = model.state_dict()
        if name == "roberta":  # the base checkpoint's pooler, which the classifier does not use
            state["roberta.pooler.dense.weight"] = torch.zeros(HIDDEN, HIDDEN)
            state["roberta.pooler.dense.bias"] = torch.zeros(HIDDEN)
        folder = os.path.join(HERE, name)
        os.makedirs(folder, exist_ok=True)
        torch.save(state, os.path.join(folder, "pytorch_model.bin"))
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(config, f, indent=1)
        reference[name] = {"ids": ids.tolist(), "logits": logits.tolist()}
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump({"torch": torch.__version__, "models": reference}, f, indent=1)
