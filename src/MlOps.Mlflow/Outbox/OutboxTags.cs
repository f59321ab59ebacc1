namespace MlOps.Mlflow.Outbox;

/// <summary>
/// The tag keys the outbox uses to find, mark and finish runs. The caller names them (usually under
/// its own prefix, <see cref="WithPrefix"/>), so the client adds no vocabulary of its own to a run.
/// </summary>
public sealed record OutboxTags
{
    /// <summary>Links a server run to the record it came from; sync finds the server run by it.</summary>
    public required string RecordId { get; init; }

    /// <summary>Set on a local outbox run once it reached the server (value: the server's run id).</summary>
    public required string Synced { get; init; }

    /// <summary>Local only: the registered model a sync should create a version of.</summary>
    public required string RegisterAs { get; init; }

    /// <summary>Local only: the model's artifact path for that version.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Local only: the alias a sync should move to the new version.</summary>
    public required string PromoteAlias { get; init; }

    /// <summary>Local only: the tracking URI the run was meant for (without credentials, query or fragment), where a sync sends it unless told otherwise.</summary>
    public required string Target { get; init; }

    /// <summary>Set on the server run once its model version exists, so a retried sync never registers twice.</summary>
    public required string RegisteredVersion { get; init; }

    /// <summary><c>&lt;prefix&gt;.outbox.run_id</c>, <c>.outbox.synced</c>, <c>.outbox.register_as</c>, <c>.outbox.model_path</c>, <c>.outbox.promote_alias</c>, <c>.outbox.target</c> and <c>&lt;prefix&gt;.registered_version</c>.</summary>
    /// <param name="prefix">The caller's tag namespace, e.g. its product name; not <c>mlflow</c>, which MLflow reserves.</param>
    public static OutboxTags WithPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (prefix.Equals("mlflow", StringComparison.OrdinalIgnoreCase) || prefix.StartsWith("mlflow.", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Tags under 'mlflow.' are MLflow's system tags; choose your own prefix.", nameof(prefix));
        }
        return new OutboxTags
        {
            RecordId = $"{prefix}.outbox.run_id",
            Synced = $"{prefix}.outbox.synced",
            RegisterAs = $"{prefix}.outbox.register_as",
            ModelPath = $"{prefix}.outbox.model_path",
            PromoteAlias = $"{prefix}.outbox.promote_alias",
            Target = $"{prefix}.outbox.target",
            RegisteredVersion = $"{prefix}.registered_version",
        };
    }

    /// <summary>The tags that only steer the local outbox and never reach the server.</summary>
    internal IReadOnlyList<string> LocalOnly => [Synced, RegisterAs, ModelPath, PromoteAlias, Target];
}
