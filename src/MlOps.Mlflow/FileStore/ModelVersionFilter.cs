using System.Text.RegularExpressions;

namespace MlOps.Mlflow.FileStore;

/// <summary>
/// The part of MLflow's model-version filter grammar the file store evaluates: <c>name</c>, <c>run_id</c>,
/// <c>version_number</c> or <c>source_path</c> compared with = or != to a quoted value, joined with AND.
/// Anything else is refused clearly.
/// </summary>
internal sealed partial record ModelVersionFilter(string Key, bool Equal, string Value)
{
    public static IReadOnlyList<ModelVersionFilter> Parse(string? filter) =>
        FilterClauses.Parse(filter, Clause(), "use name = 'model', run_id = '…', version_number = 1 or source_path = '…', joined with AND.")
            .Select(match => new ModelVersionFilter(
                match.Groups["key"].Value.ToLowerInvariant(),
                match.Groups["op"].Value == "=",
                match.Groups["quoted"].Success ? FilterClauses.Unquote(match.Groups["quoted"].Value) : match.Groups["number"].Value))
            .ToList();

    public bool Matches(MlflowModelVersion version)
    {
        var actual = Key switch
        {
            "name" => version.Name,
            "run_id" => version.RunId ?? "",
            "version_number" => version.Version,
            _ => version.Source,
        };
        return (actual == Value) == Equal;
    }

    [GeneratedRegex(@"^(?<key>name|run_id|version_number|source_path)\s*(?<op>!=|=)\s*(?:'(?<quoted>(?:[^']|'')*)'|(?<number>\d+))$", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();
}
