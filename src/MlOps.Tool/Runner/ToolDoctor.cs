using MlOps.Core.Host;

namespace MlOps.Tool.Runner;

/// <summary>
/// `mlops doctor` from the tool: the machine as this process sees it, without loading libtorch (the
/// tool has none), and the runner that `mlops run` trains in: its libtorch, where it is, whether it is built.
/// </summary>
internal static class ToolDoctor
{
    public static MachineReport Collect(ToolEnvironment environment)
    {
        var machine = MachineReport.Collect(environment.Variable("MLFLOW_TRACKING_URI"), loadLibTorch: false);
        var facts = machine.Facts.ToList();
        var problems = machine.Problems.ToList();
        var (options, problem) = ToolRunOptions.Parse([], environment);
        var runner = options is null ? null : ToolRunner.For(options, environment);
        if (runner is null)
        {
            problems.Add(problem ?? $"${ToolRunOptions.BackendVariable} '{options?.Backend}' has no libtorch package for this OS: use cpu (every OS) or cuda (Linux, Windows)");
            return new MachineReport(facts, problems);
        }
        facts.Add(new("mlops run", $"trains in a runner with {runner.LibTorchPackage} {runner.LibTorchVersion} (backend {options!.Backend}: {ToolRunOptions.BackendOption} or ${ToolRunOptions.BackendVariable})"));
        facts.Add(new("runner", runner.IsBuilt
            ? $"built in {runner.Directory}; libtorch and CUDA as it sees them: dotnet \"{runner.AssemblyPath}\" doctor"
            : $"not built yet: the first `mlops run` builds it in {runner.Directory}"));
        return new MachineReport(facts, problems);
    }
}
