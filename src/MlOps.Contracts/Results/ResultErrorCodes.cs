namespace MlOps.Contracts.Results;

public static class ResultErrorCodes
{
    /// <summary>result.json is missing or cannot be read (mlops report, the MSBuild task).</summary>
    public const string ResultFileUnreadable = "MLOPS520";
}
