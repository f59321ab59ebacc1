namespace MlOps.Core.Evaluation;

/// <summary>Counts of (true class, predicted class): rows true, columns predicted, every class listed.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] counts;

    private ConfusionMatrix(int[,] counts) => this.counts = counts;

    public int ClassCount => counts.GetLength(0);

    public int this[int actual, int predicted] => counts[actual, predicted];

    public static ConfusionMatrix From(Predictions predictions)
    {
        predictions.EnsureConsistent();
        var counts = new int[predictions.ClassCount, predictions.ClassCount];
        for (var i = 0; i < predictions.Rows; i++)
        {
            counts[predictions.Labels[i], predictions.Predicted(i)]++;
        }
        return new ConfusionMatrix(counts);
    }

    public int TruePositives(int c) => counts[c, c];

    /// <summary>Rows whose true class is c (scikit-learn's "support").</summary>
    public int Support(int c) => Enumerable.Range(0, ClassCount).Sum(p => counts[c, p]);

    public int PredictedCount(int c) => Enumerable.Range(0, ClassCount).Sum(a => counts[a, c]);

    public int Total => Enumerable.Range(0, ClassCount).Sum(Support);

    /// <summary>A class scikit-learn's default <c>labels=None</c> would list: seen in y_true or y_pred.</summary>
    public bool IsPresent(int c) => Support(c) > 0 || PredictedCount(c) > 0;

    /// <summary>The shape result.json stores.</summary>
    public IReadOnlyList<IReadOnlyList<int>> ToRows() =>
        [.. Enumerable.Range(0, ClassCount).Select(a => (IReadOnlyList<int>)[.. Enumerable.Range(0, ClassCount).Select(p => counts[a, p])])];
}
