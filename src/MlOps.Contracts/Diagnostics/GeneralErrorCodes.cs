namespace MlOps.Contracts.Diagnostics;

/// <summary>Codes that belong to no stage.</summary>
public static class GeneralErrorCodes
{
    /// <summary>A failure that carried no diagnostic of its own: a bug; please report it with the message.</summary>
    public const string Unexpected = "MLOPS999";

    /// <summary>The output folder cannot be created or written: a file in the way, no permission, a full disk (exit 3).</summary>
    public const string OutputUnwritable = "MLOPS910";
}
