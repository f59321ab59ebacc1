using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

/// <summary>Each fault in user data gives its own code, the file, and where possible the row and column.</summary>
public sealed class DataFaultTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    private Diagnostic Fault(string train, string? validation, Func<DataSpec, DataSpec>? configure = null)
    {
        var data = new DataSpec
        {
            Train = _files.Write("train.csv", train),
            Validation = validation is null ? null : _files.Write("val.csv", validation),
        };
        var error = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(DataFixture.Spec(configure is null ? data : configure(data))));
        return Assert.Single(error.Diagnostics);
    }

    [Fact]
    public void A_missing_label_column_lists_the_columns_there_are()
    {
        var diagnostic = Fault("x,target\n1,a\n2,b\n", "x,target\n1,a\n");

        Assert.Equal(DataErrorCodes.LabelColumnMissing, diagnostic.Code);
        Assert.EndsWith("train.csv", diagnostic.Location.File, StringComparison.Ordinal);
        Assert.Contains("'label'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("x, target", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_label_training_never_had_names_row_and_label()
    {
        var diagnostic = Fault("x,label\n1,a\n2,b\n", "x,label\n1,a\n2,c\n");

        Assert.Equal(DataErrorCodes.UnseenLabel, diagnostic.Code);
        Assert.EndsWith("val.csv", diagnostic.Location.File, StringComparison.Ordinal);
        Assert.Equal(3, diagnostic.Location.Line);
        Assert.Equal(2, diagnostic.Location.Column);
        Assert.Contains("'c'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_class_listed_in_the_spec_but_absent_from_training_is_still_unseen()
    {
        var diagnostic = Fault("x,label\n1,a\n2,b\n", "x,label\n1,c\n", d => d with { Classes = ["a", "b", "c"] });

        Assert.Equal(DataErrorCodes.UnseenLabel, diagnostic.Code);
        Assert.Equal(2, diagnostic.Location.Line);
    }

    [Fact]
    public void A_single_training_class_is_an_error()
    {
        var diagnostic = Fault("x,label\n1,a\n2,a\n", "x,label\n1,a\n");

        Assert.Equal(DataErrorCodes.SingleClass, diagnostic.Code);
        Assert.Contains("'a'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_columns_in_train_and_validation_are_listed_both_ways()
    {
        var diagnostic = Fault("x,y,label\n1,2,a\n2,3,b\n", "x,z,label\n1,2,a\n");

        Assert.Equal(DataErrorCodes.ColumnMismatch, diagnostic.Code);
        Assert.Contains("Only in training", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("[y]", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("only in validation: [z]", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_in_a_numeric_validation_column_names_row_and_column()
    {
        var diagnostic = Fault("x,label\n1,a\n2,b\n", "x,label\n1,a\nabc,b\n");

        Assert.Equal(DataErrorCodes.NotNumeric, diagnostic.Code);
        Assert.Equal(3, diagnostic.Location.Line);
        Assert.Contains("'abc'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("'x'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_cell_in_validation_is_an_error_under_the_default_policy()
    {
        var diagnostic = Fault("x,label\n1,a\n2,b\n", "x,label\n1,a\n,b\n");

        Assert.Equal(DataErrorCodes.MissingValue, diagnostic.Code);
        Assert.EndsWith("val.csv", diagnostic.Location.File, StringComparison.Ordinal);
        Assert.Equal((3, 1), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void A_missing_sensitive_column_is_named()
    {
        var diagnostic = Fault("x,label\n1,a\n2,b\n", "x,label\n1,a\n", d => d with { Sensitive = [new SensitiveAttributeSpec { Name = "sex" }] });

        Assert.Equal(DataErrorCodes.SensitiveColumnMissing, diagnostic.Code);
        Assert.Contains("'sex'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_feature_left_is_an_error()
    {
        var diagnostic = Fault("x,label\n1,a\n2,b\n", "x,label\n1,a\n", d => d with { Exclude = ["*"] });

        Assert.Equal(DataErrorCodes.NoFeatures, diagnostic.Code);
    }

    [Fact]
    public void A_missing_file_is_named_at_the_spec_line_of_the_data_section()
    {
        var data = new DataSpec { Train = Path.Combine(_files.Folder, "nope.csv"), Location = new SourceLocation("/specs/test.yaml", 7, 3) };

        var error = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(DataFixture.Spec(data)));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DataErrorCodes.FileNotFound, diagnostic.Code);
        Assert.Equal(new SourceLocation("/specs/test.yaml", 7, 3), diagnostic.Location);
        Assert.Contains("nope.csv", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_matrix_over_the_limit_is_refused_with_the_setting_to_change()
    {
        var data = new DataSpec { Train = _files.Write("train.csv", "x,y,label\n1,2,a\n2,3,b\n3,4,a\n4,5,b\n") };

        var error = Assert.Throws<MlOpsException>(() => DatasetLoader.Load(DataFixture.Spec(data), new DataLoadOptions { MaxMatrixBytes = 8 }));

        Assert.Equal(DataErrorCodes.TooLarge, error.Diagnostics[0].Code);
        Assert.Contains(DataLoadOptions.MaxBytesVariable, error.Diagnostics[0].Message, StringComparison.Ordinal);
    }
}
