using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Data;
using MlOps.Core.Tests.Text;
using MlOps.Text;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

/// <summary>Text columns from CSV and JSON Lines become token ids; faults name file, line and column.</summary>
public sealed class TextDataTests : IDisposable
{
    private readonly DataFixture data = new();
    private readonly TokenizerFiles tokenizers = new();

    public void Dispose()
    {
        data.Dispose();
        tokenizers.Dispose();
    }

    private DataSpec Text(string train, string? validation = null, string format = "csv") => new()
    {
        Format = format == "csv" ? DataFormat.Csv : DataFormat.Jsonl,
        Train = data.Write("train." + format, train),
        Validation = validation is null ? null : data.Write("val." + format, validation),
        Text = "text",
        MaxLength = 8,
        Tokenizer = tokenizers.BertVocabTxt(),
        TextLocation = new SourceLocation("/specs/test.yaml", 7, 9),
    };

    private static Diagnostic Fault(DataSpec spec) =>
        Assert.Single(Assert.Throws<MlOpsException>(() => DatasetLoader.Load(DataFixture.Spec(spec))).Diagnostics);

    [Fact]
    public void Csv_text_becomes_padded_ids_with_lengths_labels_and_groups()
    {
        var spec = Text("text,group,label\n\"the dog, the fox\",a,pos\nlazy dog,b,neg\n", "text,group,label\nthe fox,b,pos\nthe dog,a,neg\n")
            with { Sensitive = [new SensitiveAttributeSpec { Name = "group" }] };

        var loaded = DatasetLoader.Load(DataFixture.Spec(spec));

        Assert.Equal([8], loaded.Train.SampleShape);
        Assert.Equal([2f, 5, 14, 16, 5, 8, 3, 0, 2, 13, 14, 3, 0, 0, 0, 0], loaded.Train.Features);
        Assert.Equal([7, 4], loaded.Train.Lengths!);
        Assert.Equal([1L, 0], loaded.Train.Labels); // classes sorted: neg, pos
        Assert.Equal(["a", "b"], loaded.Train.Groups["group"]);
        Assert.True(loaded.Encoder.IsText);
        Assert.Equal(new TextLayout(TokenizerFiles.WordPieceVocabulary.Length, 0), loaded.Encoder.Text);
        Assert.Equal(4, loaded.Tokenizer!.MaskId);
        Assert.Equal(["text:text (max_length 8)", "group:sensitive", "label:label"], loaded.Datasets[0].Schema);
    }

    [Fact]
    public void A_text_test_file_is_tokenized_like_validation_and_its_unseen_label_is_refused_at_its_cell()
    {
        var spec = Text("text,label\nthe dog,pos\nlazy dog,neg\n", "text,label\nthe fox,pos\nthe dog,neg\n") with
        {
            Test = data.Write("test.csv", "text,label\nlazy fox,neg\n"),
        };

        var loaded = DatasetLoader.Load(DataFixture.Spec(spec));
        var fault = Fault(spec with { Test = data.Write("test2.csv", "text,label\nthe dog,pos\nthe fox,maybe\n") });

        Assert.Equal("test", loaded.Test!.Name);
        Assert.Equal([0L], loaded.Test.Labels);
        Assert.Equal([2f, 13, 8, 3, 0, 0, 0, 0], loaded.Test.Features); // [CLS] lazy fox [SEP]: the ids of "lazy" and "fox" in the CSV test above
        Assert.Equal("MLOPS207", fault.Code);
        Assert.Equal((3, 2), (fault.Location.Line, fault.Location.Column));
        Assert.Contains("test label 'maybe'", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_text_gives_the_same_ids_as_csv()
    {
        var spec = Text("""
            {"text": "the dog, the fox", "label": "pos"}
            {"text": "lazy dog", "label": "neg"}
            """, """
            {"text": "the fox", "label": "pos"}
            {"text": "the dog", "label": "neg"}
            """, format: "jsonl");

        var loaded = DatasetLoader.Load(DataFixture.Spec(spec));

        Assert.Equal([2f, 5, 14, 16, 5, 8, 3, 0, 2, 13, 14, 3, 0, 0, 0, 0], loaded.Train.Features);
        Assert.Equal([2f, 5, 8, 3, 0, 0, 0, 0, 2, 5, 14, 3, 0, 0, 0, 0], loaded.Validation.Features);
    }

    [Fact]
    public void Truncated_rows_are_counted_and_over_five_percent_warns_naming_max_length()
    {
        var spec = Text("text,label\nthe quick brown fox jumps over the lazy dog,a\nthe dog,b\n", "text,label\nthe dog,a\nthe fox,b\n");

        var loaded = DatasetLoader.Load(DataFixture.Spec(spec));

        Assert.Equal(1, loaded.Train.TruncatedRows);
        Assert.Equal(8, loaded.Train.Lengths![0]);
        var warning = Assert.Single(loaded.Warnings);
        Assert.Equal(TextErrorCodes.ManyTruncated, warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("max_length 8", warning.Message, StringComparison.Ordinal);
        Assert.Contains("the longest has 12", warning.Message, StringComparison.Ordinal);
        Assert.Equal(7, warning.Location.Line);
    }

    [Fact]
    public void A_text_column_that_is_not_there_is_reported_at_data_text_with_the_columns()
    {
        var diagnostic = Fault(Text("body,label\nthe dog,a\nthe fox,b\n", "body,label\nthe dog,a\n"));

        Assert.Equal(TextErrorCodes.TextColumnMissing, diagnostic.Code);
        Assert.Equal(("/specs/test.yaml", 7, 9), (diagnostic.Location.File, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Contains("train.csv", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("body, label", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_text_is_an_error_at_its_line_and_column_unless_dropped_or_imputed()
    {
        const string train = "label,text\na,the dog\nb,\"  \"\na,the fox\nb,lazy dog\n";
        var diagnostic = Fault(Text(train, "label,text\na,the dog\nb,the fox\n"));

        Assert.Equal(TextErrorCodes.EmptyText, diagnostic.Code);
        Assert.Equal((3, 2), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.EndsWith("train.csv", diagnostic.Location.File, StringComparison.Ordinal);

        var dropped = DatasetLoader.Load(DataFixture.Spec(Text(train, "label,text\na,the dog\nb,the fox\n") with { Missing = MissingValuePolicy.Drop }));
        Assert.Equal((3, 1), (dropped.Train.Rows, dropped.Train.DroppedRows));

        var imputed = DatasetLoader.Load(DataFixture.Spec(Text(train, "label,text\na,the dog\nb,the fox\n") with { Missing = MissingValuePolicy.Impute }));
        Assert.Equal([2f, 3, 0, 0, 0, 0, 0, 0], imputed.Train.Features.AsSpan(8, 8).ToArray());
    }

    [Fact]
    public void Text_that_is_not_utf8_is_reported_at_its_line_and_column()
    {
        var path = Path.Combine(data.Folder, "latin1.csv");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("text,label\nthe dog,a\ncaf"), 0xE9, .. Encoding.ASCII.GetBytes(" noir,b\n")]);

        var diagnostic = Fault(Text("unused", "text,label\nthe dog,a\n") with { Train = path });

        Assert.Equal(TextErrorCodes.NotUtf8, diagnostic.Code);
        Assert.Equal((path, 3, 4), (diagnostic.Location.File, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Contains("0xE9", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_data_tokenizer_or_a_checkpoint_folder_the_error_says_how_to_give_one()
    {
        var diagnostic = Fault(Text("text,label\nthe dog,a\nthe fox,b\n", "text,label\nthe dog,a\n") with { Tokenizer = null });

        Assert.Equal(TextErrorCodes.TokenizerNotFound, diagnostic.Code);
        Assert.Contains("data.tokenizer", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_base_checkpoint_folder_is_the_default_tokenizer()
    {
        var spec = DataFixture.Spec(Text("text,label\nthe dog,a\nthe fox,b\n", "text,label\nthe dog,a\nthe fox,b\n") with { Tokenizer = null });
        spec = spec with { Base = spec.Base with { Checkpoint = tokenizers.BertTokenizerJson("checkpoint") } };

        var loaded = DatasetLoader.Load(spec);

        Assert.EndsWith("tokenizer.json", loaded.Tokenizer!.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_model_with_another_vocabulary_size_is_refused()
    {
        var spec = Text("text,label\nthe dog,a\nthe fox,b\n", "text,label\nthe dog,a\n");

        var error = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(DataFixture.Spec(spec), FeatureEncoder.ForText(8, 30_522, 0)));

        Assert.Equal(TextErrorCodes.TokenizerMismatch, Assert.Single(error.Diagnostics).Code);
        Assert.Contains("30522", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_text_column_cannot_be_the_label()
    {
        var diagnostic = Fault(Text("text,label\nthe dog,a\nthe fox,b\n", "text,label\nthe dog,a\n") with { Label = "text" });

        Assert.Equal(DataErrorCodes.BadSetting, diagnostic.Code);
    }

    [Fact]
    public void The_text_encoder_round_trips_through_json()
    {
        var encoder = FeatureEncoder.ForText(64, 3000, 1);

        var back = FeatureEncoder.FromJson(encoder.ToJson());

        Assert.Equal([64], back.SampleShape);
        Assert.Equal(new TextLayout(3000, 1), back.Text);
        Assert.DoesNotContain("\"text\"", FeatureEncoder.Tabular([new ColumnEncoding("x", FeatureKind.Numeric, 0, 1, [], null)]).ToJson(), StringComparison.Ordinal);
    }
}
