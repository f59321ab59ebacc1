namespace MlOps.Mlflow;

/// <summary>One entry of a run's artifacts (MLflow's FileInfo).</summary>
/// <param name="Path">Relative to the run's artifact root, forward slashes, e.g. <c>docs/notes.txt</c>.</param>
/// <param name="IsDir">True for a folder.</param>
/// <param name="FileSize">The size in bytes; null for a folder.</param>
public sealed record MlflowFileInfo(string Path, bool IsDir, long? FileSize);
