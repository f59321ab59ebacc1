namespace MlOps.Runtime;

/// <summary>
/// One example's prediction: the label (the most probable class, ties to the lowest class index, as the
/// run's metrics read it), its index, and softmax probabilities and raw logits in <see cref="Classes"/> order.
/// </summary>
public sealed record Prediction(string Label, int ClassIndex, IReadOnlyList<float> Probabilities, IReadOnlyList<float> Logits, IReadOnlyList<string> Classes)
{
    /// <summary>The probability of <paramref name="label"/>; throws when the model has no such class.</summary>
    public float Probability(string label)
    {
        var index = Classes.IndexOf(label);
        return index >= 0 ? Probabilities[index] : throw new ArgumentException($"the model has no class '{label}' (classes: {string.Join(", ", Classes)})", nameof(label));
    }

    internal static Prediction FromLogits(ReadOnlySpan<float> logits, IReadOnlyList<string> classes)
    {
        var max = logits[0];
        for (var c = 1; c < logits.Length; c++)
        {
            max = MathF.Max(max, logits[c]);
        }
        // Softmax as the trainer's (float32): shift by the maximum, exponentiate, normalise; the sum in double.
        var probabilities = new float[logits.Length];
        var sum = 0.0;
        for (var c = 0; c < logits.Length; c++)
        {
            probabilities[c] = MathF.Exp(logits[c] - max);
            sum += probabilities[c];
        }
        var best = 0;
        for (var c = 0; c < probabilities.Length; c++)
        {
            probabilities[c] = (float)(probabilities[c] / sum);
            // The label as the run's predictions.csv reads it: the most probable class, ties to the lowest index.
            if (probabilities[c] > probabilities[best])
            {
                best = c;
            }
        }
        return new Prediction(classes[best], best, probabilities, logits.ToArray(), classes);
    }
}

internal static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>
/// The predictions of one graph run over the batch's logits: a row's softmax and <see cref="Prediction"/>
/// are computed when the row is first read (then kept), so rows a caller never reads cost nothing.
/// Reading from several threads at once may compute a row twice, to equal results.
/// </summary>
internal sealed class PredictionBatch(float[] logits, int rows, IReadOnlyList<string> classes) : IReadOnlyList<Prediction>
{
    private readonly Prediction?[] made = new Prediction?[rows];

    public int Count => rows;

    public Prediction this[int index] => (uint)index < (uint)rows
        ? made[index] ??= Prediction.FromLogits(logits.AsSpan(index * classes.Count, classes.Count), classes)
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"the batch has {rows} rows");

    public IEnumerator<Prediction> GetEnumerator()
    {
        for (var i = 0; i < rows; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
