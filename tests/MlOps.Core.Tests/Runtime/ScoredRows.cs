using System.Globalization;

namespace MlOps.Core.Tests.Runtime;

/// <summary>The validation rows of a run's predictions.csv: source line, predicted label, probabilities in class order.</summary>
internal sealed record ScoredRow(int SourceLine, string Predicted, float[] Probabilities)
{
    public static IReadOnlyList<ScoredRow> Validation(string predictionsCsv, IReadOnlyList<string> classes)
    {
        var lines = File.ReadAllLines(predictionsCsv);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var probabilities = classes.Select(c => Column("probability_" + c)).ToArray();
        return [.. lines.Skip(1).Select(l => l.Split(',')).Where(c => c[Column("split")] == "validation").Select(c => new ScoredRow(
            c[Column("source_line")].Length == 0 ? -1 : int.Parse(c[Column("source_line")], CultureInfo.InvariantCulture),
            c[Column("predicted_label")],
            [.. probabilities.Select(p => float.Parse(c[p], CultureInfo.InvariantCulture))]))];
    }
}
