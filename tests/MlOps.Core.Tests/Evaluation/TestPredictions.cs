using MlOps.Core.Evaluation;

namespace MlOps.Core.Tests.Evaluation;

/// <summary>Builds predictions whose argmax is a chosen class: 0.7 on it, the rest 0.3 shared equally.</summary>
internal static class TestPredictions
{
    public const float Chosen = 0.7f;

    public static Predictions Of(string[] classes, long[] labels, int[] predicted, Dictionary<string, string[]>? groups = null)
    {
        var k = classes.Length;
        var probabilities = new float[labels.Length * k];
        for (var i = 0; i < labels.Length; i++)
        {
            for (var c = 0; c < k; c++)
            {
                probabilities[(i * k) + c] = c == predicted[i] ? Chosen : 0.3f / (k - 1);
            }
        }
        return new Predictions(labels, probabilities, classes, groups ?? []);
    }

    public static Predictions WithProbabilities(string[] classes, long[] labels, float[][] rows) =>
        new(labels, [.. rows.SelectMany(r => r)], classes, new Dictionary<string, string[]>());
}
