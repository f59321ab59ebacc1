using System.Text.Json;
using MlOps.Contracts.IO;

namespace MlOps.Build.Results;

/// <summary>The parts of result.json a build exposes as item metadata.</summary>
internal sealed record ResultSummary(string Verdict, string? RunId, IReadOnlyDictionary<string, double> ValidationMetrics)
{
    /// <summary>Reads result.json (snake_case, schema v1). Tolerates absent optional sections.</summary>
    public static ResultSummary Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var verdict = root.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "unknown";
        string? runId = root.TryGetProperty("tracking", out var t) && t.ValueKind == JsonValueKind.Object
            && t.TryGetProperty("run_id", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty("validation", out var validation) && validation.ValueKind == JsonValueKind.Object)
        {
            foreach (var metric in validation.EnumerateObject().Where(x => x.Value.ValueKind == JsonValueKind.Number))
            {
                metrics[metric.Name] = metric.Value.GetDouble();
            }
        }
        return new ResultSummary(verdict, runId, metrics);
    }

    public static string Format(double value) => DoubleText.Format(value);
}
