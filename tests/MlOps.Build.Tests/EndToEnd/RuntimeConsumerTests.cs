using System.Globalization;
using System.Text.Json;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.EndToEnd;

/// <summary>
/// The loop the product closes, end to end: samples/app, copied out of the repository, references the
/// packed MlOps.Build and MlOps.Runtime from the local feed; `dotnet build` really trains, gates and
/// exports its spec (the in-repo CLI as the runner) and copies the model beside app.dll; the app then
/// scores the validation file, and its predictions equal the run's own (predictions.csv, result.json).
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class RuntimeConsumerTests(PackedFeed feed) : IDisposable
{
    private readonly TempFolder folder = new();

    [SpecLoaderFact]
    public void The_sample_app_built_against_the_packages_predicts_what_the_run_scored()
    {
        feed.EnsureRuntimePacked();
        var sample = Path.Combine(PackedFeed.RepoRoot, "samples", "app");
        foreach (var file in new[] { "app.csproj", "Program.cs", "specs/credit-app.yaml", "data/train.csv", "data/val.csv" })
        {
            folder.File(file, File.ReadAllText(Path.Combine(sample, file)));
        }
        Directory.CreateDirectory(Path.Combine(folder.Path, ".git")); // the repository root: spec paths stay inside it
        folder.File("nuget.config", $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{MachinePackages()}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        // What the repository's Directory.Build.props gave the sample, and the MlOps.Build package instead of src/.
        folder.File("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <MlOpsRuntimeVersion>{feed.Version}</MlOpsRuntimeVersion>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MlOps.Build" Version="{feed.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        folder.File("Directory.Build.targets", "<Project />");
        folder.File("Directory.Packages.props", "<Project />");
        var cli = Path.Combine(PackedFeed.RepoRoot, "src", "MlOps.Cli", "bin", PackedFeed.Configuration, "net10.0", "mlops.dll");
        Assert.True(File.Exists(cli), $"the test project builds the CLI: {cli}");

        var (built, buildOutput) = Dotnet.Run(folder.Path, feed.Packages, "build", "-nr:false", "-v:n", "-tl:off",
            "-p:MlOpsRunnerCommand=dotnet", $"-p:MlOpsRunnerArguments={cli}");

        Assert.True(built == 0, buildOutput);
        var bin = Path.Combine(folder.Path, "bin", "Debug", "net10.0");
        foreach (var file in new[] { "model.onnx", "model.json", "README.md" })
        {
            Assert.True(File.Exists(Path.Combine(bin, "credit-app", file)), $"{file} beside app.dll");
        }
        Assert.False(Directory.Exists(Path.Combine(bin, "runtimes", "linux-x64", "native")) && Directory.EnumerateFiles(Path.Combine(bin, "runtimes", "linux-x64", "native"), "libtorch*").Any(),
            "no libtorch in the app's output");

        var (ran, appOutput) = Dotnet.Run(bin, null, Path.Combine(bin, "app.dll"));

        Assert.True(ran == 0, appOutput);
        var run = Path.Combine(folder.Path, "bin", "mlops", "credit-app");
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json")));
        var classes = result.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToList();
        var expected = Rows(File.ReadAllLines(Path.Combine(run, "predictions.csv")), "source_line", classes, r => r[0] == "validation");
        var actual = Rows(appOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipWhile(l => !l.StartsWith("line,", StringComparison.Ordinal)).ToArray(), "line", classes, _ => true);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (line, (label, probabilities)) in expected)
        {
            Assert.True(label == actual[line].Label, $"line {line}: run {label}, app {actual[line].Label}");
            Assert.All(probabilities.Zip(actual[line].Probabilities), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5, $"line {line}: run {p.First:R}, app {p.Second:R}"));
        }
        // The app's accuracy on the file is the one result.json reports and the gate judged.
        var truth = File.ReadAllLines(Path.Combine(folder.Path, "data", "val.csv")).Skip(1).Select((l, i) => (Line: i + 2, Label: l.Split(',')[9].Trim('"'))).ToList();
        var accuracy = truth.Count(t => actual[t.Line].Label == t.Label) / (double)truth.Count;
        Assert.Equal(result.RootElement.GetProperty("metrics").GetProperty("validation").GetProperty("accuracy").GetDouble(), accuracy, 12);
    }

    private static Dictionary<int, (string Label, float[] Probabilities)> Rows(string[] csv, string lineColumn, IReadOnlyList<string> classes, Func<string[], bool> keep)
    {
        var header = csv[0].Trim().Split(',');
        var probability = classes.Select(c => Array.IndexOf(header, "probability_" + c)).ToArray();
        return csv.Skip(1).Select(l => l.Trim().Split(',')).Where(keep).ToDictionary(
            r => int.Parse(r[Array.IndexOf(header, lineColumn)], CultureInfo.InvariantCulture),
            r => (r[Array.IndexOf(header, "predicted_label")], probability.Select(p => float.Parse(r[p], CultureInfo.InvariantCulture)).ToArray()));
    }

    /// <summary>The machine's package folder, as a fallback: ONNX Runtime's native packages are not copied into the isolated one.</summary>
    private static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public void Dispose() => folder.Dispose();
}
