using System.Globalization;
using MlOps.Runtime;

// Scores a CSV (default: the validation file) with the model the build gated and copied beside this
// app, and prints one line per row: its file line, the predicted label and each class's probability.
var csv = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "val.csv");
using var model = FineTunedModel.Load("credit-app");

var lines = File.ReadAllLines(csv);
var header = CsvLine.Split(lines[0]);
var rows = lines.Skip(1).Select(l => (IReadOnlyDictionary<string, object?>)header.Zip(CsvLine.Split(l)).ToDictionary(p => p.First, p => (object?)p.Second)).ToList();
var predictions = model.Predict(rows);

Console.WriteLine(string.Join(",", ["line", "predicted_label", .. model.Classes.Select(c => "probability_" + c)]));
for (var i = 0; i < predictions.Count; i++)
{
    var p = predictions[i];
    Console.WriteLine(string.Join(",", [(i + 2).ToString(CultureInfo.InvariantCulture), p.Label, .. p.Probabilities.Select(x => x.ToString("R", CultureInfo.InvariantCulture))]));
}

/// <summary>One CSV record's fields (RFC 4180 quotes; no line breaks inside fields in this data).</summary>
internal static class CsvLine
{
    public static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return [.. fields];
    }
}
