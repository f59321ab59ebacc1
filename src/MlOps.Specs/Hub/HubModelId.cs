using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace MlOps.Specs.Hub;

/// <summary>
/// A model on the Hugging Face Hub as a spec names it: <c>hf://&lt;org&gt;/&lt;model&gt;[@&lt;revision&gt;]</c>
/// or <c>hf://&lt;model&gt;</c> (legacy ids without an organisation, e.g. distilbert-base-uncased).
/// </summary>
public sealed record HubModelId(string RepoId, string Revision)
{
    /// <summary>A model (the default, left out of JSON so existing fingerprints stay) or a dataset repository (see HubDatasetLocation).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public HubRepoKind Kind { get; init; }

    public const string Scheme = "hf://";
    public const string DefaultRevision = "main";
    public const string Form = "hf://<org>/<model>[@<revision>] (e.g. hf://distilbert-base-uncased or hf://google-bert/bert-base-uncased@main)";

    /// <summary>True for anything meant as a Hub reference (so `hf:/x` is a bad id, not a missing file).</summary>
    public static bool LooksLikeHubReference(string text) =>
        text.TrimStart().StartsWith("hf:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Hub cache's folder for this repository: models--org--name.</summary>
    [JsonIgnore]
    public string CacheFolderName => (Kind == HubRepoKind.Dataset ? "datasets--" : "models--") + RepoId.Replace("/", "--", StringComparison.Ordinal);

    /// <summary>The repository's path on the Hub: org/model, or datasets/owner/name.</summary>
    [JsonIgnore]
    public string UrlPath => Kind == HubRepoKind.Dataset ? "datasets/" + RepoId : RepoId;

    /// <summary>True when the revision is already a full commit sha (then no ref is written).</summary>
    [JsonIgnore]
    public bool RevisionIsCommit => IsCommitSha(Revision);

    public static bool IsCommitSha(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigitLower);

    public static HubModelId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out HubModelId? id, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        id = null;
        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            error = $"'{text}' is not a Hub id: write {Form}";
            return false;
        }
        var rest = text[Scheme.Length..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var repo = at < 0 ? rest : rest[..at];
        var revision = at < 0 ? DefaultRevision : rest[(at + 1)..];
        var parts = repo.Split('/');
        if (parts.Length > 2)
        {
            error = $"'{text}' has {parts.Length} path parts; a Hub id is <model> or <org>/<model>: write {Form}";
            return false;
        }
        if (parts.FirstOrDefault(p => NamePartError(p) is not null) is { } bad)
        {
            error = $"'{text}': {NamePartError(bad)}; write {Form}";
            return false;
        }
        if (revision.Length == 0 || revision.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\\' or '@' or '?' or '#')
            || revision.Contains("..", StringComparison.Ordinal) || revision.StartsWith('/') || revision.EndsWith('/'))
        {
            error = $"'{text}' has an unusable revision '{revision}': use a branch, a tag or a commit sha after '@'";
            return false;
        }
        id = new HubModelId(repo, revision);
        error = null;
        return true;
    }

    /// <summary>The Hub's own rules for names: letters, digits, '-', '_', '.'; no '--' or '..'; 96 characters at most.</summary>
    private static string? NamePartError(string part)
    {
        if (part.Length == 0)
        {
            return "an organisation or model name is empty";
        }
        if (part.Length > 96)
        {
            return $"'{part}' is longer than 96 characters";
        }
        if (!part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"'{part}' may only hold letters, digits, '-', '_' and '.'";
        }
        if (part.Contains("--", StringComparison.Ordinal) || part.Contains("..", StringComparison.Ordinal)
            || part[0] is '-' or '.' || part[^1] is '-' or '.')
        {
            return $"'{part}' may not hold '--' or '..', nor start or end with '-' or '.'";
        }
        return null;
    }

    public override string ToString() => $"{Scheme}{UrlPath}@{Revision}";
}

/// <summary>What a Hub repository holds; URLs and cache folders differ by kind.</summary>
public enum HubRepoKind
{
    Model,
    Dataset,
}
