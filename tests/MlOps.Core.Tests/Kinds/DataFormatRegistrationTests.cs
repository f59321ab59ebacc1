using System.Text.Json.Nodes;
using MlOps.Core.Data.Formats;
using MlOps.Specs;
using MlOps.Specs.Formats;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Kinds;

/// <summary>A data format is two halves tied by its <see cref="DataFormat"/>: the spec half (DataFormats) and the run half (DataFormatLoaders).</summary>
public sealed class DataFormatRegistrationTests
{
    [Fact]
    public void Every_data_format_has_one_spec_half_and_one_run_half()
    {
        var formats = Enum.GetValues<DataFormat>();
        Assert.Equal(formats, DataFormats.All.Select(d => d.Format).Order());
        Assert.Equal(formats, DataFormatLoaders.All.Select(l => l.Format).Order());
    }

    [Fact]
    public void A_table_format_is_read_as_a_table_and_a_label_files_format_loads_itself()
    {
        Assert.All(DataFormats.All, d => Assert.Equal(d.Layout == DataLayout.Table, DataFormatLoaders.Of(d.Format) is TableFormatLoader));
    }

    [Fact]
    public void The_JSON_Schema_offers_exactly_the_registered_format_names()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(SourceTree.Root, "schema", SpecSchema.FileName)))!;
        var names = schema["properties"]!["data"]!["properties"]!["format"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(DataFormats.All.Select(d => d.Name), names);
    }
}
