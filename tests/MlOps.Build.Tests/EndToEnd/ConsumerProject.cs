using MlOps.Build.Tests.Infrastructure;
using MlOps.Specs.Model;

namespace MlOps.Build.Tests.EndToEnd;

/// <summary>
/// A throwaway consumer of the packed MlOps.Build: one PackageReference, a spec with its data, the
/// fake runner, its own nuget.config (local feed + nuget.org) and empty Directory.Build files.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    public const string Spec = """
        name: tiny
        base:
          model: mlp
          checkpoint: none
        data:
          format: csv
          train: data/train.csv
          validation: data/val.csv
          label: label
        training:
          epochs: 2
        gates:
          - { metric: accuracy, min: 0.5 }

        """;

    private readonly PackedFeed _feed;
    private readonly TempFolder _folder = new();

    /// <param name="specMetadata">Attributes of the FineTuneSpec item, e.g. <c>CopyToOutput="true"</c>.</param>
    public ConsumerProject(PackedFeed feed, string spec = Spec, string specMetadata = "")
    {
        _feed = feed;
        _folder.File("nuget.config", $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        _folder.File("Directory.Build.props", "<Project />");
        _folder.File("Directory.Build.targets", "<Project />");
        _folder.File("Directory.Packages.props", "<Project />");
        _folder.File("consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MlOps.Build" Version="{feed.Version}" PrivateAssets="all" />
                <FineTuneSpec Include="specs/*.yaml" {specMetadata} />
              </ItemGroup>
              <Target Name="PrintResults" AfterTargets="MlOpsCollectResults">
                <Message Importance="high" Text="RESULT %(MlOpsRunResult.SpecName) %(MlOpsRunResult.Verdict) %(MlOpsRunResult.Passed) %(MlOpsRunResult.accuracy) %(MlOpsRunResult.RunId)" Condition="'@(MlOpsRunResult)' != ''" />
              </Target>
            </Project>
            """);
        SpecPath = _folder.File("specs/tiny.yaml", spec);
        _folder.File("specs/data/train.csv", "x,label\n1,a\n2,b\n3,a\n4,b\n");
        _folder.File("specs/data/val.csv", "x,label\n5,a\n6,b\n");
        Runner = FakeRunner.Create(_folder.Path);
    }

    public string Folder => _folder.Path;
    public string SpecPath { get; }
    public string Runner { get; }
    public int RunnerInvocations => FakeRunner.Invocations(_folder.Path).Length;

    public (int ExitCode, string Output) Dotnet(string verb, params string[] extra) =>
        EndToEnd.Dotnet.Run(_folder.Path, _feed.Packages, [verb, "-nr:false", "-v:n", "-tl:off", $"-p:MlOpsRunnerCommand={Runner}", .. extra]);

    public void Dispose() => _folder.Dispose();
}
