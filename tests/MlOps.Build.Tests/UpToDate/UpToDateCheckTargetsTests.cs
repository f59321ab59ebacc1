using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Tasks;
using MlOps.Build.Tests.EndToEnd;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.UpToDate;

/// <summary>
/// MlOps.Build.UpToDate.targets on its own (plain `dotnet msbuild`, no SDK): which changes send a
/// build past the cheap check to the content check.
/// </summary>
public sealed class UpToDateCheckTargetsTests : IDisposable
{
    private static readonly DateTime LastCheck = DateTime.UtcNow.AddHours(-1);
    private readonly TempFolder _temp = new();
    private readonly string _spec;
    private readonly string _data;
    private readonly string _folder;

    public UpToDateCheckTargetsTests()
    {
        var targets = Path.Combine(PackedFeed.RepoRoot, "src", "MlOps.Build", "build", "MlOps.Build.UpToDate.targets");
        _temp.File("probe.proj", $"""
            <Project>
              <PropertyGroup>
                <MlOpsOutputPath>$(MSBuildProjectDirectory)/out/</MlOpsOutputPath>
                <MlOpsTasksAssembly>$(MSBuildProjectDirectory)/tasks.dll</MlOpsTasksAssembly>
              </PropertyGroup>
              <ItemGroup>
                <FineTuneSpec Include="spec.yaml" />
              </ItemGroup>
              <Import Project="{targets}" />
              <Target Name="Probe" DependsOnTargets="_MlOpsCheckUpToDate">
                <Message Importance="high" Text="KEY=$(_MlOpsUpToDateKey) UPTODATE=$(_MlOpsUpToDate)" />
              </Target>
            </Project>
            """);
        _spec = _temp.File("spec.yaml", "name: tiny\n");
        _data = _temp.File("data/train.csv", "x,label\n");
        _folder = Path.Combine(_temp.Path, "checkpoint");
        _temp.File("checkpoint/weights.safetensors", "w");
        foreach (var output in new[] { "out/tiny.done", "out/tiny.fingerprint", "out/tiny/result.json", "tasks.dll" })
        {
            _temp.File(output, "");
        }
        // Everything older than the last check; folders after their files (creating a file moves its folder).
        foreach (var file in Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, LastCheck.AddMinutes(-1));
        }
        foreach (var folder in Directory.EnumerateDirectories(_temp.Path, "*", SearchOption.AllDirectories))
        {
            Directory.SetLastWriteTimeUtc(folder, LastCheck.AddMinutes(-1));
        }
        WriteCache(Probe().Key);
    }

    private (string Key, bool UpToDate) Probe(params string[] properties)
    {
        var (exit, output) = Dotnet.Run(_temp.Path, null, ["msbuild", "probe.proj", "-t:Probe", "-nologo", "-v:m", "-nr:false", "-tl:off", .. properties]);
        Assert.True(exit == 0, output);
        var line = output.Split('\n').Single(l => l.Contains("KEY=", StringComparison.Ordinal)).Trim();
        return (line.Split(' ')[0]["KEY=".Length..], line.EndsWith("UPTODATE=true", StringComparison.Ordinal));
    }

    private void WriteCache(string key)
    {
        static TaskItem Item(string path, string metadata, string value) => new(path, new Dictionary<string, string> { [metadata] = value });
        var outputs = Path.Combine(_temp.Path, "out");
        var task = new WriteUpToDateCache
        {
            BuildEngine = new FakeBuildEngine(),
            File = Path.Combine(outputs, "probe.uptodate.proj"),
            Key = key,
            CheckStartedUtcTicks = LastCheck.Ticks.ToString(CultureInfo.InvariantCulture),
            Specs = [new TaskItem(_spec, new Dictionary<string, string>
            {
                ["StampFile"] = Path.Combine(outputs, "tiny.done"), ["FingerprintFile"] = Path.Combine(outputs, "tiny.fingerprint"),
                ["ResultFile"] = Path.Combine(outputs, "tiny", "result.json"), ["UpToDate"] = "true",
            })],
            Inputs = [Item(_spec, "Watch", "File"), Item(_data, "Watch", "File"), Item(_folder, "Watch", "Folder"),
                Item(Path.Combine(_temp.Path, "data", "labels.csv"), "Watch", "Absent")],
        };
        Assert.True(task.Execute());
    }

    [Fact]
    public void Nothing_moved_is_up_to_date() => Assert.True(Probe().UpToDate);

    [Fact]
    public void A_touched_input_file_is_not() => AssertNotUpToDateAfter(() => File.SetLastWriteTimeUtc(_data, DateTime.UtcNow));

    [Fact]
    public void A_file_added_to_a_watched_folder_is_not() => AssertNotUpToDateAfter(() => _temp.File("checkpoint/config.json", "{}"));

    [Fact]
    public void A_path_that_was_missing_and_appeared_is_not() => AssertNotUpToDateAfter(() => _temp.File("data/labels.csv", "label\n"));

    [Fact]
    public void A_deleted_input_or_result_is_not()
    {
        AssertNotUpToDateAfter(() => File.Delete(Path.Combine(_temp.Path, "out", "tiny", "result.json")));
        _temp.File("out/tiny/result.json", "");
        File.Delete(_data);
        Assert.False(Probe().UpToDate);
    }

    [Fact]
    public void A_newer_task_assembly_is_not() => AssertNotUpToDateAfter(() => File.SetLastWriteTimeUtc(Path.Combine(_temp.Path, "tasks.dll"), DateTime.UtcNow));

    [Fact]
    public void Another_spec_list_or_setting_is_not()
    {
        Assert.True(Probe().UpToDate);

        Assert.False(Probe("-p:MlOpsDevice=cuda").UpToDate);
        Assert.False(Probe("-p:MlOpsSpecFilter=other").UpToDate);
    }

    private void AssertNotUpToDateAfter(Action change)
    {
        Assert.True(Probe().UpToDate);
        change();
        Assert.False(Probe().UpToDate);
    }

    public void Dispose() => _temp.Dispose();
}
