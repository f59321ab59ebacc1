using MlOps.Specs.Model;

namespace MlOps.Core.Data;

/// <summary>
/// The held-out test split (data.test, or data.split.test of the training file). It is cut before
/// the validation split, so validation keeps its share of the whole file: with split { validation: 0.2,
/// test: 0.2 } validation takes 0.2 / 0.8 of what is left. Its labels get the validation split's checks.
/// </summary>
internal static class TestSplit
{
    public static (RawTable Train, RawTable Test) Take(RawTable train, int labelIndex, FineTuneSpec spec)
    {
        var (rest, test) = TabularDataLoader.SplitRows(train, labelIndex, spec, spec.Data.Split.Test);
        if (test.Rows.Count == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, train.Path, "too few rows to hold out a test split (data.split.test); give data.test or more rows.");
        }
        return (rest, test);
    }

    /// <summary>The validation split's share of what the test split left, so that it keeps data.split.validation of the whole file.</summary>
    public static double ValidationShare(SplitSpec split, bool testFromSplit) =>
        testFromSplit ? split.Validation / (1 - split.Test) : split.Validation;

    /// <summary>Indexes the labels; a label training never had is an error naming the test file's line (MLOPS207).</summary>
    public static long[] Labels(RawTable test, string label, IReadOnlyList<string> classes, long[] trainLabels)
    {
        var labels = ClassList.Index(test, label, classes, "test");
        ClassList.RequireSeenInTraining(test.Path, [.. test.Rows.Select(r => r.Line)], labels, classes, trainLabels, test.IndexOf(label) + 1, "test");
        return labels;
    }

    public static string Name(RawTable test, bool fromSplit, DataSpec data) =>
        fromSplit ? $"{Path.GetFileName(test.Path)} (test part of a seeded split, {TabularDataLoader.Percent(data.Split.Test)})" : Path.GetFileName(test.Path);
}
