using MlOps.Contracts.Metrics;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation.Significance;
using MlOps.Specs.Model;
using static MlOps.Core.Gates.GateText;

namespace MlOps.Core.Gates.Kinds;

/// <summary>
/// <c>significance: α</c> on a gate <c>against: baseline</c> or <c>champion</c> (whose weights are
/// scored on the same examples by the pipeline): passes only when the model is
/// significantly better than the reference on the same examples. Accuracy: McNemar's exact test,
/// significant when the model is right on more of the discordant examples and the two-sided p &lt; α.
/// Other metrics: the (1 − α) paired-bootstrap interval of the difference lies wholly on the better
/// side of 0. Otherwise the message says plainly that the model is not distinguishable from the reference.
/// </summary>
internal static class SignificanceCondition
{
    public const string Key = "significance";

    public static GateResult Check(GateInputs inputs, GateSpec gate, GateResultKind kind, string name, GateEvaluator.MetricRead candidate, GateEvaluator.MetricRead reference)
    {
        var alpha = gate.Significance ?? 0.05;
        if (candidate.Value is not { } value || reference.Value is not { } refValue)
        {
            return GateEvaluator.Result(gate, kind, name, null, alpha, "<", false, candidate.Missing ?? reference.Missing!);
        }
        if (inputs.Paired is null && inputs.Repeats?.KeptGates.FirstOrDefault(k => k.Name == name && k.Location == gate.Location) is { } kept)
        {
            // Repeated runs: the paired test needs one model's predictions, so the kept repeat's test stands.
            return kept with { Message = $"kept repeat (seed {inputs.Repeats.KeptSeed}): {kept.Message}" };
        }
        var whom = gate.Against == GateReference.Champion ? "champion" : "baseline";
        var references = gate.Against == GateReference.Champion ? inputs.Paired?.Champion : inputs.Paired?.Baseline;
        if (inputs.Paired is not { } paired || !paired.Model.TryGetValue(gate.Split, out var model) || references?.TryGetValue(gate.Split, out var other) != true)
        {
            var why = gate.Against == GateReference.Champion && inputs.Paired?.ChampionMissing is { } missing ? $": {missing}" : "";
            return GateEvaluator.Result(gate, kind, name, null, alpha, "<", false,
                $"the per-example predictions of the model and the {whom} on the {gate.Split} split were not kept, so significance cannot be tested{why}");
        }
        var greater = ReferenceGate.IsGreaterBetter(gate);
        var head = $"{gate.Metric} {Number(value)} vs {whom} {Number(refValue)}: Δ {Signed(value - refValue)}";
        return gate.Metric == MetricNames.Accuracy
            ? McNemar(gate, kind, name, head, whom, alpha, McNemarTest.Compare(model, other!), value - refValue)
            : Bootstrap(gate, kind, name, head, whom, alpha, greater, paired, model, other!);
    }

    private static GateResult McNemar(GateSpec gate, GateResultKind kind, string name, string head, string whom, double alpha, McNemarTest.Outcome test, double difference)
    {
        var better = test.ModelOnlyCorrect > test.ReferenceOnlyCorrect;
        var significant = better && test.PValue < alpha;
        var counts = $"{test.ModelOnlyCorrect} examples right only by the model, {test.ReferenceOnlyCorrect} only by the {whom}";
        var verdict = significant ? $"< α {AsWritten(alpha)}: significantly better than the {whom}"
            : test.PValue < alpha ? $"< α {AsWritten(alpha)}, but the {whom} is the better one: significantly worse than the {whom}"
            : $"≥ α {AsWritten(alpha)}: not distinguishable from the {whom}";
        var message = $"{head}, McNemar exact p = {P(test.PValue)} ({counts}) {verdict}";
        return GateEvaluator.Result(gate, kind, name, test.PValue, alpha, "<", significant, message) with
        {
            Significance = new SignificanceResult
            {
                Test = "mcnemar_exact", Level = alpha, Difference = difference, PValue = test.PValue,
                ModelOnlyCorrect = test.ModelOnlyCorrect, ReferenceOnlyCorrect = test.ReferenceOnlyCorrect, Significant = significant,
            },
        };
    }

    private static GateResult Bootstrap(GateSpec gate, GateResultKind kind, string name, string head, string whom, double alpha, bool greater,
        PairedPredictions paired, Evaluation.Predictions model, Evaluation.Predictions baseline)
    {
        var resamples = PairedBootstrap.Resamples(model.Rows, paired.Samples, paired.Seed);
        if (PairedBootstrap.Compare(model, baseline, gate.Metric, paired.PositiveLabel, resamples, alpha) is not { } test)
        {
            return GateEvaluator.Result(gate, kind, name, null, 0, greater ? ">" : "<", false,
                $"{head}, but the difference is undefined on every bootstrap resample, so significance cannot be tested");
        }
        // The bound nearest to "no better": the lower end for higher-is-better metrics, the upper end for losses.
        var bound = greater ? test.Lower : test.Upper;
        var significant = greater ? test.Lower > 0 : test.Upper < 0;
        var worse = greater ? test.Upper < 0 : test.Lower > 0;
        var interval = $"{AsWritten(Math.Round((1 - alpha) * 100, 4))}% paired bootstrap interval [{Signed(test.Lower)}, {Signed(test.Upper)}] ({test.Samples} resamples)";
        var verdict = significant ? $"excludes 0: significantly better than the {whom}"
            : worse ? $"lies on the worse side of 0: significantly worse than the {whom}"
            : $"includes 0: not distinguishable from the {whom}";
        return GateEvaluator.Result(gate, kind, name, bound, 0, greater ? ">" : "<", significant, $"{head}, {interval} {verdict}") with
        {
            Significance = new SignificanceResult
            {
                Test = "paired_bootstrap", Level = alpha, Difference = test.Difference, Lower = test.Lower, Upper = test.Upper,
                Samples = test.Samples, Significant = significant,
            },
        };
    }

    private static string Signed(double value) => (value >= 0 ? "+" : "") + Number(value);

    /// <summary>p-values read with four significant digits (0.0213, 3.1e-05), never rounded to 0.000.</summary>
    private static string P(double p) => p.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
