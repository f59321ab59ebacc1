using MlOps.Contracts.Results;
using MlOps.Core.Data;
using MlOps.Core.Evaluation;
using MlOps.Specs.Model;

namespace MlOps.Core.Fairness;

/// <summary>Each row reduced to (actual positive, predicted positive, predicted favourable, correct), grouped once.</summary>
internal sealed class GroupedRows
{
    private GroupedRows(IReadOnlyList<string> names, IReadOnlyList<Row[]> rowsByGroup)
    {
        Names = names;
        RowsByGroup = rowsByGroup;
    }

    public readonly record struct Row(bool ActualPositive, bool PredictedPositive, bool PredictedFavourable, bool Correct);

    /// <summary>Group names in ordinal order, so results read the same on every run.</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<Row[]> RowsByGroup { get; }

    /// <summary>Rows whose value was missing under data.sensitive[].missing: drop take no part.</summary>
    public static GroupedRows From(Predictions p, string[] groupOfRow, int positive, int favourable)
    {
        var byGroup = new SortedDictionary<string, List<Row>>(StringComparer.Ordinal);
        for (var i = 0; i < p.Rows; i++)
        {
            if (ReferenceEquals(groupOfRow[i], SensitiveGroups.Dropped))
            {
                continue;
            }
            var predicted = p.Predicted(i);
            var row = new Row(p.Labels[i] == positive, predicted == positive, predicted == favourable, predicted == p.Labels[i]);
            if (!byGroup.TryGetValue(groupOfRow[i], out var list))
            {
                byGroup[groupOfRow[i]] = list = [];
            }
            list.Add(row);
        }
        return new GroupedRows([.. byGroup.Keys], [.. byGroup.Values.Select(l => l.ToArray())]);
    }

    public List<GroupStatistics> Statistics(int minGroupSize, UndefinedRate undefinedRate) =>
        [.. Enumerable.Range(0, Names.Count).Select(g => Count(RowsByGroup[g]).ToStatistics(Names[g], RowsByGroup[g].Length < minGroupSize, undefinedRate))];

    public static GroupCounts Count(IEnumerable<Row> rows)
    {
        var counts = new GroupCounts();
        foreach (var row in rows)
        {
            counts.Add(row);
        }
        return counts;
    }
}
