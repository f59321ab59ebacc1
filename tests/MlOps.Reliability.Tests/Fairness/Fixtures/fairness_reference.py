#!/usr/bin/env python3
"""Reference values for MlOps' fairness metrics, computed the way Fairlearn defines them.

Fairlearn is not installable here, so its definitions are written out with scikit-learn and numpy
(Debian python3-sklearn 1.2.1), following fairlearn/metrics/_fairness_metrics.py, _extra_metrics.py
and MetricFrame.difference/ratio(method="between_groups"):

  selection_rate(y, y_hat)   = mean(y_hat == pos_label)                 (here: the favourable label)
  true_positive_rate         = confusion_matrix(labels=[neg, pos], normalize="true")[1, 1]
  false_positive_rate        = confusion_matrix(labels=[neg, pos], normalize="true")[0, 1]
      (normalize="true" divides each row by its sum and turns 0/0 into 0)
  *_difference               = max over groups - min over groups
  *_ratio                    = min over groups / max over groups          (0/0 -> NaN)
  equalized_odds_difference  = max([tpr_difference, fpr_difference])   (Python's builtin max)
  equalized_odds_ratio       = min([tpr_ratio, fpr_ratio])              (Python's builtin min)
  equal_opportunity_*        = the TPR difference / ratio

Multi-class predictions are measured one-vs-rest: y and y_hat are binarised against the positive
label before the confusion matrix, which is what Fairlearn needs (it refuses more than two labels).
disparate_impact is not Fairlearn's: the smallest unprivileged / privileged selection-rate ratio,
the privileged group being the one with the highest selection rate (ties: first in ordinal order).

"sized" values use only the rows of groups with at least min_group_size rows; "all" values use every
row. NaN is written as null. Run from this folder:

    /usr/bin/python3 fairness_reference.py            # reads cases/*.csv, writes expected.json
    /usr/bin/python3 fairness_reference.py --generate  # rewrites cases/*.csv first (seeded)
"""
import csv
import json
import math
import os
import sys

import numpy as np
import sklearn
import sklearn.metrics as skm

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")

# case name -> (classes, positive label, favourable label, min_group_size)
SETTINGS = {
    "no_positives": (["0", "1"], "1", "1", 1),
    "no_negatives": (["0", "1"], "1", "1", 1),
    "nobody_selected": (["0", "1"], "1", "1", 1),
    "no_false_positives": (["0", "1"], "1", "1", 1),
    "favourable_is_negative": (["approve", "deny"], "deny", "approve", 1),
    "small_group_hidden": (["0", "1"], "1", "1", 30),
    "multiclass_one_vs_rest": (["a", "b", "c"], "b", "b", 5),
    "seeded_random": (["0", "1"], "1", "1", 20),
}

METRICS = [
    "demographic_parity_difference", "demographic_parity_ratio",
    "equalized_odds_difference", "equalized_odds_ratio",
    "equal_opportunity_difference", "equal_opportunity_ratio",
    "disparate_impact",
]


def generate():
    os.makedirs(CASES, exist_ok=True)
    rows = {}
    # A group with no actual positives: its TPR is 0/0 -> 0 (the trial's 0.75 vs 0.265 case).
    rows["no_positives"] = (
        [("1", "1", "A")] * 3 + [("1", "0", "A")] + [("0", "0", "A")] * 4
        + [("1", "1", "B")] * 2 + [("1", "0", "B")] * 2 + [("0", "1", "B")] + [("0", "0", "B")] * 3
        + [("0", "0", "C")] * 5 + [("0", "1", "C")])
    # A group with no actual negatives: its FPR is 0/0 -> 0.
    rows["no_negatives"] = (
        [("1", "1", "A")] * 2 + [("1", "0", "A")] * 2 + [("0", "1", "A")] * 3 + [("0", "0", "A")]
        + [("1", "1", "B")] * 3 + [("1", "0", "B")] + [("0", "0", "B")] * 4
        + [("1", "1", "C")] * 4 + [("1", "0", "C")] * 2)
    # Nobody predicted positive: every selection rate and TPR is 0, so the ratios are 0/0 (NaN).
    rows["nobody_selected"] = (
        [("1", "0", "A")] * 3 + [("0", "0", "A")] * 3 + [("1", "0", "B")] * 2 + [("0", "0", "B")] * 4)
    # No false positive anywhere: the FPR ratio is 0/0 (NaN), and min([tpr_ratio, nan]) keeps the TPR ratio.
    rows["no_false_positives"] = (
        [("1", "1", "A")] * 3 + [("1", "0", "A")] + [("0", "0", "A")] * 4
        + [("1", "1", "B")] * 2 + [("1", "0", "B")] * 2 + [("0", "0", "B")] * 4)
    # Positive class "deny": selection of the favourable outcome "approve" is what parity compares.
    rows["favourable_is_negative"] = (
        [("deny", "deny", "x")] * 3 + [("approve", "deny", "x")] * 1 + [("approve", "approve", "x")] * 6
        + [("deny", "deny", "y")] * 6 + [("approve", "deny", "y")] * 3 + [("approve", "approve", "y")] * 1)
    rng = np.random.RandomState(16)

    def draw(group, n, p_true, p_hit, p_false_alarm):
        out = []
        for _ in range(n):
            t = rng.rand() < p_true
            p = rng.rand() < (p_hit if t else p_false_alarm)
            out.append(("1" if t else "0", "1" if p else "0", group))
        return out

    # A small group (below min_group_size 30) that is the worst one.
    rows["small_group_hidden"] = draw("big1", 120, 0.4, 0.8, 0.1) + draw("big2", 90, 0.5, 0.7, 0.2) + draw("tiny", 12, 0.5, 0.1, 0.6)
    classes = ["a", "b", "c"]
    multi = []
    for g, n in (("g1", 40), ("g2", 35), ("g3", 4)):
        for _ in range(n):
            t = classes[rng.randint(3)]
            p = t if rng.rand() < 0.6 else classes[rng.randint(3)]
            multi.append((t, p, g))
    rows["multiclass_one_vs_rest"] = multi
    rows["seeded_random"] = (draw("p", 200, 0.3, 0.75, 0.15) + draw("q", 150, 0.35, 0.6, 0.25)
                             + draw("r", 80, 0.2, 0.9, 0.05) + draw("s", 15, 0.6, 0.5, 0.5))
    for name, data in rows.items():
        with open(os.path.join(CASES, name + ".csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["y_true", "y_pred", "group"])
            w.writerows(data)


def rates(y_true, y_pred, positive, favourable):
    """Fairlearn's selection_rate, true_positive_rate and false_positive_rate on one group."""
    selection = float(np.mean(y_pred == favourable))
    t = (y_true == positive).astype(int)
    p = (y_pred == positive).astype(int)
    # labels=[0, 1]: negative first, positive last, as _get_labels_for_confusion_matrix orders them.
    tnr, fpr, fnr, tpr = skm.confusion_matrix(t, p, labels=[0, 1], normalize="true").ravel()
    return selection, float(tpr), float(fpr)


def between(values, kind):
    values = np.array(values, dtype=float)
    if kind == "difference":
        return float(values.max() - values.min())
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(values.min()) / np.float64(values.max()))


def metrics(y_true, y_pred, groups, positive, favourable):
    names = sorted(set(groups))
    per = {g: rates(y_true[groups == g], y_pred[groups == g], positive, favourable) for g in names}
    sel = [per[g][0] for g in names]
    tpr = [per[g][1] for g in names]
    fpr = [per[g][2] for g in names]
    out = {
        "demographic_parity_difference": between(sel, "difference"),
        "demographic_parity_ratio": between(sel, "ratio"),
        "equalized_odds_difference": max([between(tpr, "difference"), between(fpr, "difference")]),
        "equalized_odds_ratio": min([between(tpr, "ratio"), between(fpr, "ratio")]),
        "equal_opportunity_difference": between(tpr, "difference"),
        "equal_opportunity_ratio": between(tpr, "ratio"),
    }
    privileged = sorted(names, key=lambda g: (-per[g][0], g))[0]
    others = [per[g][0] for g in names if g != privileged]
    out["disparate_impact"] = min(others) / per[privileged][0] if per[privileged][0] > 0 else math.nan
    return out, {g: {"rows": int(np.sum(groups == g)), "selection_rate": per[g][0],
                     "true_positive_rate": per[g][1], "false_positive_rate": per[g][2]} for g in names}


def nan_to_none(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def main():
    if "--generate" in sys.argv:
        generate()
    expected = {"_generator": f"fairness_reference.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}", "cases": {}}
    for name, (classes, positive, favourable, min_size) in SETTINGS.items():
        with open(os.path.join(CASES, name + ".csv"), newline="") as f:
            data = list(csv.DictReader(f))
        y_true = np.array([r["y_true"] for r in data])
        y_pred = np.array([r["y_pred"] for r in data])
        groups = np.array([r["group"] for r in data])
        all_values, per_group = metrics(y_true, y_pred, groups, positive, favourable)
        sized_names = [g for g in sorted(set(groups)) if np.sum(groups == g) >= min_size]
        keep = np.isin(groups, sized_names)
        sized_values, _ = metrics(y_true[keep], y_pred[keep], groups[keep], positive, favourable)
        expected["cases"][name] = {
            "classes": classes, "positive_label": positive, "favourable_label": favourable, "min_group_size": min_size,
            "groups": per_group,
            "sized": {m: nan_to_none(sized_values[m]) for m in METRICS},
            "all": {m: nan_to_none(all_values[m]) for m in METRICS},
        }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
