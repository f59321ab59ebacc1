#!/usr/bin/python3
"""Reference values for MlOps' generation metrics, from the published definitions.

Exact match and token F1: the official SQuAD 2.0 evaluation script (evaluate-v2.0.py),
normalize_answer / compute_exact / compute_f1, copied verbatim below.
ROUGE-L: Google's rouge-score (rouge_score/tokenize.py and rouge_scorer._score_lcs /
scoring.fmeasure), copied below without the stemmer (rouge-score's default, use_stemmer=False),
because the package itself is not installable here.

Run: /usr/bin/python3 make_reference.py > reference.json
"""
import collections
import json
import re
import string


# --- SQuAD 2.0 evaluate-v2.0.py -------------------------------------------------------------
def normalize_answer(s):
    def remove_articles(text):
        regex = re.compile(r'\b(a|an|the)\b', re.UNICODE)
        return re.sub(regex, ' ', text)

    def white_space_fix(text):
        return ' '.join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return ''.join(ch for ch in text if ch not in exclude)

    def lower(text):
        return text.lower()
    return white_space_fix(remove_articles(remove_punc(lower(s))))


def get_tokens(s):
    if not s:
        return []
    return normalize_answer(s).split()


def compute_exact(a_gold, a_pred):
    return int(normalize_answer(a_gold) == normalize_answer(a_pred))


def compute_f1(a_gold, a_pred):
    gold_toks = get_tokens(a_gold)
    pred_toks = get_tokens(a_pred)
    common = collections.Counter(gold_toks) & collections.Counter(pred_toks)
    num_same = sum(common.values())
    if len(gold_toks) == 0 or len(pred_toks) == 0:
        # If either is no-answer, then F1 is 1 if they agree, 0 otherwise
        return int(gold_toks == pred_toks)
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(pred_toks)
    recall = 1.0 * num_same / len(gold_toks)
    f1 = (2 * precision * recall) / (precision + recall)
    return f1


# --- rouge-score: tokenize.py, rouge_scorer.py, scoring.py -----------------------------------
NON_ALPHANUM_RE = re.compile(r"[^a-z0-9]+")
SPACES_RE = re.compile(r"\s+")
VALID_TOKEN_RE = re.compile(r"^[a-z0-9]+$")


def rouge_tokenize(text):
    text = text.lower()
    text = NON_ALPHANUM_RE.sub(" ", text)
    tokens = SPACES_RE.split(text)
    return [x for x in tokens if VALID_TOKEN_RE.match(x)]


def _lcs_table(ref, can):
    rows = len(ref)
    cols = len(can)
    lcs_table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            if ref[i - 1] == can[j - 1]:
                lcs_table[i][j] = lcs_table[i - 1][j - 1] + 1
            else:
                lcs_table[i][j] = max(lcs_table[i - 1][j], lcs_table[i][j - 1])
    return lcs_table


def fmeasure(precision, recall):
    if precision + recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


def rouge_l(target, prediction):
    target_tokens = rouge_tokenize(target)
    prediction_tokens = rouge_tokenize(prediction)
    if not target_tokens or not prediction_tokens:
        return 0.0
    lcs_length = _lcs_table(target_tokens, prediction_tokens)[-1][-1]
    precision = lcs_length / len(prediction_tokens)
    recall = lcs_length / len(target_tokens)
    return fmeasure(precision, recall)


CASES = [
    ("The cat sat on the mat.", "the cat sat on the mat"),
    ("A cat sat on a mat", "The cat is on the mat!"),
    ("Paris", "paris, France"),
    ("the the the", "the"),
    ("red red blue", "red blue blue"),
    ("", ""),
    ("", "something"),
    ("an apple a day", "An Apple A Day."),
    ("police killed the gunman", "the gunman was shot down by police"),
    ("Hello,world!  It's 3.14", "hello world its 3 14"),
    ("Café au lait", "cafe au lait"),
    ("théâtre is the answer", "theatre is an answer"),
    ("a b c d e f", "f e d c b a"),
    ("x-ray vision", "x ray vision"),
    ("Answer: 42", "42"),
    ("dog\tcat\nbird", "bird cat dog"),
    ("an", "the"),
    ("New York City", "new york"),
]


def main():
    rows = []
    for prediction, reference in CASES:
        rows.append({
            "prediction": prediction,
            "reference": reference,
            "exact_match": compute_exact(reference, prediction),
            "token_f1": compute_f1(reference, prediction),
            "rouge_l": rouge_l(reference, prediction),
        })
    print(json.dumps(rows, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
