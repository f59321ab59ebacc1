using System.Globalization;

namespace MlOps.Mlflow.FileStore;

/// <summary>Reading the registry back: a registered model, model-version search, and removing an alias.</summary>
public sealed partial class MlflowFileStore
{
    /// <inheritdoc />
    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        var directory = ModelDirectory(name);
        CheckAlias("delete-alias", alias, setting: false);
        using var modelLock = FileLock.Acquire(directory, LockTimeout);
        var meta = Path.Combine(directory, "meta.yaml");
        if (!File.Exists(meta))
        {
            throw new MlflowException("delete-alias", null, "RESOURCE_DOES_NOT_EXIST", $"Registered Model with name={name} not found");
        }
        var aliasFile = Path.Combine(directory, "aliases", alias);
        if (File.Exists(aliasFile))
        {
            // As MLflow: the alias goes, the model's last update moves; a missing alias is no error.
            File.Delete(aliasFile);
            var model = MetaYaml.Read(File.ReadAllText(meta));
            WriteModelMeta(directory, name, ReadLong(model, "creation_timestamp"), MlflowIds.NowMs(), model.GetValueOrDefault("description") as string ?? "", ReadAliases(directory));
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MlflowRegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        var directory = ModelDirectory(name);
        var meta = Path.Combine(directory, "meta.yaml");
        if (!File.Exists(meta))
        {
            return Task.FromResult<MlflowRegisteredModel?>(null);
        }
        var yaml = MetaYaml.Read(File.ReadAllText(meta));
        return Task.FromResult<MlflowRegisteredModel?>(new MlflowRegisteredModel(
            yaml.GetValueOrDefault("name") as string ?? name,
            yaml.GetValueOrDefault("description") as string ?? "",
            ReadLong(yaml, "creation_timestamp"),
            ReadLong(yaml, "last_updated_timestamp"),
            ReadAliases(directory)));
    }

    /// <inheritdoc />
    public Task<MlflowPage<MlflowModelVersion>> SearchModelVersionsPageAsync(string? filter, int maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var offset = PageToken.Offset(pageToken);
        var clauses = ModelVersionFilter.Parse(filter);
        var models = Path.Combine(Root, ModelsFolder);
        var versions = (Directory.Exists(models) ? Directory.EnumerateDirectories(models) : [])
            .Where(d => !Path.GetFileName(d).StartsWith('.') && File.Exists(Path.Combine(d, "meta.yaml")))
            .SelectMany(ReadVersions)
            .Where(v => clauses.All(c => c.Matches(v)))
            // The order the REST client asks for: name, then newest version first.
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ThenByDescending(v => long.Parse(v.Version, CultureInfo.InvariantCulture))
            .ToList();
        var next = versions.Count > offset + maxResults ? PageToken.Create(offset + maxResults) : null;
        return Task.FromResult(new MlflowPage<MlflowModelVersion>(versions.Skip(offset).Take(maxResults).ToList(), next));
    }

    private static IEnumerable<MlflowModelVersion> ReadVersions(string modelDirectory)
    {
        var name = MetaYaml.Read(File.ReadAllText(Path.Combine(modelDirectory, "meta.yaml"))).GetValueOrDefault("name") as string ?? Path.GetFileName(modelDirectory);
        var aliases = ReadAliases(modelDirectory);
        foreach (var directory in Directory.EnumerateDirectories(modelDirectory, "version-*"))
        {
            var meta = Path.Combine(directory, "meta.yaml");
            if (!long.TryParse(Path.GetFileName(directory)["version-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !File.Exists(meta))
            {
                continue;
            }
            var yaml = MetaYaml.Read(File.ReadAllText(meta));
            if (yaml.GetValueOrDefault("current_stage") as string == "Deleted_Internal")
            {
                continue;
            }
            var version = number.ToString(CultureInfo.InvariantCulture);
            yield return new MlflowModelVersion(
                name,
                version,
                yaml.GetValueOrDefault("source") as string ?? "",
                yaml.GetValueOrDefault("run_id") as string,
                yaml.GetValueOrDefault("status") as string ?? "READY",
                aliases.Where(a => a.Value == version).Select(a => a.Key).Order(StringComparer.Ordinal).ToList());
        }
    }
}
