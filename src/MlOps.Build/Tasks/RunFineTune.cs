using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Runner;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;

namespace MlOps.Build.Tasks;

/// <summary>
/// Runs one spec's training out of process (<c>mlops run --events jsonl</c>) and turns its events
/// into MSBuild errors, warnings and progress at the spec's lines. The process owns libtorch and
/// GPU memory; Ctrl+C and MlOpsTimeout kill it (ToolTask does both).
/// </summary>
public sealed class RunFineTune : ToolTask
{
    /// <summary>The runner: a dotnet host, an apphost or a script.</summary>
    [Required]
    public string RunnerExecutable { get; set; } = "";

    /// <summary>Written before the verb, unquoted (e.g. the runner dll when the executable is dotnet).</summary>
    public string? RunnerArguments { get; set; }

    [Required]
    public string Spec { get; set; } = "";

    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Shown in progress messages; defaults to the spec's file name.</summary>
    public string? SpecName { get; set; }
    public string? Device { get; set; }
    public string? TrackingUri { get; set; }
    public string? ModelsAssembly { get; set; }
    public string? GatePolicyRef { get; set; }
    public bool Reuse { get; set; }
    public bool Resume { get; set; }

    /// <summary>False: failed error-severity gates are warnings and the build goes on.</summary>
    public bool FailOnGate { get; set; } = true;

    [Output]
    public string? Verdict { get; private set; }
    [Output]
    public string? RunId { get; private set; }
    [Output]
    public string? ResultPath { get; private set; }

    /// <summary>What the runner's diagnostics about no file start with (the internal-error backstop's line).</summary>
    private const string RunnerItself = "mlops";

    private int _failedErrorGates;
    private readonly ProgressThrottle _progress = new();
    private IReadOnlyList<string>? _secrets;

    protected override string ToolName => Path.GetFileName(RunnerExecutable);

    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Normal;

    protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.Normal;

    protected override string GenerateFullPathToTool() => RunnerExecutable;

    protected override string GenerateCommandLineCommands()
    {
        var line = new CommandLineBuilder();
        line.AppendTextUnquoted(RunnerArguments ?? "");
        line.AppendSwitch("run");
        line.AppendFileNameIfNotNull(Spec);
        line.AppendSwitchIfNotNull("--output ", OutputDirectory.TrimEnd('/', '\\'));
        line.AppendSwitch("--events jsonl");
        line.AppendSwitchIfNotNull("--device ", string.IsNullOrEmpty(Device) ? null : Device);
        line.AppendSwitchIfNotNull("--tracking-uri ", string.IsNullOrEmpty(TrackingUri) ? null : TrackingUri);
        line.AppendSwitchIfNotNull("--models-assembly ", string.IsNullOrEmpty(ModelsAssembly) ? null : ModelsAssembly);
        line.AppendSwitchIfNotNull("--gate-policy-ref ", string.IsNullOrEmpty(GatePolicyRef) ? null : GatePolicyRef);
        if (Reuse)
        {
            line.AppendSwitch("--reuse");
        }
        if (Resume)
        {
            line.AppendSwitch("--resume");
        }
        return line.ToString().Trim();
    }

    /// <summary>The command line names the tracking URI: logged without its credentials or any secret the runner is given.</summary>
    protected override void LogToolCommand(string message) => base.LogToolCommand(Redact(message));

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        // The runner redacts what it prints once it runs; a line from before that (or from a crash) is cleaned here.
        singleLine = Redact(singleLine);
        var name = SpecName ?? Path.GetFileNameWithoutExtension(Spec);
        var line = RunnerOutputParser.Parse(singleLine, Spec);
        switch (line.Kind)
        {
            case RunnerLineKind.Start:
                // High, like `dotnet test`'s progress: a default build says that it trains, and shows progress below.
                _progress.Started();
                Log.LogMessage(MessageImportance.High, $"MlOps: {name}: {line.Text}");
                break;
            case RunnerLineKind.Epoch:
                Log.LogMessage(_progress.Shows(line.Epoch, line.Epochs) ? MessageImportance.High : MessageImportance.Normal, $"MlOps: {name}: {line.Text}");
                break;
            case RunnerLineKind.Stage or RunnerLineKind.Message:
                Log.LogMessage(MessageImportance.Normal, $"MlOps: {name}: {line.Text}");
                break;
            case RunnerLineKind.Diagnostic when !line.IsError && ErrorCodeRange.Spec.Contains(line.Code):
                // ComputeFineTuneFingerprint already reported the spec's warnings in process.
                Log.LogMessage(MessageImportance.Low, singleLine);
                break;
            case RunnerLineKind.Diagnostic:
                LogAt(line.IsError, line.Code ?? BuildErrorCodes.RunnerFailed, line, line.Text);
                break;
            case RunnerLineKind.Gate when line.Passed:
                Log.LogMessage(MessageImportance.Normal, $"MlOps: {name}: gate '{line.GateName}' passed{(line.Text.Length > 0 ? ": " + line.Text : "")}");
                break;
            case RunnerLineKind.Gate:
                var asError = line.IsError && FailOnGate;
                _failedErrorGates += line.IsError ? 1 : 0;
                LogAt(asError, line.Code ?? GateErrorCodes.GateFailed, line, $"gate '{line.GateName}' failed: {line.Text}");
                break;
            case RunnerLineKind.Result:
                (Verdict, RunId, ResultPath) = (line.Verdict, line.RunId, line.ResultPath);
                // High: the one line a default (minimal) `dotnet build` shows for each fine-tune.
                Log.LogMessage(MessageImportance.High, $"MlOps: {name}: {line.Text}{(line.RunId is null ? "" : ", run " + line.RunId)}{(line.ResultPath is null ? "" : ", report in " + Path.GetDirectoryName(line.ResultPath))}");
                break;
            case RunnerLineKind.Text when singleLine.TrimStart().StartsWith("{\"event\"", StringComparison.Ordinal):
                // An event this task does not know (a newer runner): never raw JSON at -v:n.
                Log.LogMessage(MessageImportance.Low, singleLine);
                break;
            default:
                Log.LogMessage(messageImportance, singleLine);
                break;
        }
    }

    /// <summary>
    /// The text without place-recognisable credentials (user:password@, ?token=) nor the secrets of
    /// this process's environment, which the runner inherits.
    /// </summary>
    private string Redact(string text)
    {
        _secrets ??= SecretVariables.Read(Environment.GetEnvironmentVariable);
        return SecretText.Redact(text, _secrets) ?? "";
    }

    /// <summary>Errors at the spec's place; an event without a file (or the runner's own "mlops: error …" line) points at the spec itself.</summary>
    private void LogAt(bool error, string code, RunnerLine line, string message)
    {
        var file = string.IsNullOrEmpty(line.File) || line.File == RunnerItself ? Spec : line.File;
        if (error)
        {
            Log.LogError(null, code, null, file, line.Line, line.Column, 0, 0, message);
        }
        else
        {
            Log.LogWarning(null, code, null, file, line.Line, line.Column, 0, 0, message);
        }
    }

    public override bool Execute()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var succeeded = base.Execute();
        // ToolTask kills a tool that outlives Timeout with only a warning (MSB5002): make it an error on the spec.
        if (!succeeded && !Log.HasLoggedErrors && Timeout != System.Threading.Timeout.Infinite && clock.ElapsedMilliseconds >= Timeout)
        {
            Log.LogError(null, BuildErrorCodes.RunnerTimedOut, null, Spec, 0, 0, 0, 0,
                string.Create(CultureInfo.InvariantCulture, $"training took longer than MlOpsTimeout ({Timeout} ms) and was stopped. Raise MlOpsTimeout or lower training.budget."));
        }
        return succeeded && !Log.HasLoggedErrors;
    }

    protected override bool HandleTaskExecutionErrors()
    {
        if (ExitCode == ExitCodes.GateFailed && _failedErrorGates > 0)
        {
            // The gates were already logged, as errors or (MlOpsFailOnGate=false) as warnings.
            return !FailOnGate && !Log.HasLoggedErrors;
        }
        if (Log.HasLoggedErrors)
        {
            return false;
        }
        var message = ExitCode switch
        {
            ExitCodes.Interrupted => (BuildErrorCodes.RunnerFailed, "training was interrupted; the next build resumes or retrains it."),
            _ => (BuildErrorCodes.RunnerFailed, string.Create(CultureInfo.InvariantCulture, $"the fine-tuning runner exited with code {ExitCode} without reporting an error. Run the command above by hand to see its output.")),
        };
        Log.LogError(null, message.Item1, null, Spec, 0, 0, 0, 0, message.Item2);
        return false;
    }
}
