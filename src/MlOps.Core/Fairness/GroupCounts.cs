using MlOps.Contracts.Results;
using MlOps.Specs.Model;

namespace MlOps.Core.Fairness;

/// <summary>The confusion counts of one group for the positive label (one-vs-rest when multi-class), and its favourable predictions.</summary>
internal sealed class GroupCounts
{
    public int Rows { get; private set; }
    public int PredictedFavourable { get; private set; }
    public int ActualPositive { get; private set; }
    public int TruePositive { get; private set; }
    public int FalsePositive { get; private set; }
    public int Correct { get; private set; }

    public int ActualNegative => Rows - ActualPositive;

    public void Add(GroupedRows.Row row)
    {
        Rows++;
        if (row.PredictedFavourable)
        {
            PredictedFavourable++;
        }
        if (row.ActualPositive)
        {
            ActualPositive++;
            if (row.PredictedPositive)
            {
                TruePositive++;
            }
        }
        else if (row.PredictedPositive)
        {
            FalsePositive++;
        }
        if (row.Correct)
        {
            Correct++;
        }
    }

    /// <summary>
    /// Fairlearn's selection_rate (of the favourable outcome), true_positive_rate and false_positive_rate.
    /// A TPR/FPR whose denominator is 0 is 0, as Fairlearn's rates are (they read scikit-learn's
    /// confusion_matrix(normalize="true"), which turns 0/0 into 0), or null under undefined_rate: exclude.
    /// </summary>
    public GroupStatistics ToStatistics(string group, bool excluded, UndefinedRate undefinedRate) => new(
        group,
        Rows,
        excluded,
        Share(PredictedFavourable, Rows),
        Rate(TruePositive, ActualPositive, undefinedRate),
        Rate(FalsePositive, ActualNegative, undefinedRate),
        Share(Correct, Rows));

    private static double? Rate(int count, int of, UndefinedRate undefinedRate) =>
        of == 0 && undefinedRate == UndefinedRate.Exclude ? null : Share(count, of);

    private static double Share(int count, int of) => of == 0 ? 0 : (double)count / of;
}
