using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Contracts.Export;

/// <summary>Reads and writes <c>onnx/model.json</c> (snake_case keys, as result.json).</summary>
public static class OnnxManifestFile
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string ToJson(OnnxManifest manifest) => JsonSerializer.Serialize(manifest, Options);

    /// <summary>Atomic, as every file of a run.</summary>
    public static void Write(OnnxManifest manifest, string path) => OutputLayout.WriteAtomically(path, ToJson(manifest));

    /// <summary>Throws <see cref="MlOpsException"/> (MLOPS551, with the JSON line and column) when missing, malformed or of an unknown version.</summary>
    public static OnnxManifest Read(string path)
    {
        if (!File.Exists(path))
        {
            throw Unreadable(path, 0, 0, "the file does not exist; export the model with `export: { onnx: true }` in the spec");
        }
        try
        {
            var manifest = JsonSerializer.Deserialize<OnnxManifest>(File.ReadAllText(path), Options)
                ?? throw Unreadable(path, 1, 1, "the file holds `null` instead of a manifest");
            return manifest.FormatVersion == OnnxManifest.CurrentFormatVersion
                ? manifest
                : throw Unreadable(path, 1, 1, $"format_version {manifest.FormatVersion} is not one this reader knows ({OnnxManifest.CurrentFormatVersion}); use the MlOps version that exported it");
        }
        catch (JsonException e)
        {
            throw Unreadable(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, $"not a valid model.json ({e.Message}); export the model again");
        }
    }

    private static MlOpsException Unreadable(string path, int line, int column, string what) =>
        new(Diagnostic.Error(ExportErrorCodes.ManifestUnreadable, $"cannot read '{path}': {what}", new SourceLocation(path, line, column)));
}
