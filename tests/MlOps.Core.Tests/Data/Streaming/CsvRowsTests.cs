using System.Text;
using MlOps.Core.Data;
using MlOps.Core.Data.Streaming;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data.Streaming;

/// <summary>The byte tokenizer's edges: records across its 64 KiB buffer, UTF-16 files, numbers classified from bytes as from text.</summary>
public sealed class CsvRowsTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_quoted_field_longer_than_the_buffer_keeps_its_text_and_the_next_record_its_line()
    {
        var big = string.Join("\n", Enumerable.Range(0, 9000).Select(i => $"line {i} \"\"q\"\""));
        var table = CsvReader.Read(_files.Write("big.csv", $"text,label\n\"{big}\",a\n1,b\n"), new DataLoadOptions(), CancellationToken.None);

        Assert.Equal(big.Replace("\"\"", "\"", StringComparison.Ordinal), table.Rows[0].Cells[0]);
        Assert.Equal(2 + 9000, table.Rows[1].Line);
    }

    [Fact]
    public void A_utf16_file_with_a_byte_order_mark_reads_as_its_utf8_twin()
    {
        const string content = "name;amount;label\r\n\"Müller; K\";1,5;a\r\n\r\nZoë;2;b\r\n";
        var utf8 = CsvReader.Read(_files.Write("u8.csv", content), new DataLoadOptions(), CancellationToken.None);
        var path = Path.Combine(_files.Folder, "u16.csv");
        File.WriteAllText(path, content, new UnicodeEncoding(bigEndian: false, byteOrderMark: true));

        var utf16 = CsvReader.Read(path, new DataLoadOptions(), CancellationToken.None);

        Assert.Equal(utf8.Columns, utf16.Columns);
        Assert.Equal(utf8.Rows.Select(r => (r.Line, string.Join("|", r.Cells))), utf16.Rows.Select(r => (r.Line, string.Join("|", r.Cells))));
    }

    [Theory]
    [InlineData("12.375")]
    [InlineData(" -0.000 ")]
    [InlineData("+7")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1e-7")]
    [InlineData("123456789012345678")]
    [InlineData("0.1234567890123456789")]
    [InlineData("1e400")]
    [InlineData("-Infinity")]
    [InlineData("NaN")]
    [InlineData(" na ")]
    [InlineData("")]
    [InlineData("12a")]
    [InlineData("-")]
    [InlineData("1 2")]
    [InlineData("\t3.25\t")]
    public void A_cell_classified_from_its_bytes_equals_the_same_cell_classified_as_text(string cell)
    {
        var fromBytes = NumberText.Classify(Encoding.UTF8.GetBytes(cell), out var a);
        var fromText = TableRows.ClassifyText(cell, out var b);

        Assert.Equal(fromText, fromBytes);
        Assert.Equal(BitConverter.DoubleToInt64Bits(b), BitConverter.DoubleToInt64Bits(a));
    }

    [Fact]
    public void Auto_goes_out_of_core_only_past_a_quarter_of_the_available_memory()
    {
        var quarter = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;

        Assert.False(TabularDataLoader.OutOfCore(OutOfCoreMode.Auto, quarter));
        Assert.True(TabularDataLoader.OutOfCore(OutOfCoreMode.Auto, quarter + 1));
        Assert.True(TabularDataLoader.OutOfCore(OutOfCoreMode.Always, 1));
        Assert.False(TabularDataLoader.OutOfCore(OutOfCoreMode.Never, long.MaxValue));
    }
}
