using System.Text.RegularExpressions;

namespace MlOps.Mlflow.Tests.FileStore;

/// <summary>
/// Reads file-store-layout.txt (recorded from MLflow 3.5) into "### path" sections, and normalises
/// ids, timestamps and URIs so our files and MLflow's can be compared byte for byte.
/// </summary>
internal static partial class RecordedLayout
{
    public static IReadOnlyDictionary<string, string> Sections()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FileStore", "Data", "file-store-layout.txt"));
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var block in text.Split("### ").Skip(1))
        {
            var newline = block.IndexOf('\n', StringComparison.Ordinal);
            sections[block[..newline].Trim()] = block[(newline + 1)..];
        }
        return sections;
    }

    public static string Normalize(string text)
    {
        text = Uris().Replace(text, "$1: <uri>");
        text = RunIds().Replace(text, "<run>");
        text = ExperimentIds().Replace(text, "<exp>");
        text = Timestamps().Replace(text, "<ts>");
        return text.TrimEnd('\n') + "\n";
    }

    [GeneratedRegex(@"(artifact_location|artifact_uri|source|storage_location): .*")]
    private static partial Regex Uris();

    [GeneratedRegex("[0-9a-f]{32}")]
    private static partial Regex RunIds();

    [GeneratedRegex("'?[1-9][0-9]{17}'?")]
    private static partial Regex ExperimentIds();

    [GeneratedRegex(@"\b1[0-9]{12}\b")]
    private static partial Regex Timestamps();
}
