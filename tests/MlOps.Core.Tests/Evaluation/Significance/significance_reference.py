#!/usr/bin/python3
"""Reference numbers for MlOps's paired significance tests, from scipy and numpy (Debian python3-scipy).

Run from this folder:  /usr/bin/python3 significance_reference.py
Writes mcnemar.reference.json, bootstrap.reference.json and repeats.reference.json, which SignificanceReferenceTests reads;
the C# results must agree to 1e-9.

- McNemar's exact test: scipy.stats.binomtest(b, b + c, 0.5).pvalue (two-sided), b and c the
  discordant counts (model right only, reference right only).
- Paired bootstrap: the resample indices are recorded here (numpy's generator, seeded), so both sides
  score the very same resamples; the metric difference per resample and numpy.quantile's linear
  interpolation give the interval.
- Repeats: the t quantile and the 95% t-interval of a mean over repeats, mean ± t·std(ddof=1)/sqrt(n)
  (scipy.stats.t.interval's formula). The quantile is scipy's t.cdf inverted with brentq to 1e-15:
  scipy 1.10's own t.ppf (cdflib's stdtrit) stops early, up to ~8e-9 away (t.cdf(t.ppf(0.95, 30))
  − 0.95 = 7.4e-10), so it is recorded beside ("scipy_ppf") but is not the reference.
"""
import json

import numpy as np
import scipy
from scipy.optimize import brentq
from scipy.stats import binomtest, t

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


T_CASES = [(p, df) for df in (1, 2, 3, 4, 5, 7, 10, 19, 30, 99, 1000) for p in (0.975, 0.95, 0.995, 0.6)]
SPREADS = [[0.852, 0.866, 0.859], [0.7, 0.55, 0.9, 0.65, 0.8], [0.3, 0.3], [0.91, 0.93, 0.92, 0.95, 0.90, 0.94, 0.93, 0.92, 0.91, 0.96]]


def t_quantile(p, df):
    return brentq(lambda x: t.cdf(x, df) - p, -1e4, 1e4, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)


def repeats_fixture():
    quantiles = [{"p": p, "df": df, "t": float(t_quantile(p, df)), "scipy_ppf": float(t.ppf(p, df))} for p, df in T_CASES]
    spreads = []
    for values in SPREADS:
        v = np.array(values)
        n, mean, std = len(v), float(np.mean(v)), float(np.std(v, ddof=1))
        half = t_quantile(0.975, n - 1) * std / np.sqrt(n)
        spreads.append({"values": values, "mean": mean, "std": std, "lower": mean - half, "upper": mean + half})
    return {"quantiles": quantiles, "spreads": spreads}


def main():
    versions = {"scipy": scipy.__version__, "numpy": np.__version__}
    mcnemar = [{"b": b, "c": c, "p_value": float(binomtest(b, b + c, 0.5).pvalue) if b + c > 0 else 1.0} for b, c in MCNEMAR_CASES]
    with open("mcnemar.reference.json", "w", encoding="utf-8") as f:
        json.dump({"generated_by": versions, "cases": mcnemar}, f, indent=1)
    with open("bootstrap.reference.json", "w", encoding="utf-8") as f:
        json.dump({"generated_by": versions, **bootstrap_fixture()}, f)
    with open("repeats.reference.json", "w", encoding="utf-8") as f:
        json.dump({"generated_by": versions, **repeats_fixture()}, f, indent=1)


if __name__ == "__main__":
    main()
