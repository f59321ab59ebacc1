using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Build.Runner;

/// <summary>
/// Reads the runner's stdout: JSON events (<c>--events jsonl</c>) or, from older runners and
/// plain output, MSBuild canonical diagnostics <c>file(line,col): error CODE: message</c>.
/// </summary>
internal static partial class RunnerOutputParser
{
    // (line,col) is optional: a diagnostic about a whole file (MLOPS705 on a spec without the key) has none.
    [GeneratedRegex(@"^(?<file>.+?)(\((?<line>\d+),(?<col>\d+)\))?\s*:\s*(?<kind>error|warning)\s+(?<code>MLOPS\d+)\s*:\s*(?<msg>.*)$")]
    private static partial Regex Canonical();

    /// <param name="line">One line of the runner's stdout.</param>
    /// <param name="spec">The spec the runner runs: a message event passes for a diagnostic only when it is about this file.</param>
    public static RunnerLine Parse(string line, string? spec = null)
    {
        var trimmed = line.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(trimmed);
                if (json.RootElement.ValueKind == JsonValueKind.Object && Str(json.RootElement, "event") is { } kind)
                {
                    return FromEvent(kind, json.RootElement, spec) ?? new RunnerLine(RunnerLineKind.Text, line);
                }
            }
            catch (JsonException)
            {
                // Not an event after all: show it as text.
            }
        }
        return CanonicalLine(line, trimmed) ?? new RunnerLine(RunnerLineKind.Text, line);
    }

    /// <summary>A canonical <c>file(line,col): error CODE: message</c> line, or null.</summary>
    private static RunnerLine? CanonicalLine(string line, string trimmed)
    {
        var match = Canonical().Match(trimmed);
        return match.Success
            ? new RunnerLine(RunnerLineKind.Diagnostic, PrintableText.OneLine(match.Groups["msg"].Value))
            {
                IsError = match.Groups["kind"].Value == "error",
                Code = match.Groups["code"].Value,
                File = match.Groups["file"].Value,
                Line = match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture) : 0,
                Column = match.Groups["col"].Success ? int.Parse(match.Groups["col"].Value, CultureInfo.InvariantCulture) : 0,
            }
            : null;
    }

    private static RunnerLine? FromEvent(string kind, JsonElement e, string? spec) => kind switch
    {
        "start" => new RunnerLine(RunnerLineKind.Start,
            $"training {Num(e, "epochs")} epoch(s) on {Str(e, "device") ?? "the default device"}") { Epochs = (int)(Num(e, "epochs") ?? 0) },
        "epoch" => new RunnerLine(RunnerLineKind.Epoch, EpochText(e)) { Epoch = (int)(Num(e, "epoch") ?? 0), Epochs = (int)(Num(e, "epochs") ?? 0) },
        "stage" => new RunnerLine(RunnerLineKind.Stage, Str(e, "stage") ?? ""),
        // Tracking warnings (MLOPS705…) travel as messages in canonical form: they are diagnostics all the same.
        // Only a one-line message about the spec itself can be one: a data value quoted in a message
        // ("group 'x(1,1): error MLOPS511: …'", or one with a line break) must not pass for a diagnostic.
        "message" => Str(e, "message") is { } message
            ? (message == RawStr(e, "message") && CanonicalLine(message, message.Trim()) is { } d && About(d, spec) ? d : null) ?? new RunnerLine(RunnerLineKind.Message, message)
            : null,
        "diagnostic" => new RunnerLine(RunnerLineKind.Diagnostic, Str(e, "message") ?? "")
        {
            IsError = Str(e, "severity") != "warning",
            Code = Str(e, "code"),
            File = Str(e, "file"),
            Line = (int)(Num(e, "line") ?? 0),
            Column = (int)(Num(e, "column") ?? 0),
        },
        "gate" => new RunnerLine(RunnerLineKind.Gate, Str(e, "message") ?? "")
        {
            GateName = Str(e, "name"),
            Passed = e.TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.True,
            IsError = Str(e, "severity") != "warning",
            File = Str(e, "file"),
            Line = (int)(Num(e, "line") ?? 0),
            Column = (int)(Num(e, "column") ?? 0),
        },
        "result" => new RunnerLine(RunnerLineKind.Result, $"verdict {Str(e, "verdict")}")
        {
            Verdict = Str(e, "verdict"),
            ResultPath = Str(e, "result_path"),
            RunId = Str(e, "run_id"),
        },
        _ => null,
    };

    /// <summary>File names compare as the file system does: case-insensitively on Windows.</summary>
    private static readonly StringComparison PathComparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool About(RunnerLine diagnostic, string? spec)
    {
        if (spec is null)
        {
            return true;
        }
        try
        {
            // The runner names the spec as given, in full, or relative to the repository root (MLOPS705).
            var file = (diagnostic.File ?? "").Replace('\\', '/');
            var full = Path.GetFullPath(spec).Replace('\\', '/');
            return Path.IsPathRooted(file)
                ? string.Equals(Path.GetFullPath(file).Replace('\\', '/'), full, PathComparison)
                : file.Length > 0 && (string.Equals(file, spec.Replace('\\', '/'), PathComparison) || full.EndsWith("/" + file.TrimStart('.', '/'), PathComparison));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }

    private static string EpochText(JsonElement e)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"epoch {Num(e, "epoch")}/{Num(e, "epochs")}");
        foreach (var name in new[] { "train_loss", "val_loss", "lr" })
        {
            if (Num(e, name) is { } value)
            {
                text.Append(CultureInfo.InvariantCulture, $" {name} {value:G4}");
            }
        }
        if (e.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
        {
            foreach (var metric in metrics.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Number))
            {
                text.Append(CultureInfo.InvariantCulture, $" {metric.Name} {metric.Value.GetDouble():G4}");
            }
        }
        if (Num(e, "eta_seconds") is { } eta)
        {
            text.Append(CultureInfo.InvariantCulture, $" (eta {TimeSpan.FromSeconds(Math.Round(eta)):c})");
        }
        return text.ToString();
    }

    /// <summary>
    /// A text field of an event, on one line: its value may carry data (a group value with a newline and
    /// <c>::error::</c>), which MSBuild would otherwise print as lines of their own (new diagnostics, workflow commands).
    /// </summary>
    private static string? Str(JsonElement e, string name) => RawStr(e, name) is { } raw ? PrintableText.OneLine(raw) : null;

    private static string? RawStr(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
