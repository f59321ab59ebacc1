namespace MlOps.Mlflow;

/// <summary>
/// An artifact path stays under its run's artifacts: relative, forward slashes, no '.', '..' or empty
/// segment. Over REST a '..' would otherwise be normalised by the URI and land in another run.
/// </summary>
public static class ArtifactPaths
{
    /// <summary>The path with forward slashes; throws <see cref="ArgumentException"/> when it could escape.</summary>
    public static string Check(string artifactPath)
    {
        ArgumentNullException.ThrowIfNull(artifactPath);
        var path = artifactPath.Replace('\\', '/');
        var segments = path.Split('/');
        if (path.Length == 0 || path.StartsWith('/') || Path.IsPathRooted(artifactPath) || path.Contains(':', StringComparison.Ordinal)
            || segments.Any(s => s is "" or "." or ".." || s.Any(char.IsControl)))
        {
            throw new ArgumentException($"Artifact path '{artifactPath}' leaves the run's artifact folder; use a relative path without '..', '.', empty segments or a drive.", nameof(artifactPath));
        }
        return path;
    }
}
