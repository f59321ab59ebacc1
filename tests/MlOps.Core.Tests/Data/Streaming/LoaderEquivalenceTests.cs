using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlOps.Core.Data;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Data.Streaming;

/// <summary>
/// The streaming loader gives bit-identical splits to the loader that held the whole file as strings:
/// each case's features, labels, groups, source lines, counters, encoder and dataset profiles are
/// digested and compared with <c>loader-equivalence.json</c>, which was written by the old loader
/// (commit "golden digests of the in-memory loader") with MLOPS_WRITE_GOLDEN=1.
/// </summary>
public sealed class LoaderEquivalenceTests : IDisposable
{
    private static readonly string GoldenPath = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Data", "Streaming", "loader-equivalence.json");
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    private static string Credit(string file) => Path.Combine(SourceTree.Root, "samples", "credit", "data", file);

    public static TheoryData<string> Cases => [.. CaseNames];

    private static readonly string[] CaseNames =
        ["credit-files", "credit-split-test", "credit-unstratified", "mixed-impute", "mixed-drop", "mixed-forced-categorical", "mixed-jsonl-impute", "forgetting", "quoted-crlf"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streamed_splits_match_the_in_memory_loader(string name)
    {
        var digest = Digest(name);
        if (Environment.GetEnvironmentVariable("MLOPS_WRITE_GOLDEN") == "1")
        {
            var all = File.Exists(GoldenPath) ? JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(GoldenPath))! : [];
            all[name] = digest;
            lock (GoldenPath)
            {
                File.WriteAllText(GoldenPath, JsonSerializer.Serialize(all, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            }
            return;
        }
        var golden = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(GoldenPath))!;
        Assert.Equal(golden[name], digest);
    }

    private string Digest(string name)
    {
        var sensitive = new SensitiveAttributeSpec[]
        {
            new() { Name = "sex", OneHot = new Dictionary<string, string> { ["female"] = "Personal.Female.*", ["male"] = "Personal.Male.*" } },
            new() { Name = "age", Column = "Age", Bins = [25, 40] },
        };
        switch (name)
        {
            case "credit-files":
                return Of(Load(new DataSpec { Train = Credit("finetune-train.csv"), Validation = Credit("finetune-val.csv"), Label = "Class", Sensitive = sensitive }));
            case "credit-split-test":
                return Of(Load(new DataSpec { Train = Credit("german-credit.csv"), Label = "Class", Sensitive = sensitive, Split = new SplitSpec { Validation = 0.2, Test = 0.1 } }, seed: 7));
            case "credit-unstratified":
                return Of(Load(new DataSpec { Train = Credit("pretrain.csv"), Label = "Class", Split = new SplitSpec { Validation = 0.3, Stratify = false }, Exclude = ["Personal.*"] }, seed: 3));
            case "mixed-impute":
                return Of(Load(Mixed("csv", MissingValuePolicy.Impute)));
            case "mixed-drop":
                return Of(Load(Mixed("csv", MissingValuePolicy.Drop)));
            case "mixed-forced-categorical":
                return Of(Load(Mixed("csv", MissingValuePolicy.Impute) with { Categorical = ["n*"] }));
            case "mixed-jsonl-impute":
                return Of(Load(Mixed("jsonl", MissingValuePolicy.Impute)));
            case "forgetting":
            {
                var spec = Spec(Mixed("csv", MissingValuePolicy.Impute), 5);
                var loaded = DatasetLoader.Load(spec);
                var forgetting = DatasetLoader.LoadForgettingWithInfo(spec with { Evaluation = new EvaluationSpec { Forgetting = new ForgettingSpec { Data = WriteMixed("forget", "csv", 40, 99) } } },
                    loaded.Encoder, loaded.Classes, new DataLoadOptions());
                return Sha(Of(forgetting.Split) + string.Join("|", forgetting.Datasets.Select(Of)));
            }
            case "quoted-crlf":
            {
                var train = _files.Write("q-train.csv", "a,\"b, quoted\",label\r\n\"1.5\",\" x \",p\r\n2,\"y\"\"z\",q\r\n\r\n 3 ,\"multi\r\nline\",p\r\n4,x,q\r\n");
                var validation = _files.Write("q-val.csv", "a,\"b, quoted\",label\r\n5,x,p\r\n6,w,q");
                return Of(Load(new DataSpec { Train = train, Validation = validation }));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }
    }

    private static FineTuneSpec Spec(DataSpec data, int seed) => DataFixture.Spec(data, seed);

    private static LoadedData Load(DataSpec data, int seed = 42) => DatasetLoader.Load(Spec(data, seed));

    private DataSpec Mixed(string format, MissingValuePolicy missing) => new()
    {
        Format = format == "csv" ? DataFormat.Csv : DataFormat.Jsonl,
        Train = WriteMixed("train", format, 300, 1),
        Validation = WriteMixed("val", format, 80, 2),
        Missing = missing,
        Sensitive = [new SensitiveAttributeSpec { Name = "grp", Missing = SensitiveMissingPolicy.Group }],
    };

    /// <summary>Numbers of every kind, categories, a column of numbers with a few words (categorical), blanks, NA, NaN and nulls.</summary>
    private string WriteMixed(string name, string format, int rows, int seed)
    {
        var random = new Random(seed);
        string?[] Row(int r)
        {
            string? Maybe(string value) => random.Next(25) == 0 ? (random.Next(3) switch { 0 => "", 1 => "NA", _ => format == "csv" ? "nan" : null }) : value;
            var f = CultureInfo.InvariantCulture;
            return
            [
                Maybe((random.NextDouble() * 200 - 100).ToString("R", f)),
                Maybe((random.Next(-50, 50) * 1e-7).ToString("E3", f)),
                Maybe(random.Next(1000).ToString(f)),
                Maybe(r % 17 == 3 ? "n/a-ish" : (random.Next(5) + 0.5).ToString("F2", f)),
                Maybe(new[] { "red", "green", " blue ", "Red" }[random.Next(4)]),
                random.Next(4) == 0 ? "" : new[] { "g1", "g2", "g3" }[random.Next(3)],
                new[] { "yes", "no", "maybe" }[random.Next(r < 3 ? 3 : 2 + random.Next(2))],
            ];
        }
        string[] columns = ["n1", "n2", "n3", "mixed", "colour", "grp", "label"];
        var text = new StringBuilder();
        if (format == "csv")
        {
            text.Append(string.Join(',', columns)).Append('\n');
            for (var r = 0; r < rows; r++)
            {
                text.Append(string.Join(',', Row(r))).Append('\n');
            }
        }
        else
        {
            for (var r = 0; r < rows; r++)
            {
                var cells = Row(r);
                text.Append('{').Append(string.Join(',', columns.Select((c, i) => $"\"{c}\":{(cells[i] is null ? "null" : i < 3 && double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? cells[i] : JsonSerializer.Serialize(cells[i]))}"))).Append("}\n");
            }
        }
        return _files.Write($"{name}.{format}", text.ToString());
    }

    private static string Of(LoadedData loaded)
    {
        var parts = new List<string> { Of(loaded.Train), Of(loaded.Validation), loaded.Test is null ? "no test" : Of(loaded.Test), loaded.Encoder.ToJson(), string.Join(",", loaded.Classes) };
        parts.AddRange(loaded.Datasets.Select(Of));
        parts.AddRange(loaded.Warnings.Select(w => w.Code + " " + w.Message));
        return Sha(string.Join("\n", parts));
    }

    private static string Of(EncodedSplit split)
    {
        var features = new byte[split.Features.Length * sizeof(float)];
        Buffer.BlockCopy(split.Features, 0, features, 0, features.Length);
        return string.Join(";", split.Name, Convert.ToHexString(SHA256.HashData(features)), string.Join(",", split.Labels), string.Join(",", split.SampleShape),
            string.Join(",", split.Groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + "=" + string.Join("/", g.Value))),
            string.Join(",", split.SourceLines ?? []), split.DroppedRows, split.UnseenCategoryValues);
    }

    private static string Of(DatasetInfo info) => string.Join(";", info.Name, info.Context, Path.GetFileName(info.Path), info.Sha256, info.Rows, info.Columns,
        string.Join(",", info.ClassCounts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")), string.Join(",", info.Schema));

    private static string Sha(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
