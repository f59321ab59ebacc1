using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Export.Graphs;
using MlOps.Core.Export.Onnx;
using MlOps.Core.Models;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;

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
        var family = OnnxFamilyGraphs.For(model, request.SampleShape);
        var name = model.GetName();
        var state = LoraMerge.MergedState(model);
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
                throw new Contracts.Diagnostics.MlOpsException(Contracts.Diagnostics.Diagnostic.Error(ExportErrorCodes.ModuleNotExportable,
                    $"cannot export the {name} model to ONNX: {e.Message}", Contracts.Diagnostics.SourceLocation.None("")));
            }
            graph.Output(FamilyGraph.Logits, OnnxFields.Float, "batch", (long)request.Classes.Count);
            using (var stream = File.Create(Path.Combine(temp, OnnxExportLayout.ModelFileName)))
            {
                graph.WriteModel(stream, request.Opset, ToolVersion.Current, new Dictionary<string, string>
                {
                    ["mlops.family"] = name,
                    ["mlops.classes"] = string.Join("\n", request.Classes),
                });
            }
            var manifest = new OnnxManifest
            {
                Family = name,
                Opset = request.Opset,
                Inputs = inputs,
                Output = new OnnxTensorInfo(FamilyGraph.Logits, OnnxDtypes.Float32, [-1, request.Classes.Count], ["batch", null]),
                Classes = request.Classes,
                Preprocessing = request.Preprocessing,
                Provenance = request.Provenance,
            };
            OnnxManifestFile.Write(manifest, Path.Combine(temp, OnnxExportLayout.ManifestFileName));
            foreach (var file in request.ExtraFiles)
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
            StateDict.Dispose(state);
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }
}
