namespace MlOps.Specs.Binding;

/// <summary>
/// The names MLflow refuses, checked while the spec is validated: a name MLflow would refuse
/// after training costs the whole run, so it is an error at its line before anything trains.
/// Limits as in MLflow's mlflow/utils/validation.py and its SQL schema (registered model names are
/// VARCHAR(256)); a registered model name with '/' breaks the <c>models:/name/version</c> URIs.
/// </summary>
internal static class MlflowNames
{
    /// <summary>The spec's name: the output folder (one path segment), the MLflow run name and a tag.</summary>
    public const int MaxSpecNameLength = 100;
    public const int MaxExperimentNameLength = 500;
    public const int MaxRegisteredModelNameLength = 256;
    public const int MaxAliasLength = 255;

    public static string? SpecNameProblem(string name) => name.Length > MaxSpecNameLength
        ? $"'name' is {name.Length:N0} characters long; at most {MaxSpecNameLength} are allowed (it names the output folder and the MLflow run)"
        : null;

    public static string? ExperimentProblem(string name) =>
        name.Length > MaxExperimentNameLength ? $"'experiment' is {name.Length:N0} characters long; MLflow accepts at most {MaxExperimentNameLength}" : null;

    public static string? RegisteredModelProblem(string name) =>
        name.Trim().Length == 0 ? "'register_as' is empty; MLflow needs a registered model name"
        : name.Length > MaxRegisteredModelNameLength ? $"'register_as' is {name.Length:N0} characters long; MLflow's registry accepts at most {MaxRegisteredModelNameLength}"
        : name.IndexOf('/') >= 0 ? $"'register_as' contains '/' ('{name}'): MLflow addresses versions as models:/<name>/<version>, so a name cannot hold '/'; use '-' or '.' instead"
        : HasControl(name) ? "'register_as' holds a control character (a newline, a tab…), which MLflow's registry refuses"
        : null;

    /// <summary>MLflow's alias rules: letters, digits, '_' and '-'; not 'latest', not a version alias like 'v3'.</summary>
    public static string? AliasProblem(string key, string alias) =>
        alias.Length == 0 || alias.Length > MaxAliasLength ? $"'{key}' must be 1 to {MaxAliasLength} characters long"
        : !alias.All(c => char.IsLetterOrDigit(c) || c is '_' or '-') ? $"'{key}' may only hold letters, digits, '_' and '-' (MLflow's alias rule); found '{alias}'"
        : alias.Equals("latest", StringComparison.OrdinalIgnoreCase) ? $"'{key}: {alias}' is reserved by MLflow ('latest' always means the newest version)"
        : IsVersionAlias(alias) ? $"'{key}: {alias}' is reserved by MLflow (v<number> names a version)"
        : null;

    private static bool HasControl(string text) => text.Any(char.IsControl);

    /// <summary>v3, V12: MLflow's own names of versions.</summary>
    private static bool IsVersionAlias(string alias) =>
        alias.Length > 1 && alias[0] is 'v' or 'V' && alias.Skip(1).All(c => c is >= '0' and <= '9');
}
