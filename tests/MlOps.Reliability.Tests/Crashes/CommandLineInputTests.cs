using System.Text.Json.Nodes;

namespace MlOps.Reliability.Tests.Crashes;

/// <summary>Hostile command lines (issue 16): each an MLOPS error and exit 2, never a stack trace.</summary>
public sealed class CommandLineInputTests : IDisposable
{
    private readonly SampleRepo repo = new();

    public void Dispose() => repo.Dispose();

    private static void AssertRefused(Mlops.Result result, string code)
    {
        Assert.True(result.Exit == 2, result.All);
        Assert.Contains($"error {code}:", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("MLOPS999", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_spec_path_is_refused_by_run_and_validate()
    {
        AssertRefused(Mlops.Invoke(TimeSpan.FromMinutes(1), "run", ""), "MLOPS001");
        var validate = Mlops.Invoke(TimeSpan.FromMinutes(1), "validate", "");
        Assert.True(validate.Exit == 2, validate.All);
        Assert.DoesNotContain("   at ", validate.All, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tracking_uri_that_is_not_a_url_is_refused_before_training()
    {
        var output = Path.Combine(repo.Root, "out");
        var result = Mlops.Run(TinySpec.Write(repo), output, "--tracking-uri", "http://[::1");

        AssertRefused(result, "MLOPS701");
        Assert.DoesNotContain("» training", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "nothing written");
    }

    [Fact]
    public void A_models_assembly_that_is_not_an_assembly_is_refused_before_training()
    {
        var notAnAssembly = repo.Write("models/not-an-assembly.dll", "root:x:0:0:root:/root:/bin/bash\n");
        var output = Path.Combine(repo.Root, "out");

        var result = Mlops.Run(TinySpec.Write(repo), output, "--models-assembly", notAnAssembly);

        AssertRefused(result, "MLOPS306");
        Assert.DoesNotContain("» training", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "nothing written");
    }

    [Theory]
    [InlineData("classes")]
    [InlineData("metrics")]
    [InlineData("fairness")]
    [InlineData("gates")]
    public void Report_on_a_result_json_with_a_null_collection_names_it(string key)
    {
        var output = Path.Combine(repo.Root, "out");
        Assert.Equal(0, Mlops.Run(TinySpec.Write(repo), output).Exit);
        var path = Path.Combine(output, "result.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json[key] = null;
        File.WriteAllText(path, json.ToJsonString());

        var result = Mlops.Invoke(TimeSpan.FromMinutes(1), "report", output);

        AssertRefused(result, "MLOPS520");
        Assert.Contains($"$.{key} is null", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_on_a_result_json_with_a_null_gate_names_its_place()
    {
        var output = Path.Combine(repo.Root, "out");
        Assert.Equal(0, Mlops.Run(TinySpec.Write(repo), output).Exit);
        var path = Path.Combine(output, "result.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["gates"] = new JsonArray((JsonNode?)null);
        File.WriteAllText(path, json.ToJsonString());

        var result = Mlops.Invoke(TimeSpan.FromMinutes(1), "report", output);

        AssertRefused(result, "MLOPS520");
        Assert.Contains("$.gates[0] is null", result.All, StringComparison.Ordinal);
    }
}
