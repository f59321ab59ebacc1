using MlOps.Specs;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>hf://datasets/… locations in data.train, data.validation and data.test: syntax only, no network.</summary>
public sealed class HubDatasetSpecTests : IDisposable
{
    private readonly SpecSandbox sandbox = new();

    private static string Spec(string dataLines) => $"""
        name: hub-data
        base: {"{"} model: mlp, checkpoint: none {"}"}
        data:
        {dataLines}
          label: label
        """;

    [Fact]
    public void A_dataset_location_binds_to_its_canonical_spelling_with_parquet_as_the_format()
    {
        var result = sandbox.Load(Spec("  train: hf://datasets/org/reviews\n  validation: hf://datasets/org/reviews@v2/dev\n  test: hf://datasets/org/reviews@refs%2Fconvert%2Fparquet/plain/test"));

        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        var data = result.Spec!.Data;
        Assert.Equal(DataFormat.Parquet, data.Format);
        Assert.Equal("hf://datasets/org/reviews@main/train", data.Train); // the key's name is the split
        Assert.Equal("hf://datasets/org/reviews@v2/dev", data.Validation);
        Assert.Equal("hf://datasets/org/reviews@refs%2Fconvert%2Fparquet/plain/test", data.Test);
        var test = HubDatasetLocation.Parse(data.Test!);
        Assert.Equal(("org/reviews", "refs/convert/parquet", "plain", "test", HubRepoKind.Dataset), (test.Repo.RepoId, test.Repo.Revision, test.Config, test.Split, test.Repo.Kind));
        Assert.Equal("datasets--org--reviews", test.Repo.CacheFolderName);
    }

    [Theory]
    [InlineData("hf://datasets/reviews")]
    [InlineData("hf://datasets/org/reviews/a/b/c")]
    [InlineData("hf://datasets/org/re views")]
    [InlineData("hf://datasets/org/reviews@")]
    public void A_malformed_dataset_location_is_an_error_at_its_line(string written)
    {
        var result = sandbox.Load(Spec($"  train: {written}"));

        var error = DiagnosticAssert.Has(result, SpecErrorCodes.HubDatasetLocationInvalid, 4, 10);
        Assert.Contains("hf://datasets/<owner>/<name>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_location_with_another_format_is_an_error_at_the_format()
    {
        var result = sandbox.Load(Spec("  format: csv\n  train: hf://datasets/org/reviews"));

        var error = DiagnosticAssert.Has(result, SpecErrorCodes.HubDatasetNotParquet, 4, 3);
        Assert.Contains("format: parquet", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => sandbox.Dispose();
}
