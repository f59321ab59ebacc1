using System.Reflection;
using System.Security.Cryptography;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;

namespace MlOps.Runtime;

/// <summary>
/// Where an exported model's files are: a folder on disk (the app's output folder, a path, a run's
/// output folder with onnx/ inside), or embedded resources "&lt;spec name&gt;/&lt;file&gt;". Embedded
/// tokenizer files are written once to a folder named by their digest under the temp folder, since
/// the tokenizer reads files.
/// </summary>
internal sealed record ModelSource(string Description, OnnxManifest Manifest, byte[] Graph, string? Folder)
{
    public static ModelSource FromNameOrFolder(string nameOrFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrFolder);
        var candidates = new List<string>();
        if (Directory.Exists(nameOrFolder))
        {
            var full = Path.GetFullPath(nameOrFolder);
            candidates.Add(full);
            candidates.Add(OnnxExportLayout.InRun(full).Directory); // a run's output folder
        }
        else
        {
            // A spec name: FineTuneSpec CopyToOutput="true" puts its model in <app folder>/<name>/.
            candidates.Add(Path.Combine(AppContext.BaseDirectory, nameOrFolder));
            candidates.Add(Path.GetFullPath(nameOrFolder));
        }
        var folder = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, OnnxExportLayout.ManifestFileName)))
            ?? throw new MlOpsException(Diagnostic.Error(RuntimeErrorCodes.ModelNotFound,
                $"no exported model '{nameOrFolder}': none of {string.Join(", ", candidates.Distinct().Select(c => $"'{c}'"))} holds {OnnxExportLayout.ManifestFileName}. "
                + "Give the spec name of a FineTuneSpec with CopyToOutput=\"true\" (its model is copied beside the app), or the path of an exported onnx/ folder; the spec needs `export: { onnx: true }`",
                SourceLocation.None(nameOrFolder)));
        var manifest = ReadManifest(Path.Combine(folder, OnnxExportLayout.ManifestFileName));
        var graph = Path.Combine(folder, manifest.Model);
        if (!File.Exists(graph))
        {
            throw Incompatible(folder, $"{manifest.Model} is missing beside {OnnxExportLayout.ManifestFileName}; copy the whole exported folder");
        }
        return new ModelSource(folder, manifest, File.ReadAllBytes(graph), folder);
    }

    public static ModelSource FromResources(string specName, Assembly assembly)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(specName);
        var prefix = specName + "/";
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var where = $"{assembly.GetName().Name} (embedded '{prefix}*')";
        if (!names.Contains(prefix + OnnxExportLayout.ManifestFileName))
        {
            throw new MlOpsException(Diagnostic.Error(RuntimeErrorCodes.EmbeddedModelNotFound,
                $"assembly {assembly.GetName().Name} embeds no model '{specName}' (no resource '{prefix}{OnnxExportLayout.ManifestFileName}'). "
                + "Mark the spec `<FineTuneSpec Include=\"...\" Embed=\"true\" />` in the project that builds this assembly, with `export: { onnx: true }` in the spec",
                SourceLocation.None(assembly.Location)));
        }
        var files = names.ToDictionary(n => n[prefix.Length..], n => Read(assembly, n), StringComparer.Ordinal);
        var scratch = Path.Combine(Path.GetTempPath(), "mlops-runtime-" + Digest(files));
        var manifestPath = Path.Combine(scratch, OnnxExportLayout.ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            // Written whole, then renamed: another process loading the same model never sees half a folder.
            var temp = scratch + "." + Guid.NewGuid().ToString("N");
            foreach (var (name, bytes) in files.Where(f => f.Key != OnnxExportLayout.ModelFileName))
            {
                var path = Path.Combine(temp, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, bytes);
            }
            try
            {
                Directory.Move(temp, scratch);
            }
            catch (IOException) when (File.Exists(manifestPath))
            {
                Directory.Delete(temp, recursive: true); // another loader got there first
            }
        }
        var manifest = ReadManifest(manifestPath);
        return files.TryGetValue(manifest.Model, out var graph)
            ? new ModelSource(where, manifest, graph, scratch)
            : throw Incompatible(where, $"{manifest.Model} is not embedded beside {OnnxExportLayout.ManifestFileName}");
    }

    public static MlOpsException Incompatible(string where, string what) =>
        new(Diagnostic.Error(RuntimeErrorCodes.ModelIncompatible, $"the model in '{where}' cannot be used: {what}", SourceLocation.None(where)));

    private static OnnxManifest ReadManifest(string path)
    {
        OnnxManifest manifest;
        try
        {
            manifest = OnnxManifestFile.Read(path);
        }
        catch (MlOpsException e)
        {
            throw new MlOpsException(Diagnostic.Error(RuntimeErrorCodes.ModelIncompatible, $"{e.Diagnostics[0].Message} (MlOps.Runtime reads model.json format_version {OnnxManifest.CurrentFormatVersion})",
                e.Diagnostics[0].Location));
        }
        var folder = Path.GetDirectoryName(path)!;
        if (manifest.Task == OnnxTasks.CausalLm)
        {
            return manifest.Generation is not null && manifest.Inputs.Count >= 2
                ? manifest
                : throw Incompatible(folder, "model.json describes a causal language model without its generation settings or attention_mask input; export it again");
        }
        if (manifest.Task != OnnxTasks.Classification)
        {
            throw Incompatible(folder, $"its task is '{manifest.Task}'; this runtime serves classifiers and causal language models");
        }
        // One input, or a decoder classifier's ids and the attention_mask derived from them.
        var inputs = manifest.Preprocessing.Text?.AttentionMask == AttentionMasks.ThroughLastNonPad ? 2 : 1;
        if (manifest.Inputs.Count != inputs || manifest.Classes.Count == 0)
        {
            throw Incompatible(folder, $"model.json must name {inputs} input{(inputs == 1 ? "" : "s")} and at least one class");
        }
        return manifest;
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Digest(IReadOnlyDictionary<string, byte[]> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
            sha.AppendData(bytes);
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
