using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Data;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>`mlops run` on Parquet files: the same task as CSV, trained, evaluated and gated end to end.</summary>
public sealed class ParquetRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    private string Parquet(string name, int rows, int seed) =>
        Path.GetRelativePath(repo.Root, ParquetTestFile.FromCsv(repo.PathOf(repo.WriteCsv(name + ".csv", rows, seed, ["p", "q", "r"])), repo.PathOf(Path.Combine("data", name + ".parquet"))));

    [Fact]
    public void A_parquet_file_drives_a_run_end_to_end()
    {
        var spec = repo.WriteSpec("parquet.yaml", $$"""
            name: parquet-run
            seed: 5
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data:
              format: parquet
              train: {{Parquet("train", 120, 1)}}
              validation: {{Parquet("val", 40, 2)}}
              label: label
              sensitive: [group]
            training: { epochs: 3, batch_size: 16, optimizer: { type: adamw, lr: 0.01 }, threads: 1 }
            gates:
              - { metric: accuracy, min: 0.5 }
            """);
        var observer = new RecordingObserver();

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out") }, observer, CancellationToken.None);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics));
        var result = outcome.Result!;
        Assert.Equal((120, 40), (result.Datasets.Single(d => d.Context == "training").Rows, result.Datasets.Single(d => d.Context == "validation").Rows));
        Assert.All(result.Gates, g => Assert.True(g.Passed, g.Name));
        Assert.True(result.Metrics.For(MetricSplit.Validation)["accuracy"] > 0.5);
    }

    [Fact]
    public void A_file_that_is_not_parquet_stops_the_run_with_exit_2()
    {
        var notParquet = repo.WriteCsv("fake.parquet", 40, 1, ["p", "q"]);
        var spec = repo.WriteSpec("fake.yaml", $$"""
            name: fake-parquet
            base: { model: mlp, checkpoint: none }
            data: { format: parquet, train: {{notParquet}}, label: label }
            """);
        var observer = new RecordingObserver();

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out-fake") }, observer, CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        Assert.Equal(MlOps.Core.Data.DataErrorCodes.ParquetMalformed, Assert.Single(observer.Diagnostics, d => d.IsError).Code);
        Assert.False(Directory.Exists(repo.PathOf("out-fake")) && Directory.EnumerateFiles(repo.PathOf("out-fake"), "result.json", SearchOption.AllDirectories).Any());
    }

    public void Dispose() => repo.Dispose();
}
