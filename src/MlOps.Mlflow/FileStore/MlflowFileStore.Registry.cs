using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOps.Mlflow.FileStore;

public sealed partial class MlflowFileStore
{
    /// <summary>
    /// MLflow's alias rules (mlflow.utils.validation, both stores): not empty, only word characters and
    /// dashes, at most 255 characters; on set, not <c>latest</c> nor <c>v&lt;number&gt;</c>, which name versions.
    /// The alias is also a file name under <c>aliases/</c>, so nothing else may reach the disk.
    /// </summary>
    private static void CheckAlias(string call, string alias, bool setting)
    {
        var problem = alias.Length == 0 ? "Registered model alias name cannot be empty."
            : !AliasName().IsMatch(alias) ? $"Invalid alias name: '{alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-)."
            : alias.Length > 255 ? $"Registered model alias name '{alias}' had length {alias.Length}, which exceeded length limit of 255"
            : setting && alias.Equals("latest", StringComparison.OrdinalIgnoreCase) ? "'latest' alias name (case insensitive) is reserved."
            : setting && VersionAlias().IsMatch(alias) ? $"Version alias name '{alias}' is reserved."
            : null;
        if (problem is not null)
        {
            throw new MlflowException(call, null, "INVALID_PARAMETER_VALUE", problem);
        }
    }

    [GeneratedRegex(@"^[\w\-]*$")]
    private static partial Regex AliasName();

    [GeneratedRegex(@"^[vV]\d+$")]
    private static partial Regex VersionAlias();

    private string ModelDirectory(string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.StartsWith('.'))
        {
            throw new ArgumentException($"'{name}' is not a valid registered model name: it may not be empty, contain '/' or start with '.'.");
        }
        return Path.Combine(Root, ModelsFolder, name);
    }

    /// <inheritdoc />
    public Task EnsureRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        var directory = ModelDirectory(name);
        using var modelLock = FileLock.Acquire(directory, LockTimeout);
        if (!File.Exists(Path.Combine(directory, "meta.yaml")))
        {
            var now = MlflowIds.NowMs();
            WriteModelMeta(directory, name, now, now, "", new Dictionary<string, string>());
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MlflowModelVersion> CreateModelVersionAsync(string name, string source, string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CreateVersion(name, source, runId, "", source));

    /// <summary>A new version; from a logged model, its id and artifact location are the model_id and storage_location.</summary>
    private MlflowModelVersion CreateVersion(string name, string source, string runId, string modelId, string storageLocation)
    {
        var directory = ModelDirectory(name);
        using var modelLock = FileLock.Acquire(directory, LockTimeout);
        var meta = Path.Combine(directory, "meta.yaml");
        if (!File.Exists(meta))
        {
            throw new MlflowException("create-model-version", null, "RESOURCE_DOES_NOT_EXIST", $"Registered Model with name={name} not found");
        }
        var next = Directory.EnumerateDirectories(directory, "version-*")
            .Select(d => int.TryParse(Path.GetFileName(d)["version-".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)
            .DefaultIfEmpty(0).Max() + 1;
        var now = MlflowIds.NowMs();
        AtomicFile.WriteAllText(Path.Combine(directory, $"version-{next}", "meta.yaml"), MetaYaml.Write(new Dictionary<string, object?>
        {
            ["creation_timestamp"] = now,
            ["current_stage"] = "None",
            ["deployment_job_state"] = null,
            ["description"] = "",
            ["last_updated_timestamp"] = now,
            ["model_id"] = modelId,
            ["name"] = name,
            ["run_id"] = runId,
            ["run_link"] = "",
            ["source"] = source,
            ["status"] = "READY",
            ["status_message"] = null,
            ["storage_location"] = storageLocation,
            ["user_id"] = null,
            ["version"] = next,
        }), TempDirectory);
        var model = MetaYaml.Read(File.ReadAllText(meta));
        WriteModelMeta(directory, name, ReadLong(model, "creation_timestamp"), now, model.GetValueOrDefault("description") as string ?? "", ReadAliases(directory));
        var version = next.ToString(CultureInfo.InvariantCulture);
        return new MlflowModelVersion(name, version, source, runId, "READY", []);
    }

    /// <inheritdoc />
    public Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default)
    {
        var directory = ModelDirectory(name);
        CheckAlias("set-alias", alias, setting: true);
        using var modelLock = FileLock.Acquire(directory, LockTimeout);
        var meta = Path.Combine(directory, "meta.yaml");
        if (!File.Exists(Path.Combine(directory, $"version-{version}", "meta.yaml")))
        {
            throw new MlflowException("set-alias", null, "RESOURCE_DOES_NOT_EXIST", $"Model version {version} of '{name}' not found");
        }
        AtomicFile.WriteAllText(Path.Combine(directory, "aliases", alias), version, TempDirectory);
        var model = MetaYaml.Read(File.ReadAllText(meta));
        WriteModelMeta(directory, name, ReadLong(model, "creation_timestamp"), MlflowIds.NowMs(), model.GetValueOrDefault("description") as string ?? "", ReadAliases(directory));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MlflowModelVersion?> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        var directory = ModelDirectory(name);
        CheckAlias("get-model-version-by-alias", alias, setting: false);
        var aliasFile = Path.Combine(directory, "aliases", alias);
        if (!File.Exists(aliasFile))
        {
            return Task.FromResult<MlflowModelVersion?>(null);
        }
        var version = File.ReadAllText(aliasFile).Trim();
        var versionMeta = Path.Combine(directory, $"version-{version}", "meta.yaml");
        if (!File.Exists(versionMeta))
        {
            return Task.FromResult<MlflowModelVersion?>(null);
        }
        var yaml = MetaYaml.Read(File.ReadAllText(versionMeta));
        var aliases = ReadAliases(directory).Where(a => a.Value == version).Select(a => a.Key).ToList();
        return Task.FromResult<MlflowModelVersion?>(new MlflowModelVersion(
            name, version, yaml.GetValueOrDefault("source") as string ?? "", yaml.GetValueOrDefault("run_id") as string, yaml.GetValueOrDefault("status") as string ?? "READY", aliases));
    }

    private static Dictionary<string, string> ReadAliases(string directory)
    {
        var aliases = Path.Combine(directory, "aliases");
        return Directory.Exists(aliases)
            ? Directory.EnumerateFiles(aliases).Where(f => !Path.GetFileName(f).StartsWith('.')).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).Trim(), StringComparer.Ordinal)
            : new Dictionary<string, string>();
    }

    private static long ReadLong(Dictionary<string, object?> yaml, string key) =>
        long.TryParse(yaml.GetValueOrDefault(key) as string, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : MlflowIds.NowMs();

    private void WriteModelMeta(string directory, string name, long created, long updated, string description, Dictionary<string, string> aliases)
    {
        var values = new Dictionary<string, object?>
        {
            ["creation_timestamp"] = created,
            ["deployment_job_id"] = null,
            ["deployment_job_state"] = null,
            ["description"] = description,
            ["last_updated_timestamp"] = updated,
            ["name"] = name,
        };
        if (aliases.Count > 0)
        {
            values["aliases"] = aliases;
        }
        AtomicFile.WriteAllText(Path.Combine(directory, "meta.yaml"), MetaYaml.Write(values), TempDirectory);
    }
}
