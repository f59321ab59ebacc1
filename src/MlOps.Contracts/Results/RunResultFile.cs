using System.Text.Json;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Contracts.Results;

/// <summary>Reads and writes result.json with <see cref="RunResultJson.Options"/>.</summary>
public static class RunResultFile
{
    public const string FileName = "result.json";

    /// <summary>Atomic: readers (the MSBuild task, the Action) never see half a result.</summary>
    public static void Write(RunResult result, string path) =>
        OutputLayout.WriteAtomically(path, JsonSerializer.Serialize(result, RunResultJson.Options));

    /// <summary>Throws <see cref="MlOpsException"/> (MLOPS520, with the JSON line and column) when missing or malformed.</summary>
    public static RunResult Read(string path)
    {
        if (!File.Exists(path))
        {
            throw Unreadable(path, 0, 0, "the file does not exist; run `mlops run` first or pass the run's output folder");
        }
        try
        {
            using var stream = File.OpenRead(path);
            var result = JsonSerializer.Deserialize<RunResult>(stream, ReadOptions)
                ?? throw Unreadable(path, 1, 1, "the file holds `null` instead of a run result");
            if (NullElementCheck.FirstNull(result) is { } where)
            {
                throw Unreadable(path, 0, 0, $"{where} is null, which a run never writes; re-run `mlops run` to produce the file again");
            }
            return result.SchemaVersion == RunResult.CurrentSchemaVersion ? result : throw UnsupportedVersion(path, result.SchemaVersion);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? -1) + 1;
            var column = (int)(e.BytePositionInLine ?? -1) + 1;
            var what = e.Message.Contains("doesn't allow setting null values", StringComparison.Ordinal)
                ? $"{e.Path} is null, which a run never writes"
                : $"not a valid result.json ({e.Message})";
            throw Unreadable(path, line, column, $"{what}; re-run `mlops run` to produce it again");
        }
    }

    /// <summary>A result.json of another schema version may mean other things under the same names: refused, not guessed at.</summary>
    private static MlOpsException UnsupportedVersion(string path, int version)
    {
        var (line, column) = KeyPosition(File.ReadAllLines(path), "\"schema_version\"");
        var what = version > RunResult.CurrentSchemaVersion
            ? $"schema_version {version} is newer than this MlOps reads ({RunResult.CurrentSchemaVersion}); update MlOps (the build package or the mlops tool) to read it"
            : $"schema_version {version} is not a version MlOps ever wrote (it writes {RunResult.CurrentSchemaVersion}); re-run `mlops run` to produce it again";
        return Unreadable(path, line, column, what);
    }

    /// <summary>1-based line and column of the first occurrence of <paramref name="key"/>, or (1, 1).</summary>
    private static (int Line, int Column) KeyPosition(string[] lines, string key)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf(key, StringComparison.Ordinal);
            if (at >= 0)
            {
                return (i + 1, at + 1);
            }
        }
        return (1, 1);
    }

    /// <summary>Reading is strict where writing is not: a null where a run always writes a value (`"gates": null`) is an error at its place, not a crash later.</summary>
#if NET
    private static readonly JsonSerializerOptions ReadOptions = new(RunResultJson.Options) { RespectNullableAnnotations = true };
#else
    // System.Text.Json 8 (the .NET Framework MSBuild host) has no nullable annotations: NullElementCheck finds null collections there.
    private static readonly JsonSerializerOptions ReadOptions = RunResultJson.Options;
#endif

    private static MlOpsException Unreadable(string path, int line, int column, string what) =>
        new(Diagnostic.Error(ResultErrorCodes.ResultFileUnreadable, $"cannot read {Path.GetFileName(path)}: {what}", new SourceLocation(path, line, column)));
}
