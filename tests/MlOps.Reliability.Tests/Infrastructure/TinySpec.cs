using System.Globalization;
using System.Text;

namespace MlOps.Reliability.Tests.Infrastructure;

/// <summary>A small tabular spec and its data that train in about a second: the unit of the fault tests.</summary>
public static class TinySpec
{
    public static string Csv(int rows = 80, Func<int, string>? label = null, string header = "a,b,label")
    {
        label ??= i => i % 2 == 1 ? "yes" : "no";
        return header + "\n" + string.Concat(Enumerable.Range(0, rows).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{i % 2 * 2 + i % 7 / 10.0},{i % 5},{label(i)}\n")));
    }

    /// <summary>Four feature columns a bigger MLP chews on: the rows of the slow specs.</summary>
    public static string WideCsv(int rows)
    {
        var csv = new StringBuilder("a,b,c,d,label\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i % 2 * 2 + i % 7 / 10.0},{i % 5},{i % 11 / 3.0},{i % 13},{(i % 2 == 1 ? "yes" : "no")}\n");
        }
        return csv.ToString();
    }

    /// <summary>Enough rows and a wide enough MLP that one epoch takes a noticeable moment, so a kill lands inside one.</summary>
    public static string Killable(SampleRepo repo, string name, int rows)
    {
        var path = Write(repo, name, epochs: 6, csv: WideCsv(rows));
        File.WriteAllText(path, File.ReadAllText(path).Replace("hidden: [8]", "hidden: [128, 128]", StringComparison.Ordinal).Replace("batch_size: 8", "batch_size: 4", StringComparison.Ordinal));
        return path;
    }

    /// <summary>Writes data/tiny.csv and specs/&lt;name&gt;.yaml into the repository; returns the spec path.</summary>
    public static string Write(SampleRepo repo, string name = "tiny", int epochs = 3, string extra = "", string? csv = null, string label = "label")
    {
        ArgumentNullException.ThrowIfNull(repo);
        repo.Write($"data/{name}.csv", csv ?? Csv());
        return repo.Write($"specs/{name}.yaml", $$"""
            name: {{name}}
            seed: 7
            base: { model: mlp, checkpoint: none, hidden: [8] }
            data: { train: ../data/{{name}}.csv, label: "{{label}}", split: { validation: 0.25 } }
            training: { epochs: {{epochs}}, batch_size: 8, optimizer: { lr: 0.01 }, threads: 1 }
            gates:
              - { metric: accuracy, min: 0.1 }
            tracking: { experiment: reliability }
            {{extra}}
            """);
    }
}
