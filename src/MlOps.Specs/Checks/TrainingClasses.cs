using System.Text;
using System.Text.Json;
using MlOps.Specs.Model;

namespace MlOps.Specs.Checks;

/// <summary>
/// The class list a run will find, read before any training: the declared <c>data.classes</c>, else
/// the distinct values of the label column of a CSV or JSONL training file (files up to 64 MiB;
/// null when larger, unreadable or not plain enough to read without the run's loader).
/// </summary>
internal static class TrainingClasses
{
    private const long SizeLimit = 64L * 1024 * 1024;
    private const int MaxClasses = 10_000;

    public static IReadOnlyList<string>? Read(FineTuneSpec spec)
    {
        if (spec.Training.Objective != TrainingObjective.Classification)
        {
            return null;
        }
        if (spec.Data.Classes.Count > 0)
        {
            return spec.Data.Classes;
        }
        try
        {
            if (!File.Exists(spec.Data.Train) || new FileInfo(spec.Data.Train).Length > SizeLimit)
            {
                return null;
            }
            var labels = spec.Data.Format switch
            {
                DataFormat.Csv => CsvLabels(spec.Data.Train, spec.Data.Label),
                DataFormat.Jsonl => JsonlLabels(spec.Data.Train, spec.Data.Label),
                _ => null,
            };
            return labels?.OrderBy(l => l, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static HashSet<string>? CsvLabels(string path, string label)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        if (reader.ReadLine() is not { } header || Fields(header) is not { } names)
        {
            return null;
        }
        var index = names.IndexOf(label);
        if (index < 0)
        {
            return null;
        }
        var labels = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }
            if (Fields(line) is not { } fields || fields.Count <= index)
            {
                return null;
            }
            if (fields[index].Trim().Length > 0 && labels.Add(fields[index].Trim()) && labels.Count > MaxClasses)
            {
                return null;
            }
        }
        return labels;
    }

    private static HashSet<string>? JsonlLabels(string path, string label)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }
            using var row = JsonDocument.Parse(line);
            if (row.RootElement.ValueKind != JsonValueKind.Object || !row.RootElement.TryGetProperty(label, out var value))
            {
                continue;
            }
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind is JsonValueKind.Null ? null : value.GetRawText();
            if (!string.IsNullOrWhiteSpace(text) && labels.Add(text!.Trim()) && labels.Count > MaxClasses)
            {
                return null;
            }
        }
        return labels;
    }

    /// <summary>One CSV line's fields (RFC 4180 quotes); null for a quoted field that runs past the line.</summary>
    private static List<string>? Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        if (quoted)
        {
            return null;
        }
        fields.Add(field.ToString());
        return fields;
    }
}
