using System.Globalization;
using System.Text.Json;
using MlOps.Contracts.Results;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Fairness;

/// <summary>
/// Issue 16, "Fairness at the edges", through `mlops run`: missing sensitive values, the favourable
/// outcome, small groups that hide the worst one, mistakes caught before training, undefined values
/// as null, and predictions.csv from which an auditor recomputes the metrics.
/// </summary>
public sealed class FairnessEdgeTests : IDisposable
{
    private readonly SampleRepo repo = new();

    private string Out => Path.Combine(repo.Root, "out");

    /// <summary>a, b: features; sex: the group (F, M, and 4 rows of X); label approve/deny learnable from a.</summary>
    private static string Csv(int rows, Func<int, string>? sex = null)
    {
        sex ??= i => i % 15 == 14 ? "X" : i % 2 == 0 ? "F" : "M";
        return "a,b,sex,label\n" + string.Concat(Enumerable.Range(0, rows).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i % 3 + (i % 2 == 0 ? 0.4 : 0)},{i % 5},{sex(i)},{(i % 3 == 0 ? "deny" : "approve")}\n")));
    }

    private string Spec(string bias, string sensitive = "[sex]", string? validation = null, string? train = null)
    {
        repo.Write("data/train.csv", train ?? Csv(90));
        repo.Write("data/val.csv", validation ?? Csv(60));
        return repo.Write("spec.yaml", $$"""
            name: fair-edges
            seed: 3
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data:
              train: data/train.csv
              validation: data/val.csv
              label: label
              sensitive: {{sensitive}}
            training: { epochs: 2, batch_size: 16, optimizer: { lr: 0.01 }, threads: 1 }
            bias:
            {{bias}}
            tracking: { experiment: fair-edges }
            """);
    }

    private static void AssertRefusedBeforeTraining(Mlops.Result result, string code, string where)
    {
        Assert.True(result.Exit == 2, result.All);
        Assert.True(result.All.Contains($"{where}: error {code}:", StringComparison.Ordinal), result.All);
        Assert.DoesNotContain("epoch 1", result.All, StringComparison.OrdinalIgnoreCase);
    }

    private RunResult Result() => RunResultFile.Read(Path.Combine(Out, "result.json"));

    [Fact]
    public void A_missing_sensitive_value_is_an_error_naming_the_row_by_default()
    {
        var validation = Csv(60, i => i == 7 ? "" : i == 8 ? "unknown" : i % 2 == 0 ? "F" : "M");
        var spec = Spec("  - { attribute: sex, metric: demographic_parity_difference, max: 1, min_group_size: 1 }", validation: validation);

        var result = Mlops.Run(spec, Out);

        var val = Path.Combine(repo.Root, "data", "val.csv");
        Assert.True(result.Exit == 2, result.All);
        Assert.Contains($"{val}(9,3): error MLOPS205:", result.All, StringComparison.Ordinal);
        Assert.Contains("sensitive attribute 'sex'", result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out), "a refused run leaves no output folder");
    }

    [Fact]
    public void Missing_as_a_group_is_never_merged_with_a_literal_unknown()
    {
        var validation = Csv(60, i => i % 10 == 7 ? "NA" : i % 10 == 8 ? "unknown" : i % 2 == 0 ? "F" : "M");
        var spec = Spec("  - { attribute: sex, metric: equalized_odds_difference, max: 1, min_group_size: 1 }",
            sensitive: "[{ name: sex, missing: group }]", validation: validation, train: Csv(90, i => i % 9 == 4 ? "" : i % 2 == 0 ? "F" : "M"));

        var result = Mlops.Run(spec, Out);

        Assert.True(result.Exit == 0, result.All);
        var groups = Result().Fairness.Single().Groups;
        Assert.Equal(6, groups.Single(g => g.Group == "(missing)").Count);
        Assert.Equal(6, groups.Single(g => g.Group == "unknown").Count);
    }

    [Fact]
    public void Missing_drop_leaves_the_row_out_of_the_check_only_and_blank_cells_under_bins_follow_it()
    {
        var rows = Csv(60).Split('\n').ToList();
        var cells = rows[5].Split(',');
        rows[5] = $"{cells[0]},,{cells[2]},{cells[3]}"; // b blank: a binned attribute's missing cell (file line 6)
        var spec = Spec("  - { attribute: bucket, metric: demographic_parity_difference, max: 1, min_group_size: 1, groups: all }",
            sensitive: "[{ name: bucket, column: b, bins: [2], missing: drop, use_as_feature: false }]",
            validation: string.Join('\n', rows));

        var result = Mlops.Run(spec, Out);

        Assert.True(result.Exit == 0, result.All);
        var fairness = Result().Fairness.Single();
        Assert.Equal(59, fairness.Groups.Sum(g => g.Count));
        Assert.DoesNotContain(fairness.Groups, g => g.Group is "unknown" or "(missing)");
        var lines = File.ReadAllLines(Path.Combine(Out, "predictions.csv"));
        Assert.Equal(61, lines.Length);
        Assert.EndsWith(",", lines[5], StringComparison.Ordinal); // the dropped row's group cell is empty
    }

    [Fact]
    public void The_favourable_label_drives_selection_rates_and_the_report_names_it()
    {
        var spec = Spec("""
              - { attribute: sex, metric: demographic_parity_difference, max: 1, min_group_size: 1 }
              - { attribute: sex, metric: disparate_impact, min: 0, min_group_size: 1, favourable_label: approve }
            """);

        var result = Mlops.Run(spec, Out);

        Assert.True(result.Exit == 0, result.All);
        var run = Result();
        Assert.Equal("deny", run.Fairness[0].FavourableLabel);   // default: the positive label (second in sorted order)
        Assert.Equal("approve", run.Fairness[1].FavourableLabel);
        var predictions = PredictionsFile.Read(Path.Combine(Out, "predictions.csv"));
        foreach (var g in run.Fairness[1].Groups)
        {
            var rows = predictions.Where(p => p.Sensitive["sex"] == g.Group).ToList();
            Assert.Equal(rows.Count(p => p.Predicted == "approve") / (double)rows.Count, g.SelectionRate, 12);
        }
        Assert.Contains("Favourable outcome: a prediction of approve", File.ReadAllText(Path.Combine(Out, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_excluded_small_group_is_reported_beside_and_a_gate_can_choose_all_groups()
    {
        var spec = Spec("""
              - { attribute: sex, metric: demographic_parity_difference, max: 1, min_group_size: 10 }
              - { attribute: sex, metric: demographic_parity_difference, max: 1, min_group_size: 10, groups: all }
            """);

        var result = Mlops.Run(spec, Out);

        Assert.True(result.Exit == 0, result.All);
        var run = Result();
        Assert.True(run.Fairness[0].Groups.Single(g => g.Group == "X").Excluded);
        var predictions = PredictionsFile.Read(Path.Combine(Out, "predictions.csv"));
        double Rate(string group) => predictions.Where(p => p.Sensitive["sex"] == group).Average(p => p.Predicted == "deny" ? 1.0 : 0.0);
        double[] sized = [Rate("F"), Rate("M")];
        double[] all = [Rate("F"), Rate("M"), Rate("X")];
        Assert.Equal(sized.Max() - sized.Min(), run.Fairness[0].Value!.Value, 12);
        Assert.Equal(all.Max() - all.Min(), run.Fairness[0].ValueAllGroups!.Value, 12);
        Assert.Equal("sized", run.Fairness[0].GatedOn);
        Assert.Equal("all", run.Fairness[1].GatedOn);
        Assert.Equal(run.Fairness[0].Value, run.Gates.Single(g => g.Location.Line == 11).Actual);
        Assert.Equal(run.Fairness[1].ValueAllGroups, run.Gates.Single(g => g.Location.Line == 12).Actual);
    }

    [Fact]
    public void A_misspelt_privileged_group_is_refused_before_training_with_did_you_mean()
    {
        var spec = Spec("  - { attribute: sex, metric: disparate_impact, min: 0.8, privileged: f, min_group_size: 1 }");

        var result = Mlops.Run(spec, Out);

        AssertRefusedBeforeTraining(result, "MLOPS606", $"{spec}(11,5)");
        Assert.Contains("did you mean 'F'?", result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void An_excluded_privileged_group_is_refused_before_training()
    {
        var spec = Spec("  - { attribute: sex, metric: disparate_impact, min: 0.8, privileged: X, min_group_size: 10 }");

        AssertRefusedBeforeTraining(Mlops.Run(spec, Out), "MLOPS606", $"{spec}(11,5)");
    }

    [Fact]
    public void Every_group_too_small_is_refused_before_training()
    {
        var spec = Spec("  - { attribute: sex, metric: equalized_odds_difference, max: 0.1, min_group_size: 500 }");

        var result = Mlops.Run(spec, Out);

        AssertRefusedBeforeTraining(result, "MLOPS608", $"{spec}(11,5)");
        Assert.Contains("every group of 'sex' in the validation data is smaller than min_group_size 500", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void A_favourable_label_that_is_no_class_is_refused_before_training()
    {
        var spec = Spec("  - { attribute: sex, metric: disparate_impact, min: 0.8, favourable_label: aprove, min_group_size: 1 }");

        var result = Mlops.Run(spec, Out);

        AssertRefusedBeforeTraining(result, "MLOPS607", $"{spec}(11,5)");
        Assert.Contains("did you mean 'approve'?", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_catches_a_favourable_label_that_is_no_class_without_training()
    {
        var spec = Spec("  - { attribute: sex, metric: disparate_impact, min: 0.8, favourable_label: Approve, min_group_size: 1 }");

        var result = Mlops.Invoke(TimeSpan.FromMinutes(1), "validate", spec);

        Assert.True(result.Exit == 2, result.All);
        Assert.Contains($"{spec}(11,5): error MLOPS607:", result.All, StringComparison.Ordinal);
        Assert.Contains("did you mean 'approve'?", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Predictions_csv_holds_every_validation_row_and_reaches_mlflow()
    {
        var spec = Spec("  - { attribute: sex, metric: equalized_odds_difference, max: 1, min_group_size: 1 }");

        var result = Mlops.Run(spec, Out);

        Assert.True(result.Exit == 0, result.All);
        var run = Result();
        Assert.Equal(Path.Combine(Out, "predictions.csv"), run.Outputs.Predictions);
        var header = File.ReadLines(run.Outputs.Predictions!).First();
        Assert.Equal("split,row,source_line,true_label,predicted_label,probability_approve,probability_deny,sensitive_sex", header);
        var predictions = PredictionsFile.Read(run.Outputs.Predictions!);
        Assert.Equal(60, predictions.Count);
        Assert.Equal(Enumerable.Range(2, 60), predictions.Select(p => p.SourceLine));
        // Accuracy recomputed from the file equals the run's own.
        Assert.Equal(run.Metrics["validation"]["accuracy"], predictions.Average(p => p.True == p.Predicted ? 1.0 : 0.0), 12);
        var artifacts = Path.Combine(repo.Root, "mlruns", run.Tracking!.ExperimentId, run.Tracking.RunId, "artifacts", "predictions.csv");
        Assert.True(File.Exists(artifacts), "predictions.csv is an MLflow artifact");
    }

    [Fact]
    public void An_undefined_fairness_value_is_written_as_null_and_reads_back()
    {
        // Nobody can be predicted 'deny' in a group of one 'approve' row: a ratio over such groups may be 0/0.
        var run = new FairnessResult { Attribute = "sex", Metric = "demographic_parity_ratio", Value = null, ValueAllGroups = 0.5 };
        var json = JsonSerializer.Serialize(new { fairness = run, metric = double.NaN }, RunResultJson.Options);

        Assert.Contains("\"value\": null", json, StringComparison.Ordinal);
        Assert.Contains("\"metric\": null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.True(double.IsNaN(JsonSerializer.Deserialize<double>("null", RunResultJson.Options)));
        Assert.True(double.IsNaN(JsonSerializer.Deserialize<double>("\"NaN\"", RunResultJson.Options)), "files written before still read");
    }

    public void Dispose() => repo.Dispose();
}
