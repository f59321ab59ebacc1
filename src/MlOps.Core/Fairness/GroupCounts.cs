using MlOps.Contracts.Results;

namespace MlOps.Core.Fairness;

/// <summary>The confusion counts of one group for the positive label (one-vs-rest when multi-class).</summary>
internal sealed class GroupCounts
{
    public int Rows { get; private set; }
    public int PredictedPositive { get; private set; }
    public int ActualPositive { get; private set; }
    public int TruePositive { get; private set; }
    public int FalsePositive { get; private set; }
    public int Correct { get; private set; }

    public int ActualNegative => Rows - ActualPositive;

    public void Add(bool actualPositive, bool predictedPositive, bool correct)
    {
        Rows++;
        if (predictedPositive)
        {
            PredictedPositive++;
        }
        if (actualPositive)
        {
            ActualPositive++;
            if (predictedPositive)
            {
                TruePositive++;
            }
        }
        else if (predictedPositive)
        {
            FalsePositive++;
        }
        if (correct)
        {
            Correct++;
        }
    }

    /// <summary>Fairlearn's selection_rate, true_positive_rate, false_positive_rate; TPR/FPR null when undefined (0/0).</summary>
    public GroupStatistics ToStatistics(string group, bool excluded) => new(
        group,
        Rows,
        excluded,
        Rows == 0 ? 0 : (double)PredictedPositive / Rows,
        ActualPositive == 0 ? null : (double)TruePositive / ActualPositive,
        ActualNegative == 0 ? null : (double)FalsePositive / ActualNegative,
        Rows == 0 ? 0 : (double)Correct / Rows);
}
