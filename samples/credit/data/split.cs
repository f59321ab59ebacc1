// Regenerates pretrain.csv, finetune-train.csv and finetune-val.csv from german-credit.csv.
// Run from the repository root:  dotnet run samples/credit/data/split.cs
// Deterministic: a stratified split by Class with System.Random(seed 42); rows keep the file's order.
using System.Text;

var folder = Path.GetDirectoryName(Path.GetFullPath(args.Length > 0 ? args[0] : "samples/credit/data/german-credit.csv"))!;
var lines = File.ReadAllLines(Path.Combine(folder, "german-credit.csv"));
var header = lines[0];
var classColumn = Array.IndexOf(header.Split(','), "\"Class\"");
var byClass = lines.Skip(1).Select((line, i) => (Row: i, Class: line.Split(',')[classColumn]))
    .GroupBy(r => r.Class).OrderBy(g => g.Key, StringComparer.Ordinal);

var random = new Random(42);
var parts = new Dictionary<string, List<int>> { ["pretrain.csv"] = [], ["finetune-train.csv"] = [], ["finetune-val.csv"] = [] };
foreach (var group in byClass)
{
    var rows = group.Select(r => r.Row).ToArray();
    random.Shuffle(rows);
    int pretrain = (int)Math.Round(rows.Length * 0.70), fineTrain = (int)Math.Round(rows.Length * 0.15);
    parts["pretrain.csv"].AddRange(rows.Take(pretrain));
    parts["finetune-train.csv"].AddRange(rows.Skip(pretrain).Take(fineTrain));
    parts["finetune-val.csv"].AddRange(rows.Skip(pretrain + fineTrain));
}
foreach (var (file, rows) in parts)
{
    var text = new StringBuilder(header).Append('\n');
    foreach (var row in rows.Order())
    {
        text.Append(lines[row + 1]).Append('\n');
    }
    File.WriteAllText(Path.Combine(folder, file), text.ToString());
    Console.WriteLine($"{file}: {rows.Count} rows");
}
