using MlOps.Contracts.Metrics;

namespace MlOps.Core.Evaluation.Generation;

/// <summary>exact_match, token_f1 and rouge_l of generated texts against references: each the mean over the rows.</summary>
public static class GenerationMetrics
{
    public static IReadOnlyDictionary<string, double> Score(IReadOnlyList<string> outputs, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(references);
        if (outputs.Count != references.Count || outputs.Count == 0)
        {
            throw new ArgumentException("one output per reference, at least one", nameof(outputs));
        }
        var rows = outputs.Zip(references).ToList();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricNames.ExactMatch] = rows.Average(r => SquadText.ExactMatch(r.First, r.Second)),
            [MetricNames.TokenF1] = rows.Average(r => SquadText.TokenF1(r.First, r.Second)),
            [MetricNames.RougeL] = rows.Average(r => RougeL.FMeasure(r.First, r.Second)),
        };
    }
}
