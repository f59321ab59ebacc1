using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Specs.Formats;
using MlOps.Specs.Model;
using Parquet.Schema;

namespace MlOps.Core.Tests.Data;

/// <summary>
/// data.format: parquet against the same data as CSV: every column type, nulls, several row groups,
/// shards; and the faults (not Parquet, truncated, nested or unsupported columns) as errors by file and column.
/// </summary>
public sealed class ParquetReaderTests : IDisposable
{
    private readonly DataFixture fixture = new();

    private static readonly ParquetSchema AllTypes = new(
        new DataField<int?>("i32"),
        new DataField<long>("i64"),
        new DataField<float>("f32"),
        new DataField<double?>("f64"),
        new DecimalDataField("dec", 10, 3, isNullable: true),
        new DataField<bool?>("flag"),
        new DataField<string>("color", true),
        new DataField<string>("label"));

    private static Dictionary<string, object?> Row(int? i32, long i64, float f32, double? f64, decimal? dec, bool? flag, string? color, string label) => new()
    {
        ["i32"] = i32, ["i64"] = i64, ["f32"] = f32, ["f64"] = f64, ["dec"] = dec, ["flag"] = flag, ["color"] = color, ["label"] = label,
    };

    private static readonly List<Dictionary<string, object?>> Rows =
    [
        Row(1, 10_000_000_000, 0.1f, 1.5, 1.250m, true, "red", "yes"),
        Row(null, -2, 2.5f, null, -3.5m, false, "blue", "no"),
        Row(3, 3, -0.75f, 1e-7, null, null, null, "yes"),
        Row(-4, 4, 1e10f, -2.25, 0.001m, true, "red", "no"),
        Row(5, 5, 3.14159f, 100.0, 12.5m, false, "green", "yes"),
        Row(6, 6, 0f, 0.3, 7m, true, "blue", "no"),
        Row(7, 7, 1.25f, 4.0, 2.5m, false, "red", "yes"),
    ];

    /// <summary>The same rows as pandas writes them to CSV (an empty cell for null).</summary>
    private const string SameAsCsv = """
        i32,i64,f32,f64,dec,flag,color,label
        1,10000000000,0.1,1.5,1.25,true,red,yes
        ,-2,2.5,,-3.5,false,blue,no
        3,3,-0.75,1e-07,,,,yes
        -4,4,10000000000.0,-2.25,0.001,true,red,no
        5,5,3.14159,100.0,12.5,false,green,yes
        6,6,0.0,0.3,7.0,true,blue,no
        7,7,1.25,4.0,2.5,false,red,yes
        """;

    private static string Cells(RawRow row) => string.Join('|', row.Cells.Select(c => c ?? "∅"));

    private string WriteAllTypes(string name = "all.parquet", int rowGroupSize = 3) =>
        ParquetTestFile.Write(Path.Combine(fixture.Folder, name), AllTypes, Rows, rowGroupSize);

    [Fact]
    public void Every_column_type_reads_row_group_by_row_group_with_nulls_as_missing_cells()
    {
        var table = ParquetReader.Read(WriteAllTypes(), new DataLoadOptions(), CancellationToken.None);

        Assert.Equal(["i32", "i64", "f32", "f64", "dec", "flag", "color", "label"], table.Columns);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], table.Rows.Select(r => r.Line)); // row numbers across the three row groups
        // ∅: null, a missing value.
        Assert.Equal("1|10000000000|0.1|1.5|1.250|true|red|yes", Cells(table.Rows[0]));
        Assert.Equal("∅|-2|2.5|∅|-3.500|false|blue|no", Cells(table.Rows[1]));
        Assert.Equal("3|3|-0.75|1E-07|∅|∅|∅|yes", Cells(table.Rows[2]));
        Assert.Equal("-4|4|1E+10|-2.25|0.001|true|red|no", Cells(table.Rows[3]));
        Assert.Equal("3.14159", table.Rows[4].Cells[2]); // float32 keeps its shortest text, as pandas writes it
    }

    [Fact]
    public void Parquet_and_the_same_data_as_csv_encode_to_identical_tensors()
    {
        var parquet = WriteAllTypes();
        var csv = fixture.Write("all.csv", SameAsCsv);
        DataSpec Spec(DataFormat format, string path) => new()
        {
            Format = format, Train = path, Validation = path, Label = "label", Missing = MissingValuePolicy.Impute,
        };

        var fromParquet = DatasetLoader.Load(DataFixture.Spec(Spec(DataFormat.Parquet, parquet)));
        var fromCsv = DatasetLoader.Load(DataFixture.Spec(Spec(DataFormat.Csv, csv)));

        Assert.Equal(fromCsv.Classes, fromParquet.Classes);
        Assert.Equal(fromCsv.Train.Labels, fromParquet.Train.Labels);
        Assert.Equal(fromCsv.Encoder.Columns.Select(c => (c.Name, c.Kind)), fromParquet.Encoder.Columns.Select(c => (c.Name, c.Kind)));
        Assert.Equal(fromCsv.Train.Features, fromParquet.Train.Features);
        Assert.Equal(fromCsv.Validation.Features, fromParquet.Validation.Features);
        Assert.Equal(7, fromParquet.Datasets[0].Rows);
    }

    [Fact]
    public void A_text_column_tokenizes_as_the_same_text_from_csv()
    {
        using var tokenizers = new MlOps.Core.Tests.Text.TokenizerFiles();
        var schema = new ParquetSchema(new DataField<string>("text"), new DataField<string>("label"));
        var parquet = ParquetTestFile.Write(Path.Combine(fixture.Folder, "text.parquet"), schema,
            [new() { ["text"] = "the dog, the fox", ["label"] = "pos" }, new() { ["text"] = "lazy dog", ["label"] = "neg" }, new() { ["text"] = "the fox", ["label"] = "pos" }], 2);
        var csv = fixture.Write("text.csv", "text,label\n\"the dog, the fox\",pos\nlazy dog,neg\nthe fox,pos\n");
        DataSpec Spec(DataFormat format, string path) => new()
        {
            Format = format, Train = path, Validation = path, Text = "text", MaxLength = 8, Tokenizer = tokenizers.BertVocabTxt(),
        };

        var fromParquet = DatasetLoader.Load(DataFixture.Spec(Spec(DataFormat.Parquet, parquet)));
        var fromCsv = DatasetLoader.Load(DataFixture.Spec(Spec(DataFormat.Csv, csv)));

        Assert.True(fromParquet.Encoder.IsText);
        Assert.Equal(fromCsv.Train.Features, fromParquet.Train.Features);
        Assert.Equal(fromCsv.Train.Lengths!, fromParquet.Train.Lengths!);
        Assert.Equal(fromCsv.Train.Labels, fromParquet.Train.Labels);
    }

    [Fact]
    public void A_null_under_missing_error_is_named_by_file_row_and_column()
    {
        var parquet = WriteAllTypes();
        var spec = DataFixture.Spec(new DataSpec { Format = DataFormat.Parquet, Train = parquet, Validation = parquet, Label = "label" });

        var error = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(spec)).Diagnostics.Single();

        Assert.Equal(DataErrorCodes.MissingValue, error.Code);
        Assert.Equal((parquet, 2), (error.Location.File, error.Location.Line)); // row 2: i32 is null
        Assert.Contains("'i32'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_footer_gives_the_row_count_without_reading_the_data()
    {
        Assert.Equal(7, DataFormats.Of(DataFormat.Parquet).CountRows(WriteAllTypes()));
        Assert.Null(DataFormats.Of(DataFormat.Parquet).CountRows(fixture.Write("x.csv", SameAsCsv)));
    }

    [Fact]
    public void Shards_are_one_table_in_name_order()
    {
        var schema = new ParquetSchema(new DataField<int>("x"), new DataField<string>("label"));
        Dictionary<string, object?> R(int x) => new() { ["x"] = x, ["label"] = x % 2 == 0 ? "even" : "odd" };
        ParquetTestFile.Write(Path.Combine(fixture.Folder, "train-00001-of-00002.parquet"), schema, [R(3), R(4)], 1);
        ParquetTestFile.Write(Path.Combine(fixture.Folder, "train-00000-of-00002.parquet"), schema, [R(1), R(2)], 1);

        var table = ParquetReader.Read(Path.Combine(fixture.Folder, "train-*.parquet"), new DataLoadOptions(), CancellationToken.None);

        Assert.Equal(["1", "2", "3", "4"], table.Rows.Select(r => r.Cells[0]));
        Assert.Equal([1, 2, 3, 4], table.Rows.Select(r => r.Line));

        ParquetTestFile.Write(Path.Combine(fixture.Folder, "train-00002-of-00002.parquet"), new ParquetSchema(new DataField<int>("y"), new DataField<string>("label")),
            [new() { ["y"] = 5, ["label"] = "odd" }], 1);
        var error = Assert.Throws<MlOpsException>(() => ParquetReader.Read(Path.Combine(fixture.Folder, "train-*.parquet"), new DataLoadOptions(), CancellationToken.None));
        Assert.Equal(DataErrorCodes.ParquetMalformed, error.Diagnostics.Single().Code);
        Assert.EndsWith("train-00002-of-00002.parquet", error.Diagnostics.Single().Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_parquet_or_is_truncated_is_a_clear_error()
    {
        var csv = fixture.Write("not.parquet", SameAsCsv);
        var notParquet = Assert.Throws<MlOpsException>(() => ParquetReader.Read(csv, new DataLoadOptions(), CancellationToken.None)).Diagnostics.Single();
        Assert.Equal((DataErrorCodes.ParquetMalformed, csv), (notParquet.Code, notParquet.Location.File));
        Assert.Contains("PAR1", notParquet.Message, StringComparison.Ordinal);

        var whole = File.ReadAllBytes(WriteAllTypes());
        var truncated = Path.Combine(fixture.Folder, "cut.parquet");
        File.WriteAllBytes(truncated, whole[..(whole.Length / 2)]);
        Assert.Equal(DataErrorCodes.ParquetMalformed,
            Assert.Throws<MlOpsException>(() => ParquetReader.Read(truncated, new DataLoadOptions(), CancellationToken.None)).Diagnostics.Single().Code);

        // The footer is intact but a data page is not: the decoder's fault still becomes MLOPS255.
        var damaged = (byte[])whole.Clone();
        for (var i = 4; i < whole.Length / 3; i++)
        {
            damaged[i] ^= 0x5A;
        }
        var damagedPath = Path.Combine(fixture.Folder, "damaged.parquet");
        File.WriteAllBytes(damagedPath, damaged);
        Assert.Equal(DataErrorCodes.ParquetMalformed,
            Assert.Throws<MlOpsException>(() => ParquetReader.Read(damagedPath, new DataLoadOptions(), CancellationToken.None)).Diagnostics.Single().Code);
    }

    [Fact]
    public void Nested_and_unsupported_columns_are_named()
    {
        var nested = ParquetTestFile.Write(Path.Combine(fixture.Folder, "nested.parquet"),
            new ParquetSchema(new DataField<int>("x"), new ListField("tags", new DataField<int>("element")), new DataField<string>("label")),
            [new() { ["x"] = 1, ["tags"] = new[] { 1, 2 }, ["label"] = "a" }], 10);
        var dated = ParquetTestFile.Write(Path.Combine(fixture.Folder, "dated.parquet"),
            new ParquetSchema(new DataField<string>("label"), new DataField<DateTime>("when")),
            [new() { ["label"] = "a", ["when"] = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc) }], 10);

        var list = Assert.Throws<MlOpsException>(() => ParquetReader.Read(nested, new DataLoadOptions(), CancellationToken.None)).Diagnostics.Single();
        var date = Assert.Throws<MlOpsException>(() => ParquetReader.Read(dated, new DataLoadOptions(), CancellationToken.None)).Diagnostics.Single();

        Assert.Equal(DataErrorCodes.ParquetUnsupportedColumn, list.Code);
        Assert.Contains("column 'tags' (#2)", list.Message, StringComparison.Ordinal);
        Assert.Equal(DataErrorCodes.ParquetUnsupportedColumn, date.Code);
        Assert.Contains("column 'when' (#2) is of type DateTime", date.Message, StringComparison.Ordinal);
    }

    public void Dispose() => fixture.Dispose();
}
