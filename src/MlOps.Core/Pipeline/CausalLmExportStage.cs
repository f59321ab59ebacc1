using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Contracts.Metrics;
using MlOps.Core.Data.CausalLm;
using MlOps.Core.Export;
using MlOps.Core.Models;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Training;
using MlOps.Core.Training.Objectives;
using static TorchSharp.torch;

namespace MlOps.Core.Pipeline;

/// <summary>
/// A causal_lm run's side of `export: { onnx: true }`: onnx/ from the trained decoder (LoRA merged, KV
/// cache, tokenizer files) via <see cref="CausalLmExporter"/>, then ONNX Runtime's logits against the
/// model's on the validation split's token rows (<see cref="CausalLmParity"/>), for result.json and the export gate.
/// </summary>
internal static class CausalLmExportStage
{
    public static OnnxExportInfo? Run(RunContext run, DecoderForCausalLm model, ISplitBatches validation)
    {
        if (run.Spec.Export is not { Onnx: true } export)
        {
            return null;
        }
        var layout = OnnxExportLayout.InRun(run.Layout.Directory);
        var request = new CausalLmExportRequest(run.Data.Tokenizer, export.Opset)
        {
            Provenance = new OnnxProvenance(run.Spec.Name, run.Fingerprint, ToolVersion.Current),
        };
        var manifest = CausalLmExporter.Write(model, request, layout);
        var batchSize = Math.Max(1, Math.Min(run.Spec.Training.BatchSize, validation.Rows));
        var parity = CausalLmParity.Measure(model, layout.Model, manifest, TokenRows(validation, batchSize), MetricSplit.Validation.Key(), batchSize);
        return new OnnxExportInfo(layout.Directory, layout.Model, layout.Manifest, manifest.Family, manifest.Opset, new FileInfo(layout.Model).Length) { Parity = parity };
    }

    /// <summary>Each row's token ids as the model saw them in evaluation, without the padding that ends short rows.</summary>
    private static List<IReadOnlyList<int>> TokenRows(ISplitBatches split, int batchSize)
    {
        var rows = new List<IReadOnlyList<int>>(split.Rows);
        using var reader = split.Read(null, batchSize, 0, BatchPass.Evaluation);
        while (rows.Count < split.Rows)
        {
            using var scope = NewDisposeScope();
            var ids = CausalLmObjective.Ids(reader.Next().Features);
            var batch = ids.to(ScalarType.Int64).cpu();
            var width = (int)batch.shape[1];
            var values = batch.data<long>().ToArray();
            for (var r = 0; r < batch.shape[0]; r++)
            {
                var row = values.AsSpan(r * width, width);
                var length = row.IndexOf((long)SequenceRows.Padding) is var end and >= 0 ? end : width;
                rows.Add([.. row[..length].ToArray().Select(t => (int)t)]);
            }
        }
        return rows;
    }
}
