using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Evaluation;

/// <summary>
/// What a classifier said about one split: the input every metric, fairness check and report reads.
/// </summary>
/// <param name="Labels">True class index per row (index into <paramref name="Classes"/>).</param>
/// <param name="Probabilities">Row-major, rows × ClassCount; each row sums to 1.</param>
/// <param name="Classes">Class names, in the column order of <paramref name="Probabilities"/>.</param>
/// <param name="Groups">Sensitive attribute → group name per row; may be empty.</param>
public sealed record Predictions(
    long[] Labels,
    float[] Probabilities,
    IReadOnlyList<string> Classes,
    IReadOnlyDictionary<string, string[]> Groups)
{
    public int Rows => Labels.Length;

    public int ClassCount => Classes.Count;

    /// <summary>Argmax of row <paramref name="row"/>; ties go to the lowest class index (numpy's argmax).</summary>
    public int Predicted(int row)
    {
        var offset = row * ClassCount;
        var best = 0;
        for (var c = 1; c < ClassCount; c++)
        {
            if (Probabilities[offset + c] > Probabilities[offset + best])
            {
                best = c;
            }
        }
        return best;
    }

    public float Probability(int row, int classIndex) => Probabilities[(row * ClassCount) + classIndex];

    /// <summary>Throws a clear error when shapes disagree; every calculator calls it first.</summary>
    public void EnsureConsistent()
    {
        if (ClassCount < 2)
        {
            throw Fail($"predictions need at least 2 classes, got {ClassCount}");
        }
        if (Probabilities.Length != Rows * ClassCount)
        {
            throw Fail($"{Probabilities.Length} probabilities for {Rows} rows × {ClassCount} classes (expected {Rows * ClassCount})");
        }
        for (var i = 0; i < Rows; i++)
        {
            if (Labels[i] < 0 || Labels[i] >= ClassCount)
            {
                throw Fail($"row {i} has label index {Labels[i]}, outside 0..{ClassCount - 1}");
            }
        }
        foreach (var (attribute, groups) in Groups)
        {
            if (groups.Length != Rows)
            {
                throw Fail($"sensitive attribute '{attribute}' has {groups.Length} values for {Rows} rows");
            }
        }
    }

    private static MlOpsException Fail(string what) => new(Diagnostic.Error(
        EvaluationErrorCodes.InconsistentPredictions,
        $"inconsistent predictions: {what}; this is a bug in the caller of the evaluator, please report it",
        SourceLocation.None("predictions")));
}
