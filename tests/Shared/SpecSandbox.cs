using System.Globalization;
using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs;

namespace MlOps.Tests.Shared;

/// <summary>A throw-away repository (it has a .git folder) with small data files, to load specs written inline.</summary>
internal sealed class SpecSandbox : IDisposable
{
    public SpecSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-spec-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, ".git"));
        Write("data/train.csv", Csv(100));
        Write("data/val.csv", Csv(20));
        Write("models/base.pt", "weights");
    }

    public string Root { get; }

    public static string Csv(int rows)
    {
        var text = new StringBuilder("x1,x2,sex,label\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i * 0.01},{i % 7},{(i % 2 == 0 ? "m" : "f")},{i % 3}\n");
        }
        return text.ToString();
    }

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public SpecLoadResult Load(string yaml, SpecLoadOptions? options = null, string name = "spec.yaml") =>
        SpecLoader.Load(Write(name, yaml), options);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not a test failure.
        }
    }
}

internal static class DiagnosticAssert
{
    public static Diagnostic Has(SpecLoadResult result, string code, int line, int column)
    {
        var match = result.Diagnostics.FirstOrDefault(d => d.Code == code && d.Location.Line == line && d.Location.Column == column);
        Assert.True(match is not null,
            $"expected {code} at {line}:{column}; got:\n{string.Join("\n", result.Diagnostics)}");
        return match!;
    }

    public static void Clean(SpecLoadResult result)
    {
        Assert.True(result.Diagnostics.Count == 0, "expected no diagnostics; got:\n" + string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Spec);
    }
}
