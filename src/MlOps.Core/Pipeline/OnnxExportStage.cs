using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Export;
using MlOps.Core.Models;
using MlOps.Core.Training;

namespace MlOps.Core.Pipeline;

/// <summary>
/// The run's side of `export: { onnx: true }`: write onnx/ from the trained classifier, then score the
/// validation split with ONNX Runtime and with the model, for result.json and the export gate.
/// </summary>
internal static class OnnxExportStage
{
    public static OnnxExportInfo? Run(RunContext run, FineTuneModule model, TensorSplit validation)
    {
        if (run.Spec.Export is not { Onnx: true } export)
        {
            return null;
        }
        var layout = OnnxExportLayout.InRun(run.Layout.Directory);
        var data = run.Data;
        var request = new OnnxExportRequest(data.Train.SampleShape, data.Classes,
            OnnxManifestBuilder.Preprocessing(data.Encoder, run.Spec.Data, data.Tokenizer),
            data.Tokenizer is { } tokenizer && data.Encoder.IsText ? OnnxManifestBuilder.TokenizerFiles(tokenizer) : [],
            export.Opset)
        {
            Provenance = new OnnxProvenance(run.Spec.Name, run.Fingerprint, ToolVersion.Current),
        };
        var manifest = OnnxExporter.Write(model, request, layout);
        using var scorer = new OnnxRuntimeScorer(layout.Model, manifest);
        var parity = OnnxParityCheck.Measure(model, scorer, validation, data.Validation.Features, data.Validation.SampleShape, data.Validation.Labels,
            data.Classes, run.MetricNames, run.Spec.Evaluation.PositiveLabel, MetricSplit.Validation.Key());
        return new OnnxExportInfo(layout.Directory, layout.Model, layout.Manifest, manifest.Family, manifest.Opset, new FileInfo(layout.Model).Length) { Parity = parity };
    }
}
