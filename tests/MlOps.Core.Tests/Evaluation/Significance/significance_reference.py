#!/usr/bin/python3
"""Reference numbers for MlOps's paired significance tests, from scipy and numpy (Debian python3-scipy).

Run from this folder:  /usr/bin/python3 significance_reference.py
Writes mcnemar.reference.json and bootstrap.reference.json, which SignificanceReferenceTests reads;
the C# results must agree to 1e-9.

- McNemar's exact test: scipy.stats.binomtest(b, b + c, 0.5).pvalue (two-sided), b and c the
  discordant counts (model right only, reference right only).
- Paired bootstrap: the resample indices are recorded here (numpy's generator, seeded), so both sides
  score the very same resamples; the metric difference per resample and numpy.quantile's linear
  interpolation give the interval.
"""
import json

import numpy as np
import scipy
from scipy.stats import binomtest

MCNEMAR_CASES = [(0, 0), (1, 0), (0, 1), (5, 5), (12, 4), (4, 12), (0, 7), (3, 40), (30, 18),
                 (100, 70), (600, 540), (1500, 1420), (2000, 1999)]


def log_loss(labels, probabilities):
    eps = np.finfo(np.float64).eps
    p = np.clip(probabilities[np.arange(len(labels)), labels].astype(np.float64), eps, 1 - eps)
    return float(np.mean(-np.log(p)))


def balanced_accuracy(labels, probabilities):
    predicted = np.argmax(probabilities, axis=1)
    recalls = [np.mean(predicted[labels == c] == c) for c in np.unique(labels)]
    return float(np.mean(recalls))


METRICS = {"log_loss": log_loss, "balanced_accuracy": balanced_accuracy}


def bootstrap_fixture():
    rng = np.random.default_rng(20)
    rows, samples, level = 60, 200, 0.1
    labels = rng.integers(0, 2, size=rows)
    # The model is somewhat better than the baseline; both are float32, as MlOps stores probabilities.
    model_pos = np.clip(np.where(labels == 1, 0.7, 0.3) + rng.normal(0, 0.2, rows), 0.01, 0.99).astype(np.float32)
    base_pos = np.clip(np.where(labels == 1, 0.6, 0.4) + rng.normal(0, 0.25, rows), 0.01, 0.99).astype(np.float32)
    model = np.stack([np.float32(1) - model_pos, model_pos], axis=1).astype(np.float32)
    base = np.stack([np.float32(1) - base_pos, base_pos], axis=1).astype(np.float32)
    resamples = rng.integers(0, rows, size=(samples, rows))
    expected = {}
    for name, metric in METRICS.items():
        differences = np.array([metric(labels[i], model[i]) - metric(labels[i], base[i]) for i in resamples])
        expected[name] = {
            "difference": metric(labels, model) - metric(labels, base),
            "lower": float(np.quantile(differences, level / 2)),
            "upper": float(np.quantile(differences, 1 - level / 2)),
        }
    return {
        "classes": ["neg", "pos"],
        "labels": labels.tolist(),
        "model_probabilities": [float(x) for x in model.ravel()],
        "baseline_probabilities": [float(x) for x in base.ravel()],
        "level": level,
        "resamples": resamples.tolist(),
        "expected": expected,
    }


def main():
    versions = {"scipy": scipy.__version__, "numpy": np.__version__}
    mcnemar = [{"b": b, "c": c, "p_value": float(binomtest(b, b + c, 0.5).pvalue) if b + c > 0 else 1.0} for b, c in MCNEMAR_CASES]
    with open("mcnemar.reference.json", "w", encoding="utf-8") as f:
        json.dump({"generated_by": versions, "cases": mcnemar}, f, indent=1)
    with open("bootstrap.reference.json", "w", encoding="utf-8") as f:
        json.dump({"generated_by": versions, **bootstrap_fixture()}, f)


if __name__ == "__main__":
    main()
