using System.Text.RegularExpressions;
using MlOps.Mlflow;
using MlOps.Mlflow.FileStore;

namespace MlOps.Core.Tracking.Backends;

/// <summary>MLflow's local file store: a <c>file:</c> URI or a folder path (relative paths against the repository root).</summary>
internal sealed partial class FileStoreTrackingBackend : TrackingBackend
{
    public override TrackingKind Kind => TrackingKind.FileStore;

    public override TrackingTarget? Claim(string uri, string repositoryRoot)
    {
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(uri).LocalPath : uri["file:".Length..];
            return At(Path.Combine(repositoryRoot, path));
        }
        // Another scheme (databricks://, s3:, …) is not a path; a drive letter (C:\) is.
        return uri.Contains("://", StringComparison.Ordinal) || OtherScheme().IsMatch(uri) ? null : At(Path.Combine(repositoryRoot, uri));
    }

    public override IMlflowStore Open(TrackingTarget target, Func<string, string?> environment) => new MlflowFileStore(target.StorePath!);

    /// <summary>The file store in <paramref name="path"/>, as an absolute path and file: URI.</summary>
    public static TrackingTarget At(string path)
    {
        var full = Path.GetFullPath(path);
        return new TrackingTarget(TrackingKind.FileStore, new Uri(full).AbsoluteUri, full);
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9+.-]+:(?![\\\\/])")]
    private static partial Regex OtherScheme();
}
