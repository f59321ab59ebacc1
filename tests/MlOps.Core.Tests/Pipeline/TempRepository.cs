using System.Globalization;
using System.Text;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>A throwaway repository (it has a .git folder, so ./mlruns lands inside it) with a small labelled CSV task.</summary>
internal sealed class TempRepository : IDisposable
{
    public TempRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "mlops-repo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, ".git"));
        Directory.CreateDirectory(Path.Combine(Root, "data"));
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>
    /// Rows whose label is the index of the largest of three signal columns (plus noise columns);
    /// a sensitive column `group` (a/b) that must never become a feature.
    /// </summary>
    public string WriteCsv(string name, int rows, int seed, string[] labels)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x1,x2,x3,noise,group,label\n");
        for (var i = 0; i < rows; i++)
        {
            var label = i % labels.Length;
            var values = Enumerable.Range(0, 3).Select(k => random.NextDouble() + (k == label % 3 ? 1.2 : 0)).ToArray();
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{values[0]:F4},{values[1]:F4},{values[2]:F4},{random.NextDouble():F4},{(random.Next(2) == 0 ? "a" : "b")},{labels[label]}"));
        }
        File.WriteAllText(PathOf(Path.Combine("data", name)), csv.ToString());
        return "data/" + name;
    }

    public string WriteSpec(string name, string yaml)
    {
        var path = PathOf(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
