using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Runtime;

namespace MlOps.Core.Tests.Runtime;

/// <summary>A missing or unusable model folder, or an input that does not fit, is a clear MLOPS error, never an ONNX Runtime stack trace.</summary>
public sealed class FineTunedModelErrorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-runtime-").FullName;

    private static OnnxManifest Tabular(string missing = "impute") => new()
    {
        Family = "mlp",
        Opset = 17,
        Inputs = [new OnnxTensorInfo("features", OnnxDtypes.Float32, [-1, 2], ["batch", null])],
        Output = new OnnxTensorInfo("logits", OnnxDtypes.Float32, [-1, 2], ["batch", null]),
        Classes = ["a", "b"],
        Preprocessing = new OnnxPreprocessing
        {
            Kind = PreprocessingKinds.Tabular,
            Tabular = new TabularPreprocessing([new TabularColumn("x", "numeric", 1, 2, [], "1"), new TabularColumn("y", "numeric", 0, 1, [], "0")], missing),
        },
    };

    private static string Code(Action action) => Assert.Throws<MlOpsException>(action).Diagnostics[0].Code;

    [Fact]
    public void A_name_with_no_model_folder_is_MLOPS365_naming_where_it_looked_and_what_to_set()
    {
        var e = Assert.Throws<MlOpsException>(() => FineTunedModel.Load("no-such-spec"));

        Assert.Equal(RuntimeErrorCodes.ModelNotFound, e.Diagnostics[0].Code);
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "no-such-spec"), e.Message, StringComparison.Ordinal);
        Assert.Contains("CopyToOutput=\"true\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_model_onnx_or_with_an_unknown_manifest_version_is_MLOPS366()
    {
        OnnxManifestFile.Write(Tabular(), Path.Combine(folder, "model.json"));
        var missingGraph = Assert.Throws<MlOpsException>(() => FineTunedModel.Load(folder));
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, missingGraph.Diagnostics[0].Code);
        Assert.Contains("model.onnx is missing", missingGraph.Message, StringComparison.Ordinal);

        OnnxManifestFile.Write(Tabular() with { FormatVersion = 99 }, Path.Combine(folder, "model.json"));
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Code(() => FineTunedModel.Load(folder)));

        File.WriteAllText(Path.Combine(folder, "model.json"), "{ \"family\": ");
        Assert.Equal(RuntimeErrorCodes.ModelIncompatible, Code(() => FineTunedModel.Load(folder)));
    }

    [Fact]
    public void A_graph_onnx_runtime_refuses_is_MLOPS368()
    {
        OnnxManifestFile.Write(Tabular(), Path.Combine(folder, "model.json"));
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), Encoding.ASCII.GetBytes("not a protobuf"));

        Assert.Equal(RuntimeErrorCodes.RuntimeFailed, Code(() => FineTunedModel.Load(folder)));
    }

    [Fact]
    public void An_assembly_without_the_embedded_model_is_MLOPS369()
    {
        Assert.Equal(RuntimeErrorCodes.EmbeddedModelNotFound, Code(() => FineTunedModel.LoadEmbedded("fashion", typeof(FineTunedModelErrorTests).Assembly)));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
