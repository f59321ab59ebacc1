using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;

namespace MlOps.Core.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    private RawTable Read(string content, bool bom = false) =>
        CsvReader.Read(_files.Write("data.csv", content, bom), new DataLoadOptions(), CancellationToken.None);

    private static string Joined(RawRow row) => string.Join("|", row.Cells);

    [Fact]
    public void Quoted_fields_keep_delimiters_doubled_quotes_and_line_breaks()
    {
        var table = Read("name,text,label\r\n\"Smith, J\",\"said \"\"hi\"\"\r\nthen left\",a\r\nplain,x,b\r\n");

        Assert.Equal(["name", "text", "label"], table.Columns);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("Smith, J|said \"hi\"\r\nthen left|a", Joined(table.Rows[0]));
        Assert.Equal(2, table.Rows[0].Line);
        // The first record spans lines 2–3, so the next one starts on line 4.
        Assert.Equal(4, table.Rows[1].Line);
    }

    [Fact]
    public void A_utf8_bom_is_not_part_of_the_first_column_name()
    {
        var table = Read("age,label\n30,a\n", bom: true);

        Assert.Equal("age", table.Columns[0]);
    }

    [Fact]
    public void Semicolon_delimiter_is_detected_from_the_header()
    {
        var table = Read("amount;\"city, region\";label\n1,5;\"Bonn; NRW\";a\n");

        Assert.Equal(["amount", "city, region", "label"], table.Columns);
        Assert.Equal("1,5|Bonn; NRW|a", Joined(table.Rows[0]));
    }

    [Fact]
    public void Lf_only_files_and_blank_lines_read_the_same()
    {
        var table = Read("a,label\n1,x\n\n2,y\n");

        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(4, table.Rows[1].Line);
    }

    [Fact]
    public void An_unterminated_quote_names_the_line_where_the_record_starts()
    {
        var error = Assert.Throws<MlOpsException>(() => Read("a,b\n1,2\n3,\"open\n4,5\n"));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DataErrorCodes.CsvMalformed, diagnostic.Code);
        Assert.Equal(3, diagnostic.Location.Line);
        Assert.Equal(2, diagnostic.Location.Column);
        Assert.EndsWith("data.csv", diagnostic.Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_too_many_fields_is_an_error_on_its_line()
    {
        var error = Assert.Throws<MlOpsException>(() => Read("a,b\n1,2\n3,4,5\n"));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DataErrorCodes.CsvMalformed, diagnostic.Code);
        Assert.Equal(3, diagnostic.Location.Line);
        Assert.Contains("3 fields", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_header_name_is_an_error()
    {
        var error = Assert.Throws<MlOpsException>(() => Read("a,b,a\n1,2,3\n"));

        Assert.Equal(3, error.Diagnostics[0].Location.Column);
        Assert.Contains("'a' twice", error.Diagnostics[0].Message, StringComparison.Ordinal);
    }
}
