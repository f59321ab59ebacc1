using System.Text.Json;
using MlOps.Mlflow.Models;

namespace MlOps.Core.Tests.Tracking.MlModel;

/// <summary>
/// The MLmodel files MlOps writes equal the recorded fixtures byte for byte, and the fixtures are what
/// MLflow 3.6's Model.load read back (Fixtures/&lt;name&gt;/model-load.json, recorded by
/// Fixtures/load_with_mlflow.py): same flavors, signature and example, and its own to_yaml() equal to the file.
/// Set MLOPS_RECORD_MLMODEL=&lt;folder&gt; to write the scenarios there instead of comparing.
/// </summary>
public sealed class MlModelFixtureTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("mlmodel-").FullName;

    public static TheoryData<string> Names() => [.. MlModelScenarios.Names];

    private static string Fixture(string name, string file) =>
        Path.Combine(AppContext.BaseDirectory, "Tracking", "MlModel", "Fixtures", name, file);

    [Theory]
    [MemberData(nameof(Names))]
    public void The_written_files_equal_the_fixtures_mlflow_loaded(string name)
    {
        if (Environment.GetEnvironmentVariable("MLOPS_RECORD_MLMODEL") is { Length: > 0 } record)
        {
            MlModelScenarios.Write(name, Path.Combine(record, name));
            return;
        }
        MlModelScenarios.Write(name, temp);
        foreach (var file in new[] { MlflowModelFile.FileName, MlflowInputExample.ExampleFile, MlflowInputExample.ServingFile })
        {
            var fixture = Fixture(name, file);
            Assert.Equal(File.Exists(fixture), File.Exists(Path.Combine(temp, file)));
            if (File.Exists(fixture))
            {
                Assert.Equal(File.ReadAllText(fixture), File.ReadAllText(Path.Combine(temp, file)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Mlflow_read_back_what_was_written(string name)
    {
        using var loaded = JsonDocument.Parse(File.ReadAllText(Fixture(name, "model-load.json")));
        var root = loaded.RootElement;
        Assert.True(root.GetProperty("to_yaml_equals_file").GetBoolean(), "MLflow's to_yaml() of the loaded model differs from the file");
        var model = root.GetProperty("to_dict");
        Assert.Equal("0123456789abcdef0123456789abcdef", model.GetProperty("model_uuid").GetString());
        Assert.Equal("2026-12-03 11:00:00.123456", model.GetProperty("utc_time_created").GetString());
        Assert.Equal(MlflowModelFile.TargetFormatVersion, model.GetProperty("mlflow_version").GetString());
        Assert.Equal(["mlops"], model.GetProperty("flavors").EnumerateObject().Select(p => p.Name));
        var hasSignature = name != "hub-folder";
        Assert.Equal(hasSignature, root.GetProperty("input_schema").ValueKind != JsonValueKind.Null);
        var hasExample = name is "tabular" or "image";
        Assert.Equal(hasExample, root.GetProperty("input_example").ValueKind != JsonValueKind.Null);
        Assert.Equal(hasExample, root.GetProperty("serving_input").ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public void The_tabular_example_is_the_first_training_row_and_matches_the_signature()
    {
        using var loaded = JsonDocument.Parse(File.ReadAllText(Fixture("tabular", "model-load.json")));
        var root = loaded.RootElement;
        Assert.Equal(["sepal length", "colour", "tiny"], root.GetProperty("input_schema").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["double", "string", "double"], root.GetProperty("input_schema").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.All(root.GetProperty("input_schema").EnumerateArray(), c => Assert.False(c.GetProperty("required").GetBoolean()));
        var row = root.GetProperty("input_example").GetProperty("data")[0];
        Assert.Equal(5.1, row[0].GetDouble(), 6);
        Assert.Equal("it's red", row[1].GetString());
        Assert.Equal(1.5e-5, row[2].GetDouble(), 9);
        Assert.True(root.GetProperty("example_matches_signature").GetBoolean());
    }

    [Fact]
    public void The_image_example_is_the_first_image_in_pixels_as_a_uint8_tensor()
    {
        using var loaded = JsonDocument.Parse(File.ReadAllText(Fixture("image", "model-load.json")));
        var root = loaded.RootElement;
        var tensor = root.GetProperty("input_schema")[0];
        Assert.Equal("uint8", tensor.GetProperty("tensor-spec").GetProperty("dtype").GetString());
        Assert.Equal([-1, 1, 2, 3], tensor.GetProperty("tensor-spec").GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal([0, 51, 102, 153, 204, 255], root.GetProperty("input_example_flat").EnumerateArray().Select(v => v.GetInt32()));
        Assert.True(root.GetProperty("example_matches_signature").GetBoolean());
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);
}
