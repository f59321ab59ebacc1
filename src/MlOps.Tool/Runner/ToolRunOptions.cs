using System.CommandLine;
using MlOps.Build.Runner;

namespace MlOps.Tool.Runner;

/// <summary>
/// The tool's own part of `mlops run`: which libtorch the runner carries. Everything else is passed
/// to the runner's `mlops run` unchanged.
/// </summary>
internal sealed record ToolRunOptions(string Backend, string LibTorchVersion, IReadOnlyList<string> RunArguments)
{
    public const string BackendOption = "--torch-backend";
    public const string BackendVariable = "MLOPS_TORCH_BACKEND";
    public const string LibTorchVersionVariable = "MLOPS_LIBTORCH_VERSION";

    /// <summary>The option as `mlops run --help` lists it; the tool reads it itself (<see cref="Parse"/>).</summary>
    public static Option<string> HelpOption() => new(BackendOption)
    {
        Description = $"cpu or cuda: the libtorch the runner restores (default: ${BackendVariable}, else cpu). The mlops tool only.",
    };

    /// <returns>The options, or null with a message when --torch-backend has no value.</returns>
    public static (ToolRunOptions? Options, string? Error) Parse(IReadOnlyList<string> runArguments, ToolEnvironment environment)
    {
        var backend = environment.Variable(BackendVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : "cpu";
        var rest = new List<string>();
        for (var i = 0; i < runArguments.Count; i++)
        {
            var argument = runArguments[i];
            if (argument.StartsWith(BackendOption + "=", StringComparison.Ordinal))
            {
                backend = argument[(BackendOption.Length + 1)..];
            }
            else if (argument == BackendOption)
            {
                if (i + 1 >= runArguments.Count)
                {
                    return (null, $"{BackendOption} needs a value: cpu or cuda");
                }
                backend = runArguments[++i];
            }
            else
            {
                rest.Add(argument);
            }
        }
        var version = environment.Variable(LibTorchVersionVariable) is { Length: > 0 } pinned ? pinned : LibTorchPackages.DefaultVersion;
        return (new ToolRunOptions(backend.Trim().ToLowerInvariant(), version, rest), null);
    }
}
