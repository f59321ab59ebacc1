namespace MlOps.Specs.Model;

public sealed record TrackingSpec
{
    /// <summary>Null: MLFLOW_TRACKING_URI, else ./mlruns at the repository root.</summary>
    public string? Uri { get; init; }
    /// <summary>Null: the spec name.</summary>
    public string? Experiment { get; init; }
    public string? RegisterAs { get; init; }
    public string? PromoteAlias { get; init; }
    /// <summary>Alias whose model version `against: champion` gates compare with.</summary>
    public string ChampionAlias { get; init; } = "champion";
}
