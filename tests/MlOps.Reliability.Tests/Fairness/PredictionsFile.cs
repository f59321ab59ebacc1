using System.Globalization;

namespace MlOps.Reliability.Tests.Fairness;

/// <summary>Reads predictions.csv as an auditor would (no quoting needed for these tests' values).</summary>
public sealed record PredictionsFile(int SourceLine, string True, string Predicted, IReadOnlyDictionary<string, string> Sensitive)
{
    public static List<PredictionsFile> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            var sensitive = header.Select((name, i) => (name, i)).Where(c => c.name.StartsWith("sensitive_", StringComparison.Ordinal))
                .ToDictionary(c => c.name["sensitive_".Length..], c => cells[c.i], StringComparer.Ordinal);
            return new PredictionsFile(int.Parse(cells[2], CultureInfo.InvariantCulture), cells[3], cells[4], sensitive);
        })];
    }
}
