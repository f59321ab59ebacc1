using MlOps.Contracts.Diagnostics;

namespace MlOps.Core.Evaluation.Significance;

/// <summary>Two models' predictions of the same examples, and the same examples picked from both.</summary>
internal static class PairedRows
{
    /// <summary>A paired test compares row i with row i: both must be the same labelled examples.</summary>
    public static void EnsureSameExamples(Predictions model, Predictions reference)
    {
        if (model.Rows != reference.Rows || model.ClassCount != reference.ClassCount || !model.Labels.AsSpan().SequenceEqual(reference.Labels))
        {
            throw new MlOpsException(Diagnostic.Error(EvaluationErrorCodes.InconsistentPredictions,
                $"a paired test needs both models' predictions of the same examples, got {model.Rows} and {reference.Rows} rows with different labels; this is a bug, please report it",
                SourceLocation.None("predictions")));
        }
    }

    /// <summary>The rows <paramref name="indices"/> (repeats allowed) of <paramref name="p"/>, without sensitive groups.</summary>
    public static Predictions Pick(Predictions p, int[] indices)
    {
        var labels = new long[indices.Length];
        var probabilities = new float[indices.Length * p.ClassCount];
        for (var i = 0; i < indices.Length; i++)
        {
            labels[i] = p.Labels[indices[i]];
            Array.Copy(p.Probabilities, indices[i] * p.ClassCount, probabilities, i * p.ClassCount, p.ClassCount);
        }
        return new Predictions(labels, probabilities, p.Classes, new Dictionary<string, string[]>());
    }
}
