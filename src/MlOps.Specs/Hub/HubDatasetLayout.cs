namespace MlOps.Specs.Hub;

/// <summary>
/// Which Parquet files of a Hub dataset make up one split, as the Hub lays them out:
/// <c>data/&lt;split&gt;-00000-of-00002.parquet</c> (what <c>push_to_hub</c> writes; also
/// <c>data/&lt;split&gt;.parquet</c> and the same names at the top level), or
/// <c>&lt;config&gt;/&lt;split&gt;/0000.parquet</c> (the Hub's <c>refs/convert/parquet</c> branch; config
/// <c>default</c> unless the location names one). Shards are read in file-name order.
/// </summary>
public static class HubDatasetLayout
{
    public const string Extension = ".parquet";
    public const string DefaultConfig = "default";

    /// <summary>The split's files, in order; empty when the repository has none for it.</summary>
    public static IReadOnlyList<string> SplitFiles(IEnumerable<string> repoFiles, HubDatasetLocation location)
    {
        var parquet = repoFiles.Where(f => f.EndsWith(Extension, StringComparison.Ordinal)).ToList();
        var config = location.Config ?? DefaultConfig;
        var byConfig = parquet.Where(f => Parent(f) == $"{config}/{location.Split}").ToList();
        var byName = location.Config is null || location.Config == DefaultConfig
            ? parquet.Where(f => (Parent(f) is "" or "data") && SplitOf(f) == location.Split).ToList()
            : [];
        return [.. (byName.Count > 0 ? byName : byConfig).OrderBy(f => f, StringComparer.Ordinal)];
    }

    /// <summary>The splits the repository has Parquet files for ("train", "default/test"), for messages.</summary>
    public static IReadOnlyList<string> Splits(IEnumerable<string> repoFiles) =>
        [.. repoFiles.Where(f => f.EndsWith(Extension, StringComparison.Ordinal))
            .Select(f => Parent(f) is "" or "data" ? SplitOf(f) : Parent(f).Count(c => c == '/') == 1 ? Parent(f) : null)
            .OfType<string>().Distinct().OrderBy(s => s, StringComparer.Ordinal)];

    /// <summary>"data/train-00000-of-00002.parquet" → "train"; "train.parquet" → "train".</summary>
    private static string SplitOf(string file)
    {
        var name = file.Substring(file.LastIndexOf('/') + 1);
        name = name.Substring(0, name.Length - Extension.Length);
        var dash = name.IndexOf('-');
        return dash < 0 ? name : name.Substring(0, dash);
    }

    private static string Parent(string file) => file.LastIndexOf('/') is var slash and >= 0 ? file.Substring(0, slash) : "";
}
