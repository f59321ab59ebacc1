using System.Text.RegularExpressions;

namespace MlOps.Mlflow.FileStore;

/// <summary>
/// The part of MLflow's search filter grammar the file store evaluates locally: equality on
/// tags, params and status/run_name, joined with AND. Anything else is refused clearly.
/// </summary>
internal sealed partial record RunFilter(string Kind, string Key, bool Equal, string Value)
{
    public static IReadOnlyList<RunFilter> Parse(string? filter) =>
        FilterClauses.Parse(filter, Clause(), "use tags.`key` = 'value', params.key = 'value' or attributes.status = 'FINISHED', joined with AND.")
            .Select(match => new RunFilter(
                match.Groups["kind"].Value.ToLowerInvariant().TrimEnd('s'),
                match.Groups["key"].Value.Trim('`', '"'),
                match.Groups["op"].Value == "=",
                FilterClauses.Unquote(match.Groups["value"].Value)))
            .ToList();

    public bool Matches(MlflowRun run)
    {
        string? actual = Kind switch
        {
            "tag" => run.Tags.GetValueOrDefault(Key),
            "param" => run.Params.GetValueOrDefault(Key),
            _ => Key switch
            {
                "status" => run.Info.Status.ToString().ToUpperInvariant(),
                "run_name" => run.Info.RunName,
                "run_id" => run.Info.RunId,
                _ => throw new NotSupportedException($"The file store cannot filter on attributes.{Key}; use status, run_name or run_id."),
            },
        };
        return (actual == Value) == Equal;
    }

    [GeneratedRegex(@"^(?<kind>tags|tag|params|param|attributes|attribute)\.(?<key>`[^`]+`|""[^""]+""|[\w.\-/]+)\s*(?<op>!=|=)\s*'(?<value>(?:[^']|'')*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();
}
