using System.Diagnostics.CodeAnalysis;

namespace MlOps.Specs.Hub;

/// <summary>
/// One split of a dataset on the Hugging Face Hub, as <c>data.train</c>, <c>data.validation</c> or
/// <c>data.test</c> names it: <c>hf://datasets/&lt;owner&gt;/&lt;name&gt;[@&lt;revision&gt;][/[&lt;config&gt;/]&lt;split&gt;]</c>,
/// the spelling of huggingface_hub's file system. A revision holding '/' is written with %2F
/// (<c>@refs%2Fconvert%2Fparquet</c>). Without a split, the key's own name is the split.
/// </summary>
public sealed record HubDatasetLocation(HubModelId Repo, string? Config, string Split)
{
    public const string Prefix = "hf://datasets/";
    public const string Form = "hf://datasets/<owner>/<name>[@<revision>][/<split>] (e.g. hf://datasets/stanfordnlp/imdb@main/train)";

    /// <summary>True for anything meant as a Hub dataset (so a typo is a bad location, not a missing file).</summary>
    public static bool LooksLikeOne(string? text) =>
        text is not null && text.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <param name="defaultSplit">The split when the location names none: the spec key's name (train, validation, test).</param>
    public static bool TryParse(string text, string defaultSplit, [NotNullWhen(true)] out HubDatasetLocation? location, [NotNullWhen(false)] out string? error)
    {
        location = null;
        text = text.Trim();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"'{text}' is not a Hub dataset location: write {Form}";
            return false;
        }
        var parts = text.Substring(Prefix.Length).Split('/');
        if (parts.Length < 2)
        {
            error = $"'{text}' names no dataset: a Hub dataset is <owner>/<name>; write {Form}";
            return false;
        }
        if (parts.Length > 4)
        {
            error = $"'{text}' has {parts.Length - 2} parts after the dataset; only [<config>/]<split> may follow it: write {Form}";
            return false;
        }
        var at = parts[1].IndexOf('@');
        var name = at < 0 ? parts[1] : parts[1].Substring(0, at);
        var revision = at < 0 ? HubModelId.DefaultRevision : Uri.UnescapeDataString(parts[1].Substring(at + 1));
        if (!HubModelId.TryParse($"{HubModelId.Scheme}{parts[0]}/{name}@{revision}", out var repo, out var repoError))
        {
            error = repoError.Contains(HubModelId.Form) ? repoError.Replace(HubModelId.Form, Form) : $"{repoError}; write {Form}";
            return false;
        }
        var selector = parts.Skip(2).ToArray();
        if (selector.FirstOrDefault(p => !IsName(p)) is { } bad)
        {
            error = $"'{text}': '{bad}' is not a split or config name (letters, digits, '-', '_' and '.'); write {Form}";
            return false;
        }
        location = new HubDatasetLocation(repo with { Kind = HubRepoKind.Dataset }, selector.Length == 2 ? selector[0] : null, selector.Length > 0 ? selector[selector.Length - 1] : defaultSplit);
        error = null;
        return true;
    }

    public static HubDatasetLocation Parse(string text, string defaultSplit = "train") =>
        TryParse(text, defaultSplit, out var location, out var error) ? location : throw new FormatException(error);

    private static bool IsName(string part) =>
        part.Length is > 0 and <= 96 && part.All(c => (c < 128 && char.IsLetterOrDigit(c)) || c is '-' or '_' or '.') && part != "." && part != "..";

    /// <summary>The canonical spelling: revision and split always written, so the fingerprint sees what was meant.</summary>
    public override string ToString() =>
        $"{Prefix}{Repo.RepoId}@{Uri.EscapeDataString(Repo.Revision)}/{(Config is null ? "" : Config + "/")}{Split}";
}
