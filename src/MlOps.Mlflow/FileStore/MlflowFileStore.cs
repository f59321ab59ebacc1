namespace MlOps.Mlflow.FileStore;

/// <summary>
/// MLflow's local file store (<c>mlruns/</c>), byte-compatible with what the Python client writes
/// and <c>mlflow ui</c> reads. Safe for several processes at once: every change to an experiment or
/// registered model happens under that folder's lock file, and whole files are written atomically.
/// </summary>
public sealed partial class MlflowFileStore : IMlflowStore
{
    private const string TrashFolder = ".trash";
    private const string ModelsFolder = "models";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Opens (or creates, with its Default experiment) the store at <paramref name="root"/>.</summary>
    /// <param name="root">The store's folder, e.g. <c>mlruns</c>; relative to the current directory.</param>
    public MlflowFileStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(Root, TrashFolder));
        EnsureDefaultExperiment();
    }

    /// <summary>The store's full path.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string TrackingUri => new Uri(Root).AbsoluteUri;

    private string TempDirectory => Path.Combine(Root, TrashFolder);

    /// <inheritdoc />
    public Task<MlflowExperiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var storeLock = FileLock.Acquire(Root, LockTimeout);
        var existing = ListExperiments().FirstOrDefault(e => e.Name == name);
        return Task.FromResult(existing ?? CreateExperiment(MlflowIds.NewExperimentId(), name));
    }

    /// <inheritdoc />
    public Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(ListExperiments().FirstOrDefault(e => e.Name == name));

    /// <inheritdoc />
    public Task<IReadOnlyList<MlflowExperiment>> SearchExperimentsAsync(int maxResults = 1000, CancellationToken cancellationToken = default) =>
        // MLflow's default order (both stores): creation_time DESC, then experiment_id ASC.
        Task.FromResult<IReadOnlyList<MlflowExperiment>>(ListExperiments()
            .OrderByDescending(e => CreationTime(e.ExperimentId))
            .ThenBy(e => e.ExperimentId, StringComparer.Ordinal)
            .Take(maxResults).ToList());

    private long CreationTime(string experimentId) =>
        long.TryParse(MetaYaml.Read(File.ReadAllText(Path.Combine(Root, experimentId, "meta.yaml"))).GetValueOrDefault("creation_time") as string,
            System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var created) ? created : 0;

    /// <summary>MLflow creates experiment 0 "Default" when it opens an empty store.</summary>
    private void EnsureDefaultExperiment()
    {
        if (File.Exists(Path.Combine(Root, "0", "meta.yaml")))
        {
            return;
        }
        using var storeLock = FileLock.Acquire(Root, LockTimeout);
        if (!File.Exists(Path.Combine(Root, "0", "meta.yaml")))
        {
            CreateExperiment("0", "Default");
        }
    }

    private MlflowExperiment CreateExperiment(string id, string name)
    {
        var directory = Path.Combine(Root, id);
        var now = MlflowIds.NowMs();
        var location = new Uri(directory).AbsoluteUri;
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, "meta.yaml"), MetaYaml.Write(new Dictionary<string, object?>
        {
            ["artifact_location"] = location,
            ["creation_time"] = now,
            ["experiment_id"] = id,
            ["last_update_time"] = now,
            ["lifecycle_stage"] = "active",
            ["name"] = name,
        }), TempDirectory);
        return new MlflowExperiment(id, name, location, "active");
    }

    private IEnumerable<MlflowExperiment> ListExperiments()
    {
        foreach (var directory in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            var folder = Path.GetFileName(directory);
            var meta = Path.Combine(directory, "meta.yaml");
            if (folder is TrashFolder or ModelsFolder || folder.StartsWith('.') || !File.Exists(meta))
            {
                continue;
            }
            var yaml = MetaYaml.Read(File.ReadAllText(meta));
            if (yaml.GetValueOrDefault("lifecycle_stage") as string == "deleted")
            {
                continue;
            }
            yield return new MlflowExperiment(
                yaml.GetValueOrDefault("experiment_id") as string ?? folder,
                yaml.GetValueOrDefault("name") as string ?? "",
                yaml.GetValueOrDefault("artifact_location") as string ?? "",
                "active");
        }
    }
}
