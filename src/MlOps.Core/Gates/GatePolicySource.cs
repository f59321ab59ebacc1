using System.Diagnostics;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Evaluation;
using MlOps.Specs;
using MlOps.Specs.Model;

namespace MlOps.Core.Gates;

/// <summary>Reads the spec as it is at a git ref (`git show REF:./FILE`) and merges its gates into the PR's spec.</summary>
public static class GatePolicySource
{
    /// <returns>The policy, or null when the spec does not exist at that ref (a new spec: its own gates apply).</returns>
    /// <exception cref="MlOpsException">MLOPS530 when git cannot read the ref, MLOPS531 when the base spec does not validate.</exception>
    public static GatePolicy? Resolve(FineTuneSpec head, string gitRef)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentException.ThrowIfNullOrWhiteSpace(gitRef);
        var folder = Path.GetDirectoryName(head.SpecPath)!;
        var file = Path.GetFileName(head.SpecPath);
        var where = SourceLocation.None(head.SpecPath);
        if (gitRef.StartsWith('-'))
        {
            throw new MlOpsException(Diagnostic.Error(EvaluationErrorCodes.GatePolicyRefUnreadable,
                $"gate policy ref '{gitRef}' is not a git ref; pass a branch, tag or commit such as origin/main", where));
        }
        if (Git(folder, "rev-parse", "--verify", "--quiet", gitRef + "^{commit}") is not { ExitCode: 0 })
        {
            throw new MlOpsException(Diagnostic.Error(EvaluationErrorCodes.GatePolicyRefUnreadable,
                $"gate policy ref '{gitRef}' is not a commit in the repository at {folder}; fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin <base branch>)", where));
        }
        var show = Git(folder, "show", $"{gitRef}:./{file}");
        if (show.ExitCode != 0)
        {
            // The ref exists but the file does not: a spec the PR adds has no base policy yet.
            return null;
        }
        // Same folder as the PR's spec, so the base spec's relative data paths resolve the same way.
        var temp = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(file)}.gate-policy-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(temp, show.Output);
            var load = SpecLoader.Load(temp);
            if (load.Spec is null)
            {
                var first = load.Diagnostics.FirstOrDefault(d => d.IsError);
                throw new MlOpsException(Diagnostic.Error(EvaluationErrorCodes.GatePolicySpecInvalid,
                    $"the spec at {gitRef} does not validate, so its gates cannot be applied: {first?.Code} line {first?.Location.Line}: {first?.Message}; fix the base branch's spec or run without --gate-policy-ref",
                    where));
            }
            return GatePolicy.Merge(head, load.Spec);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private sealed record GitOutput(int ExitCode, string Output);

    private static GitOutput Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = error.Result;
            return new GitOutput(process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new MlOpsException(Diagnostic.Error(EvaluationErrorCodes.GatePolicyRefUnreadable,
                "git is not installed, so the gate policy ref cannot be read; install git or run without --gate-policy-ref", SourceLocation.None(folder)));
        }
    }
}
