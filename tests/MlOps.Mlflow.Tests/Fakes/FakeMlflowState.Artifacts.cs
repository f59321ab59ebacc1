using System.Globalization;
using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Tests.Fakes;

/// <summary>The mlflow-artifacts proxy's reads, as the real server answers them: listing a folder and streaming a file.</summary>
public sealed partial class FakeMlflowState
{
    public const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";

    /// <summary>GET <c>…/artifacts/&lt;path&gt;</c>: the stored bytes, or null when there is no such file.</summary>
    public byte[]? Download(string path)
    {
        lock (gate)
        {
            return Artifacts.TryGetValue(Uri.UnescapeDataString(path), out var bytes) ? bytes : null;
        }
    }

    /// <summary>GET <c>…/artifacts?path=&lt;folder&gt;</c>: the files and folders directly under it, names relative to it.</summary>
    private (int, string) ListArtifacts(string? folder)
    {
        var prefix = Uri.UnescapeDataString(folder ?? "").Trim('/') + "/";
        var entries = Artifacts.Where(a => Uri.UnescapeDataString(a.Key).StartsWith(prefix, StringComparison.Ordinal))
            .Select(a => (Name: Uri.UnescapeDataString(a.Key)[prefix.Length..], Size: a.Value.Length))
            .GroupBy(a => a.Name.Split('/')[0])
            .Select(g => g.Any(a => a.Name.Contains('/'))
                ? new JsonObject { ["path"] = g.Key, ["is_dir"] = true }
                : new JsonObject { ["path"] = g.Key, ["is_dir"] = false, ["file_size"] = g.First().Size.ToString(CultureInfo.InvariantCulture) })
            .Select(o => (JsonNode)o).ToArray();
        return Ok(entries.Length == 0 ? new JsonObject() : new JsonObject { ["files"] = new JsonArray(entries) });
    }
}
