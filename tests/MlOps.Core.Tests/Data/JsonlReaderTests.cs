using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;

namespace MlOps.Core.Tests.Data;

public sealed class JsonlReaderTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    private RawTable Read(string content) =>
        JsonlReader.Read(_files.Write("data.jsonl", content), new DataLoadOptions(), CancellationToken.None);

    private static string Joined(RawRow row) => string.Join("|", row.Cells.Select(c => c ?? "<null>"));

    [Fact]
    public void Numbers_strings_booleans_and_null_become_cells()
    {
        var table = Read("{\"x\": 1.5e2, \"name\": \"a \\\"b\\\"\", \"ok\": true, \"note\": null}\n{\"x\": -3, \"name\": \"c\", \"ok\": false}\n");

        Assert.Equal(["x", "name", "ok", "note"], table.Columns);
        Assert.Equal("1.5e2|a \"b\"|true|<null>", Joined(table.Rows[0]));
        // An absent key is a missing value, like null.
        Assert.Equal("-3|c|false|<null>", Joined(table.Rows[1]));
        Assert.Equal(2, table.Rows[1].Line);
    }

    [Fact]
    public void Invalid_json_names_its_line()
    {
        var error = Assert.Throws<MlOpsException>(() => Read("{\"x\": 1}\n\n{\"x\": }\n"));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DataErrorCodes.JsonlMalformed, diagnostic.Code);
        Assert.Equal(3, diagnostic.Location.Line);
    }

    [Fact]
    public void A_key_the_first_object_lacks_is_an_error()
    {
        var error = Assert.Throws<MlOpsException>(() => Read("{\"x\": 1}\n{\"x\": 2, \"y\": 3}\n"));

        Assert.Equal(2, error.Diagnostics[0].Location.Line);
        Assert.Contains("'y'", error.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_values_are_rejected_with_the_key()
    {
        var error = Assert.Throws<MlOpsException>(() => Read("{\"x\": [1, 2]}\n"));

        Assert.Contains("'x'", error.Diagnostics[0].Message, StringComparison.Ordinal);
    }
}
