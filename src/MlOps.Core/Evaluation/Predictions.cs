namespace MlOps.Core.Evaluation;

/// <summary>A model's class probabilities for a set of labelled rows (the evaluator's input).</summary>
public sealed record Predictions(long[] Labels, float[] Probabilities, IReadOnlyList<string> Classes, IReadOnlyDictionary<string, string[]> Groups)
{
    public int Rows => Labels.Length;

    public int ClassCount => Classes.Count;

    /// <summary>Argmax of row <paramref name="row"/>; ties go to the lowest class index.</summary>
    public int Predicted(int row)
    {
        var best = 0;
        var offset = row * ClassCount;
        for (var c = 1; c < ClassCount; c++)
        {
            if (Probabilities[offset + c] > Probabilities[offset + best])
            {
                best = c;
            }
        }
        return best;
    }
}
