using System.Xml.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Tasks;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.UpToDate;

/// <summary>The file the next build imports instead of running the fingerprint task.</summary>
public sealed class WriteUpToDateCacheTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string CacheFile => Path.Combine(_temp.Path, "out", "consumer.uptodate.proj");

    private WriteUpToDateCache Task(DateTime started) => new()
    {
        BuildEngine = new FakeBuildEngine(),
        File = CacheFile,
        Key = "12345",
        CheckStartedUtcTicks = started.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Specs = [new TaskItem("/specs/a;b.yaml", new Dictionary<string, string> { ["SpecName"] = "tiny", ["UpToDate"] = "true" })],
        Results = [new TaskItem("/specs/a;b.yaml", new Dictionary<string, string> { ["accuracy"] = "0.874", ["RunId"] = "run$1" })],
        Inputs = [new TaskItem("/data/100%.csv", new Dictionary<string, string> { ["Watch"] = "File" })],
    };

    [Fact]
    public void Writes_an_importable_project_dated_when_the_check_started()
    {
        var started = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        Assert.True(Task(started).Execute());

        Assert.Equal(started, File.GetLastWriteTimeUtc(CacheFile));
        var project = XDocument.Load(CacheFile).Root!;
        Assert.Equal("@(_MlOpsUpToDateRecord)", (string)project.Element("Target")!.Attribute("Returns")!);
        var records = project.Element("ItemGroup")!.Elements("_MlOpsUpToDateRecord").ToLookup(r => r.Element("_MlOpsRecord")!.Value);
        var check = Assert.Single(records["Check"]);
        Assert.Equal(("12345", started.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)), (check.Element("Key")!.Value, check.Element("Ticks")!.Value));
        var spec = Assert.Single(records["Spec"]);
        Assert.Equal("/specs/a%3Bb.yaml", (string)spec.Attribute("Include")!);
        Assert.Equal("tiny", spec.Element("SpecName")!.Value);
        var result = Assert.Single(records["Result"]);
        Assert.Equal(("run%241", "0.874"), (result.Element("RunId")!.Value, result.Element("accuracy")!.Value));
        Assert.Equal("/data/100%25.csv", (string)Assert.Single(records["Input"]).Attribute("Include")!);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(CacheFile)!, "*.tmp"));
    }

    [Fact]
    public void A_metadata_name_MSBuild_could_not_read_back_writes_no_cache_and_fails_nothing()
    {
        var task = Task(DateTime.UtcNow);
        task.Results = [new TaskItem("/specs/a.yaml", new Dictionary<string, string> { ["f1@0.5"] = "0.9" })];

        Assert.True(task.Execute());

        Assert.False(File.Exists(CacheFile));
    }

    public void Dispose() => _temp.Dispose();
}
