namespace MlOps.Specs.Model;

public sealed record TrackingSpec
{
    /// <summary>Null: MLFLOW_TRACKING_URI, else ./mlruns at the repository root.</summary>
    public string? Uri { get; init; }
    /// <summary>Null: the spec name.</summary>
    public string? Experiment { get; init; }
    public string? RegisterAs { get; init; }
    public string? PromoteAlias { get; init; }
    /// <summary>Where promote_alias is written: what a warning about the alias points at. Not part of the resolved spec.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public MlOps.Contracts.Diagnostics.SourceLocation? PromoteAliasLocation { get; init; }
    /// <summary>
    /// Where a run that passed every error gate registers a version: the default branch unless the
    /// spec opts pull requests in (<c>register_on: [default_branch, pull_request]</c>). Runs on other
    /// branches never register. Not part of the fingerprint: it changes no trained weights.
    /// </summary>
    public IReadOnlyList<RegisterContext> RegisterOn { get; init; } = DefaultRegisterOn;
    /// <summary>Alias whose model version `against: champion` gates compare with.</summary>
    public string ChampionAlias { get; init; } = "champion";

    /// <summary>Registration from the default branch only.</summary>
    public static IReadOnlyList<RegisterContext> DefaultRegisterOn { get; } = [RegisterContext.DefaultBranch];
}
