#!/usr/bin/python3
"""Makes the chat sample's data from WordNet 3.0 (Princeton University, WordNet licence: see
WORDNET-LICENSE), as Debian's wordnet-base ships it in /usr/share/wordnet (or WORDNET_DIR).

One fact per word: a common English noun (one lowercase word, tagged at least once in the SemCor
sense counts) and the definition of its most frequent sense (the gloss up to its first ';', without
parenthesised asides, 3-12 words). Deterministic: words are ordered by the SHA-256 of the word, so
the same WordNet files give the same output byte for byte.

  pretrain.jsonl      {"text": "dog: a member of the genus Canis."} for every word, validation words
                      included: pretraining is where the model reads the facts.
  pretrain-augmented.jsonl
                      every fact in three phrasings ("dog: ...", "dog is ...", "dog, in other words,
                      ..."), hashed order: the text the sample's base model is pretrained on.
  pretrain-val.jsonl  the same facts in a second phrasing ("dog means ..."), the
                      perplexity set the pretraining spec validates on.
  train.jsonl         instruction tuning, prompt/completion: "Define:\\ndog\\nDefinition:" -> " a member ..."
  validation.jsonl    the same for VALIDATION words held out of train.jsonl.
"""
import hashlib, json, os, re, sys

WORDS, VALIDATION = int(os.environ.get("WORDS", "1000")), int(os.environ.get("VALIDATION", "150"))
wordnet = os.environ.get("WORDNET_DIR", "/usr/share/wordnet")
here = os.path.dirname(os.path.abspath(__file__))


def synset_glosses(path):
    glosses = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            if line.startswith("  "):
                continue
            head, _, gloss = line.partition(" | ")
            glosses[head.split(" ", 1)[0]] = gloss.strip()
    return glosses


def definition(gloss):
    text = gloss.split(";", 1)[0]
    while True:  # nested asides: drop the innermost first
        shorter = re.sub(r"\s*\([^()]*\)", "", text)
        if shorter == text:
            break
        text = shorter
    text = re.sub(r"\s+", " ", text).strip().rstrip(".:,")
    return text if re.fullmatch(r"[A-Za-z0-9 ,'\-]+", text) and 3 <= len(text.split()) <= 12 else None


def facts():
    glosses = synset_glosses(os.path.join(wordnet, "data.noun"))
    seen_synsets, rows = set(), []
    with open(os.path.join(wordnet, "index.noun"), encoding="ascii") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            word, pointers = fields[0], int(fields[3])
            tagged, offsets = int(fields[5 + pointers]), fields[6 + pointers:]
            if not re.fullmatch(r"[a-z]{3,12}", word) or tagged < 1:
                continue
            meaning = definition(glosses[offsets[0]])
            if meaning is None or word in meaning.lower().split():
                continue
            rows.append((hashlib.sha256(word.encode()).hexdigest(), word, offsets[0], meaning))
    rows.sort()
    chosen = []
    for _, word, synset, meaning in rows:  # one word per synset: a definition names one word
        if synset not in seen_synsets and len(chosen) < WORDS:
            seen_synsets.add(synset)
            chosen.append((word, meaning))
    if len(chosen) < WORDS:
        sys.exit(f"only {len(chosen)} words qualify, {WORDS} asked")
    return chosen


def write(name, records):
    with open(os.path.join(here, name), "w", encoding="ascii", newline="\n") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=True) + "\n")


def prompt(word):
    return f"Define:\n{word}\nDefinition:"


chosen = facts()
validation, train = chosen[:VALIDATION], chosen[VALIDATION:]
write("pretrain.jsonl", ({"text": f"{w}: {d}."} for w, d in sorted(chosen)))
# Each fact in three phrasings, in a hashed order (so no two phrasings of a fact share a packed
# block): a fact read several ways is stored under the word, where a new question can reach it.
phrasings = [t for w, d in sorted(chosen) for t in (f"{w}: {d}.", f"{w} is {d}.", f"{w}, in other words, {d}.")]
write("pretrain-augmented.jsonl", ({"text": t} for t in sorted(phrasings, key=lambda t: hashlib.sha256(t.encode()).hexdigest())))
write("pretrain-val.jsonl", ({"text": f"{w} means {d}."} for w, d in validation))
write("train.jsonl", ({"prompt": prompt(w), "completion": f" {d}."} for w, d in train))
write("validation.jsonl", ({"prompt": prompt(w), "completion": f" {d}."} for w, d in validation))
print(f"{len(chosen)} words: {len(train)} instruction-tuning, {len(validation)} held out")
