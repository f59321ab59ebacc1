using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Export.Graphs;
using MlOps.Core.Export.Onnx;
using MlOps.Core.Models;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;
using static TorchSharp.torch;

namespace MlOps.Core.Export;

/// <summary>What an export needs besides the model: the input layout, labels, preprocessing and provenance.</summary>
internal sealed record OnnxExportRequest(int[] SampleShape, IReadOnlyList<string> Classes, OnnxPreprocessing Preprocessing, IReadOnlyList<string> ExtraFiles, int Opset)
{
    public OnnxProvenance? Provenance { get; init; }
}

/// <summary>
/// Writes <c>onnx/</c> (model.onnx, model.json, tokenizer files) from a trained classifier. TorchSharp has no
/// exporter: the graph is built from the module's family and its state dict, with LoRA merged first.
/// Everything is written into a sibling folder and renamed into place: a failure leaves no half export.
/// </summary>
internal static class OnnxExporter
{
    public static OnnxManifest Write(FineTuneModule model, OnnxExportRequest request, OnnxExportLayout layout)
    {
        var family = OnnxFamilyGraphs.For(model, request.SampleShape, request.Opset);
        var name = model.GetName();
        var state = LoraMerge.MergedState(model);
        try
        {
            return WriteFolder(layout, name, state, family, request.Opset, request.ExtraFiles,
                graph => graph.Output(FamilyGraph.Logits, OnnxFields.Float, "batch", (long)request.Classes.Count),
                inputs => new OnnxManifest
                {
                    Family = name,
                    Opset = request.Opset,
                    Inputs = inputs,
                    Output = new OnnxTensorInfo(FamilyGraph.Logits, OnnxDtypes.Float32, [-1, request.Classes.Count], ["batch", null]),
                    Classes = request.Classes,
                    Preprocessing = WithMask(request.Preprocessing, inputs),
                    Provenance = request.Provenance,
                },
                new Dictionary<string, string> { ["mlops.family"] = name, ["mlops.classes"] = string.Join("\n", request.Classes) });
        }
        finally
        {
            StateDict.Dispose(state);
        }
    }

    /// <summary>
    /// Builds the graph from <paramref name="state"/>, then writes model.onnx, model.json and
    /// <paramref name="extraFiles"/> into a temporary sibling folder renamed into place at the end.
    /// </summary>
    internal static OnnxManifest WriteFolder(OnnxExportLayout layout, string name, IReadOnlyDictionary<string, Tensor> state, FamilyGraph family, int opset,
        IReadOnlyList<string> extraFiles, Action<OnnxGraph> declareOutputs, Func<IReadOnlyList<OnnxTensorInfo>, OnnxManifest> manifestOf, IReadOnlyDictionary<string, string> metadata)
    {
        var temp = layout.Directory + ".tmp";
        try
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
            Directory.CreateDirectory(temp);
            var graph = new OnnxGraph(name);
            IReadOnlyList<OnnxTensorInfo> inputs;
            try
            {
                inputs = family.Emit(new GraphLayers(graph, new ModelWeights(state, name)));
            }
            catch (ArgumentException e)
            {
                throw new MlOpsException(Diagnostic.Error(ExportErrorCodes.ModuleNotExportable,
                    $"cannot export the {name} model to ONNX: {e.Message}", SourceLocation.None("")));
            }
            declareOutputs(graph);
            using (var stream = File.Create(Path.Combine(temp, OnnxExportLayout.ModelFileName)))
            {
                graph.WriteModel(stream, opset, ToolVersion.Current, metadata);
            }
            var manifest = manifestOf(inputs);
            OnnxManifestFile.Write(manifest, Path.Combine(temp, OnnxExportLayout.ManifestFileName));
            foreach (var file in extraFiles)
            {
                File.Copy(file, Path.Combine(temp, Path.GetFileName(file)), overwrite: true);
            }
            if (Directory.Exists(layout.Directory))
            {
                Directory.Delete(layout.Directory, recursive: true);
            }
            Directory.Move(temp, layout.Directory);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>A text graph that also takes <c>attention_mask</c> (the decoder classifiers) says how the runtime derives it from the ids.</summary>
    private static OnnxPreprocessing WithMask(OnnxPreprocessing preprocessing, IReadOnlyList<OnnxTensorInfo> inputs) =>
        preprocessing.Text is { } text && inputs.Any(i => i.Name == DecoderGraph.Mask)
            ? preprocessing with { Text = text with { AttentionMask = AttentionMasks.ThroughLastNonPad } }
            : preprocessing;
}
