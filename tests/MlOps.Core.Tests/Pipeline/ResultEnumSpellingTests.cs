using System.Text.Json;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>The typed outcomes keep the spellings docs/result-json.md promises, in and out of result.json.</summary>
public sealed class ResultEnumSpellingTests
{
    public static TheoryData<Enum, string> Spellings() => new()
    {
        { RunVerdict.Passed, "passed" },
        { RunVerdict.Failed, "failed" },
        { RunVerdict.Stopped, "stopped" },
        { StopReason.Completed, "completed" },
        { StopReason.EarlyStopped, "early_stopped" },
        { StopReason.BudgetExhausted, "budget_exhausted" },
        { StopReason.Interrupted, "interrupted" },
        { GateResultKind.Metric, "metric" },
        { GateResultKind.Overfit, "overfit" },
        { GateResultKind.Forgetting, "forgetting" },
        { GateResultKind.Baseline, "baseline" },
        { GateResultKind.Champion, "champion" },
        { GateResultKind.Bias, "bias" },
        { GateResultKind.Export, "export" },
        { CheckpointSourceKind.File, "file" },
        { CheckpointSourceKind.Folder, "folder" },
        { CheckpointSourceKind.Hub, "hub" },
        { MetricSplit.Train, "train" },
        { MetricSplit.Validation, "validation" },
        { MetricSplit.Test, "test" },
        { MetricSplit.Forgetting, "forgetting" },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Each_value_is_written_read_and_shown_as_documented(Enum value, string spelling)
    {
        var json = JsonSerializer.Serialize(value, value.GetType(), RunResultJson.Options);

        Assert.Equal($"\"{spelling}\"", json);
        Assert.Equal(value, JsonSerializer.Deserialize(json, value.GetType(), RunResultJson.Options));
        Assert.Equal(spelling, JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));
    }

    [Fact]
    public void JsonName_shows_what_result_json_holds() =>
        Assert.Equal(("early_stopped", "passed", "hub"), (JsonName.Of(StopReason.EarlyStopped), JsonName.Of(RunVerdict.Passed), JsonName.Of(CheckpointSourceKind.Hub)));

    [Fact]
    public void A_split_reads_its_metrics_by_its_result_json_key_and_an_absent_split_reads_empty()
    {
        var bySplit = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.9 } };

        Assert.Equal(0.9, bySplit.For(MetricSplit.Validation)["accuracy"]);
        Assert.Empty(bySplit.For(MetricSplit.Forgetting));
    }

    [Fact]
    public void Every_value_of_every_result_enum_is_covered() =>
        Assert.Equal(
            Enum.GetValues<RunVerdict>().Length + Enum.GetValues<StopReason>().Length + Enum.GetValues<GateResultKind>().Length + Enum.GetValues<CheckpointSourceKind>().Length
                + Enum.GetValues<MetricSplit>().Length,
            Spellings().Count);
}
