using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using static MlOps.Core.Reporting.MarkdownText;
using static MlOps.Core.Reporting.ReportNumbers;

namespace MlOps.Core.Reporting;

/// <summary>
/// README.md: the run's model card in the Hugging Face format (https://huggingface.co/docs/hub/model-cards):
/// YAML metadata (base_model, datasets, metrics, license, tags, model-index with the judged split's
/// numbers), then intended use, training data, the gate and fairness tables, forgetting and the
/// limitations the run's advice names. Everything in it comes from result.json, so `mlops report`
/// renders the same card again. Written before tracking (which uploads it), so it names no MLflow run.
/// </summary>
public static class ModelCard
{
    public const string FileName = "README.md";

    public static string Render(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        AppendMetadata(md, result);
        md.AppendLine($"# {Escape(result.Spec.Name)}").AppendLine();
        md.AppendLine(Escape($"Fine-tuned {result.Model.Architecture}{BaseText(result)} by MlOps {result.ToolVersion}; verdict: {JsonName.Of(result.Verdict)}; spec fingerprint {result.Spec.Fingerprint}.")).AppendLine();
        AppendIntendedUse(md, result);
        AppendTrainingData(md, result);
        md.AppendLine("## Training procedure").AppendLine();
        md.AppendLine(Escape($"{result.Training.EpochsRun}/{result.Training.EpochsPlanned} epochs ({JsonName.Of(result.Training.StopReason)}){MarkdownReport.KeptEpochText(result.Training)} on {result.Device} · {TrainingSetupLine.Render(result)}")).AppendLine();
        md.AppendLine("## Evaluation").AppendLine();
        md.AppendLine(Escape(MarkdownReport.JudgedSplitLine(result))).AppendLine();
        MarkdownTables.AppendMetrics(md, result);
        md.AppendLine("## Gates").AppendLine();
        MarkdownReport.AppendGateTable(md, result.Gates);
        if (result.Fairness.Count == 0)
        {
            md.AppendLine("## Fairness").AppendLine().AppendLine("No bias checks were declared: nothing is known about how the model treats groups.").AppendLine();
        }
        MarkdownTables.AppendFairness(md, result.Fairness);
        AppendForgetting(md, result);
        AppendLimitations(md, result);
        return md.ToString();
    }

    /// <summary>
    /// The metadata block. Strings are written as JSON strings, which YAML reads as double-quoted
    /// scalars: a class or file name cannot break the block.
    /// </summary>
    private static void AppendMetadata(StringBuilder md, RunResult result)
    {
        md.AppendLine("---");
        if (result.Model.BaseSource?.HubId is { } hubId)
        {
            md.AppendLine($"base_model: {Quote(hubId)}");
        }
        // The Hub's license list has no "unknown": "other" says the card does not state one; the team sets it.
        md.AppendLine("license: other");
        md.AppendLine("library_name: onnx");
        AppendList(md, "datasets", result.Datasets.Where(d => d.Context == "training").Select(d => d.Name).Distinct());
        var judged = JudgedMetrics(result);
        AppendList(md, "metrics", judged.Keys);
        AppendList(md, "tags", ["mlops", "fine-tuned", result.Model.Architecture, TaskType(result), JsonName.Of(result.Verdict) + "-gates"]);
        if (judged.Count > 0)
        {
            md.AppendLine("model-index:");
            md.AppendLine($"- name: {Quote(result.Spec.Name)}");
            md.AppendLine("  results:");
            md.AppendLine("  - task:");
            md.AppendLine($"      type: {Quote(TaskType(result))}");
            md.AppendLine("    dataset:");
            var data = result.Datasets.FirstOrDefault(d => d.Context == "training");
            md.AppendLine($"      name: {Quote(data?.Name ?? result.Spec.Name)}");
            md.AppendLine($"      type: {Quote(data?.Name ?? result.Spec.Name)}");
            md.AppendLine($"      split: {Quote(result.GatedOnSplit)}");
            md.AppendLine("    metrics:");
            foreach (var (name, value) in judged)
            {
                md.AppendLine($"    - type: {Quote(name)}");
                md.AppendLine($"      value: {value.ToString("R", CultureInfo.InvariantCulture)}");
                md.AppendLine($"      name: {Quote(name)}");
            }
        }
        md.AppendLine("---").AppendLine();
    }

    private static IReadOnlyDictionary<string, double> JudgedMetrics(RunResult result) =>
        (result.Metrics.GetValueOrDefault(result.GatedOnSplit) ?? new Dictionary<string, double>())
            .Where(kv => double.IsFinite(kv.Value))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>The Hub's task type (pipeline tag) of a classifier on tabular rows, images or text; fill-mask without classes (pretraining).</summary>
    private static string TaskType(RunResult result) =>
        result.Classes.Count == 0 ? "fill-mask"
        : result.Model.Architecture switch
        {
            "mlp" => "tabular-classification",
            "cnn-small" or "resnet18" or "resnet50" => "image-classification",
            "bert" or "distilbert" or "roberta" => "text-classification",
            _ => "other",
        };

    private static void AppendIntendedUse(StringBuilder md, RunResult result)
    {
        md.AppendLine("## Intended use").AppendLine();
        if (result.Classes.Count > 0)
        {
            md.AppendLine(Escape($"Classifies inputs like the training data below into {result.Classes.Count} classes: {string.Join(", ", result.Classes)}.")).AppendLine();
            md.AppendLine("In a .NET application: `FineTunedModel.Load(\"" + Escape(result.Spec.Name) + "\").Predict(...)` from MlOps.Runtime (docs/runtime.md) on the exported `onnx/` folder; its predictions equal the run's own validation scoring (predictions.csv).").AppendLine();
        }
        else
        {
            md.AppendLine("A pretrained encoder (masked language modelling) meant as the base of a later fine-tune, not to be served on its own.").AppendLine();
        }
        md.AppendLine("Out of scope: inputs unlike the training data (other sources, populations or time periods than the data below), and decisions about people without a human review: the gates below bound the risk only on the data they were measured on.").AppendLine();
    }

    private static void AppendTrainingData(StringBuilder md, RunResult result)
    {
        md.AppendLine("## Training data").AppendLine();
        if (result.Datasets.Count == 0)
        {
            md.AppendLine("Not recorded.").AppendLine();
            return;
        }
        md.AppendLine(Row(["dataset", "used for", "rows", "sha256"])).AppendLine(Separator(4));
        foreach (var d in result.Datasets)
        {
            md.AppendLine(Row([Escape(d.Name), Escape(d.Context), d.Rows.ToString(CultureInfo.InvariantCulture), "`" + d.Sha256 + "`"]));
        }
        md.AppendLine();
        md.AppendLine(Escape(string.Create(CultureInfo.InvariantCulture,
            $"After dropping rows with missing values: {result.Training.TrainRows} training, {result.Training.ValidationRows} validation and {result.Training.TestRows} test rows."))).AppendLine();
    }

    private static void AppendForgetting(StringBuilder md, RunResult result)
    {
        md.AppendLine("## Forgetting").AppendLine();
        var forgetting = result.Metrics.For(MetricSplit.Forgetting);
        var gates = result.Gates.Where(g => g.Kind == GateResultKind.Forgetting).ToList();
        if (forgetting.Count == 0 && gates.Count == 0)
        {
            md.AppendLine("Not measured (no evaluation.forgetting data): how much of the base model's original task survived is unknown.").AppendLine();
            return;
        }
        if (forgetting.Count > 0)
        {
            md.AppendLine("On the original task: " + string.Join(", ", forgetting.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{Escape(kv.Key)} {Value(kv.Value)}")) + ".").AppendLine();
        }
        foreach (var gate in gates)
        {
            md.AppendLine($"- {(gate.Passed ? "✅" : "❌")} {Escape(gate.Name)}: {Escape(gate.Message)}");
        }
        md.AppendLine();
    }

    private static void AppendLimitations(StringBuilder md, RunResult result)
    {
        md.AppendLine("## Limitations").AppendLine();
        var failed = result.Gates.Where(g => !g.Passed && !g.Skipped).Select(g => $"Gate '{g.Name}' did not pass: {g.Message}");
        var lines = failed.Concat(AdviceBuilder.Merge(result)).ToList();
        if (lines.Count == 0)
        {
            lines.Add("The run's checks raised no concern; they cover only the data above.");
        }
        foreach (var line in lines)
        {
            md.AppendLine($"- {Escape(line)}");
        }
        md.AppendLine();
    }

    private static string BaseText(RunResult result) =>
        result.Model.BaseSource?.HubId is { } id ? $" from {id}"
        : result.Model.BaseCheckpoint is { } checkpoint ? $" from {Path.GetFileName(checkpoint)}"
        : " (no pretrained checkpoint)";

    private static void AppendList(StringBuilder md, string key, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return;
        }
        md.AppendLine($"{key}:");
        foreach (var value in list)
        {
            md.AppendLine($"- {Quote(value)}");
        }
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
