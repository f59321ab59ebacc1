namespace MlOps.Core.Pipeline;

/// <summary>The output folder's own faults (environment range, 900–999): it is busy, or cannot be used as a run's folder.</summary>
public static class OutputErrorCodes
{
    /// <summary>Another live run holds the output folder's lock (exit 3).</summary>
    public const string InUse = "MLOPS950";
    /// <summary>The output folder would hold the spec, the repository or the current directory: a run replaces its folder whole, so it must be a folder of its own (exit 2).</summary>
    public const string NotOwnFolder = "MLOPS951";
    /// <summary>The output folder, its lock or its staging folder cannot be created or moved, or the run stopped on another I/O error (permissions, a file in the way, disk full) (exit 3); the previous result stays.</summary>
    public const string Unwritable = "MLOPS952";
}
