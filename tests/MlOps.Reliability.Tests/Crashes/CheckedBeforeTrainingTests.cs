using System.Globalization;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Reliability.Tests.Crashes;

/// <summary>
/// Specs and data that validated, trained, and then crashed (issue 16): each is now refused before
/// training at its line and column, exit 2, with nothing written; a run MLflow refuses is never left RUNNING.
/// </summary>
public sealed class CheckedBeforeTrainingTests : IDisposable
{
    private readonly SampleRepo repo = new();

    public void Dispose() => repo.Dispose();

    private string Output => Path.Combine(repo.Root, "out");

    private void AssertRefusedBeforeTraining(Mlops.Result result, string file, string code, int line, int column)
    {
        Assert.True(result.Exit == 2, result.All);
        Assert.Contains($"{file}({line},{column}): error {code}:", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("» training", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("MLOPS999", result.All, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output), "nothing written");
    }

    [Fact]
    public void A_registered_model_name_with_a_slash_is_refused_at_its_line()
    {
        var spec = TinySpec.Write(repo, extra: "tracking: { experiment: reliability, register_as: \"team/model\" }");
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("tracking: { experiment: reliability }\n", "", StringComparison.Ordinal));

        var result = Mlops.Run(spec, Output);

        AssertRefusedBeforeTraining(result, spec, "MLOPS017", 8, 51);
        Assert.Contains("'/'", result.All, StringComparison.Ordinal);
        var validate = Mlops.Invoke(TimeSpan.FromMinutes(1), "validate", spec);
        Assert.True(validate.Exit == 2, validate.All);
    }

    [Fact]
    public void A_name_of_100000_characters_is_refused_at_its_line()
    {
        var spec = TinySpec.Write(repo);
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("name: tiny", "name: " + new string('n', 100_000), StringComparison.Ordinal));

        var result = Mlops.Run(spec, Output);

        AssertRefusedBeforeTraining(result, spec, "MLOPS017", 1, 7);
        Assert.Contains("100,000 characters", result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("optimizer: { type: sgd, lr: 1e300 }")]
    [InlineData("optimizer: { type: adamw, lr: 0.01, weight_decay: 1e300 }")]
    public void An_optimizer_setting_no_float_holds_is_refused_at_its_line(string optimizer)
    {
        var spec = TinySpec.Write(repo);
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("optimizer: { lr: 0.01 }", optimizer, StringComparison.Ordinal));

        var result = Mlops.Run(spec, Output);

        Assert.True(result.Exit == 2, result.All);
        Assert.Contains("error MLOPS015:", result.All, StringComparison.Ordinal);
        Assert.Contains(spec + "(5,", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("» training", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void A_1e300_cell_in_a_numeric_training_column_is_named_before_training()
    {
        var csv = TinySpec.Csv().Split('\n');
        csv[6] = "1e300," + csv[6].Split(',', 2)[1];
        var spec = TinySpec.Write(repo, csv: string.Join('\n', csv));

        var result = Mlops.Run(spec, Output);

        AssertRefusedBeforeTraining(result, Path.Combine(repo.Root, "data", "tiny.csv"), "MLOPS218", 7, 1);
    }

    [Fact]
    public void A_validation_value_beyond_a_float_once_scaled_is_named()
    {
        repo.Write("data/val.csv", "a,b,label\n1,2,yes\n1e300,2,no\n");
        var spec = TinySpec.Write(repo);
        File.WriteAllText(spec, File.ReadAllText(spec).Replace("split: { validation: 0.25 }", "validation: ../data/val.csv", StringComparison.Ordinal));

        var result = Mlops.Run(spec, Output);

        AssertRefusedBeforeTraining(result, Path.Combine(repo.Root, "data", "val.csv"), "MLOPS218", 3, 1);
    }

    [Fact]
    public void A_run_the_server_refuses_after_it_started_ends_FAILED_not_RUNNING()
    {
        using var server = new FakeMlflowServer();
        server.Enqueue(new Fault(400, """{"error_code": "INVALID_PARAMETER_VALUE", "message": "refused"}""", PathContains: "runs/log-batch"));

        var result = Mlops.Run(TinySpec.Write(repo), Output, "--tracking-uri", server.Uri.AbsoluteUri);

        Assert.True(result.Exit == 0, result.All);
        Assert.Contains("MLOPS703", result.All, StringComparison.Ordinal);
        var run = Assert.Single(server.State.Runs.Values);
        Assert.Equal("FAILED", run.Status);
        Assert.True(run.EndTime > 0, string.Create(CultureInfo.InvariantCulture, $"end time {run.EndTime}"));
    }
}
