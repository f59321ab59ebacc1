using System.Globalization;

namespace MlOps.Mlflow.FileStore;

public sealed partial class MlflowFileStore
{
    private static (MlflowRunInfo Info, string User) ReadRunInfo(string runDir)
    {
        var yaml = MetaYaml.Read(File.ReadAllText(Path.Combine(runDir, "meta.yaml")));
        string Text(string key) => yaml.GetValueOrDefault(key) as string ?? "";
        long? Number(string key) => long.TryParse(Text(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        var info = new MlflowRunInfo(
            Text("run_id"),
            Text("experiment_id"),
            Text("run_name"),
            (MlflowRunStatus)(Number("status") ?? 1),
            Number("start_time") ?? 0,
            Number("end_time"),
            Text("artifact_uri"),
            Text("lifecycle_stage"));
        return (info, Text("user_id"));
    }

    private static MlflowRun ReadRun(string runDir)
    {
        var (info, _) = ReadRunInfo(runDir);
        var metrics = ListFiles(runDir, "metrics")
            .Select(key => ReadMetricFile(Path.Combine(runDir, "metrics", key), key)
                // MLflow's "latest" value: the largest (step, timestamp, value).
                .OrderBy(m => m.Step).ThenBy(m => m.Timestamp).ThenBy(m => m.Value).LastOrDefault())
            .OfType<MlflowMetric>()
            .ToList();
        return new MlflowRun(info, metrics, ReadKeyValues(runDir, "params"), ReadKeyValues(runDir, "tags"));
    }

    private static IReadOnlyList<MlflowMetric> ReadMetricFile(string path, string key)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        var result = new List<MlflowMetric>();
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2)
            {
                continue;
            }
            result.Add(new MlflowMetric(
                key,
                PythonFloat.Parse(parts[1]),
                long.Parse(parts[0], CultureInfo.InvariantCulture),
                parts.Length > 2 ? long.Parse(parts[2], CultureInfo.InvariantCulture) : 0));
        }
        return result;
    }

    private static Dictionary<string, string> ReadKeyValues(string runDir, string folder) =>
        ListFiles(runDir, folder).ToDictionary(key => key, key => File.ReadAllText(Path.Combine(runDir, folder, key)), StringComparer.Ordinal);

    /// <summary>Keys may contain '/', which the store keeps as sub-folders.</summary>
    private static IEnumerable<string> ListFiles(string runDir, string folder)
    {
        var root = Path.Combine(runDir, folder);
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(k => !k.StartsWith('.'))
                .Order(StringComparer.Ordinal)
            : [];
    }
}
