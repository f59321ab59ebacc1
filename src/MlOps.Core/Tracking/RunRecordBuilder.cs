using System.Text.Json;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Mlflow;
using MlOps.Mlflow.Outbox;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

/// <summary>Turns one finished run (result, spec, output folder) into what MLflow gets.</summary>
public static class RunRecordBuilder
{
    public static RunRecord Build(RunResult result, FineTuneSpec spec, string outputDir, string repositoryRoot, GitInfo git, CiContext ci, string user)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(ci);
        var artifacts = Directory.Exists(outputDir)
            ? Directory.EnumerateFiles(outputDir, "*", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(f => new ArtifactFile(f, Path.GetRelativePath(outputDir, f).Replace('\\', '/')))
                // The resume checkpoint of a stopped run stays local: it is not a result.
                .Where(a => !a.ArtifactPath.StartsWith("checkpoint/", StringComparison.Ordinal))
                // Repeats are runs of their own (children of this one), with their own artifacts.
                .Where(a => !a.ArtifactPath.StartsWith("repeats/", StringComparison.Ordinal))
                // So are a sweep's trials.
                .Where(a => !a.ArtifactPath.StartsWith("trials/", StringComparison.Ordinal))
                .ToList()
            : [];
        return new RunRecord
        {
            ExperimentName = spec.Tracking.Experiment ?? spec.Name,
            RunName = spec.Name,
            StartTime = result.Timings.StartedAt.ToUnixTimeMilliseconds(),
            EndTime = result.Timings.FinishedAt.ToUnixTimeMilliseconds(),
            Status = result.Verdict == RunVerdict.Stopped ? MlflowRunStatus.Killed : MlflowRunStatus.Finished,
            Tags = [.. RunTags.Build(result, spec, outputDir, repositoryRoot, git, ci, user), .. BaseModelTracking.Tags(result)],
            // Who writes the run and what it is, from its first moment: a kill during tracking leaves a run that can be recognised and finished.
            CreationTags = [.. RunOwner.Current.Tags, new(RunTags.Fingerprint, result.Spec.Fingerprint), new(RunTags.SpecName, spec.Name)],
            Params = [.. SpecParams.Flatten(spec), .. RunParams(result), .. BaseModelTracking.Params(result)],
            Metrics = RunMetrics.Build(result),
            Inputs = [.. result.Datasets.Select(Dataset), .. BaseModelTracking.Inputs(result)],
            Artifacts = artifacts,
            Registration = Registration(result, spec, outputDir, git, ci),
            // MLflow 3 servers (and ./mlruns) also get the model folder as a logged model, registered from models:/m-….
            LoggedModel = File.Exists(Path.GetFullPath(result.Outputs.Model, outputDir)) ? new LoggedModelRecord(spec.Name, ModelFolder(result, outputDir), MlModelFiles.Flavor) : null,
        };
    }

    /// <summary>What trained, beside the spec: parameter counts and share (the precision is the spec's training.precision param).</summary>
    private static IEnumerable<MlflowParam> RunParams(RunResult result) =>
    [
        new("model.parameters", result.Model.Parameters.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("model.trainable_parameters", result.Model.TrainableParameters.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("model.trainable_share", result.Model.TrainableShare.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// A version when register_as is set, every error gate passed and the run's context is in
    /// register_on (the default branch unless pull requests opt in); the alias only on the default branch.
    /// </summary>
    private static ModelRegistration? Registration(RunResult result, FineTuneSpec spec, string outputDir, GitInfo git, CiContext ci)
    {
        if (string.IsNullOrEmpty(spec.Tracking.RegisterAs) || !RegistrationPolicy.Registers(result, spec.Tracking, ci, git.Branch))
        {
            return null;
        }
        var promote = ci.IsDefaultBranch(git.Branch) ? spec.Tracking.PromoteAlias : null;
        return new ModelRegistration(spec.Tracking.RegisterAs, ModelFolder(result, outputDir), promote);
    }

    /// <summary>
    /// The folder holding the weights, relative to the output folder ("model"; "" when they sit at
    /// its root): a version's source is a folder, as MLflow's log_model makes it, never one file,
    /// so MLflow's own client can download <c>models:/name@alias</c>.
    /// </summary>
    internal static string ModelFolder(RunResult result, string outputDir)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(result.Outputs.Model, outputDir)) ?? outputDir;
        var relative = Path.GetRelativePath(outputDir, folder).Replace('\\', '/');
        return relative == "." ? "" : relative;
    }

    /// <summary>MLflow's local dataset: source {"uri": …}, a digest (≤ 36 chars) and a small profile.</summary>
    private static MlflowDatasetInput Dataset(DatasetRecord d)
    {
        var source = JsonSerializer.Serialize(new Dictionary<string, string> { ["uri"] = new Uri(Path.GetFullPath(d.Path)).AbsoluteUri });
        var profile = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["num_rows"] = d.Rows,
            ["num_columns"] = d.Columns,
            ["class_counts"] = d.ClassCounts,
        });
        var digest = d.Sha256.Length > 16 ? d.Sha256[..16] : d.Sha256;
        return new MlflowDatasetInput(new MlflowDataset(d.Name, digest, "local", source, null, profile), d.Context);
    }
}
