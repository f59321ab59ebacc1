#!/usr/bin/python3
"""Expected decodes with and without transformers' clean_up_tokenization_spaces, for the committed fixtures.

transformers (not installable here) applies PreTrainedTokenizerBase.clean_up_tokenization to the text
`tokenizers` decodes when the tokenizer's clean_up_tokenization_spaces is true (tokenizer_config.json's key;
False when absent since transformers 4.45). That method is ten plain str.replace calls, re-implemented below
from its documented behaviour (huggingface/transformers, src/transformers/tokenization_utils_base.py).
The ids and the raw decode come from make_fixtures.py's independent tokenizers pipeline.

Writes clean_up_expected.json. Run: /usr/bin/python3 clean_up_reference.py
"""
import json
import os

import make_fixtures as mf

# In transformers' order: each replacement sees the previous one's output.
REPLACEMENTS = [(" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
                (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")]

TEXTS = [
    "Hello , world ! Is it ? Yes . No !",
    "I 'm sure they 're here , we 've seen it and it 's fine .",
    "do n't , ca n't , wo n't",
    "he said ' hi ' and ' bye '",
    "spaces  .  twice ,  and a tab\t. end",
    "no artifacts here: a.b, c!d?",
    " . leading ? and trailing ,",
    "'s at the start and ' ' quotes ''",
]

def clean_up(text):
    for old, new in REPLACEMENTS:
        text = text.replace(old, new)
    return text

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    expected = {}
    for name, spec, tokenizer, _ in mf.FIXTURES:
        if name not in ("gpt2", "llama3", "llama2"):
            continue
        with open(os.path.join(here, name, "tokenizer.json"), encoding="utf-8") as f:
            assert json.load(f)["model"]["vocab"] == tokenizer["model"]["vocab"], f"{name}: fixture differs from make_fixtures.py"
        cases = []
        for text in TEXTS:
            ids = mf.encode(spec, text)
            raw = mf.decode(spec, ids, True)
            cases.append({"text": text, "ids": ids, "decoded": raw, "cleaned": clean_up(raw)})
        expected[name] = cases
    with open(os.path.join(here, "clean_up_expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
    print({k: sum(c["decoded"] != c["cleaned"] for c in v) for k, v in expected.items()})

if __name__ == "__main__":
    main()
