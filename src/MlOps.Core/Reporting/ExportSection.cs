using System.Globalization;
using System.Text;
using MlOps.Contracts.Results;
using static MlOps.Core.Reporting.MarkdownText;

namespace MlOps.Core.Reporting;

/// <summary>"Export": the ONNX folder and how ONNX Runtime's scoring of the validation split agrees with TorchSharp's.</summary>
public static class ExportSection
{
    public static void Append(StringBuilder md, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Export is not { } export)
        {
            return;
        }
        md.AppendLine("## Export").AppendLine();
        md.AppendLine(Escape(string.Create(CultureInfo.InvariantCulture,
            $"ONNX opset {export.Opset}, {export.Family}: {Path.GetFileName(export.Folder)}/{Path.GetFileName(export.Model)} beside this report ({export.ModelBytes / 1024.0:0.#} KiB), with {Path.GetFileName(export.Manifest)}."))).AppendLine();
        if (export.Parity is not { } parity)
        {
            return;
        }
        // A language model's parity (CausalLmParity) has no metrics: its agreement is over next tokens, not classes.
        var agreement = parity.TorchSharp.Count == 0 ? "most likely next token the same at" : "predicted class the same for";
        md.AppendLine(Escape(string.Create(CultureInfo.InvariantCulture,
            $"ONNX Runtime {parity.Runtime} against TorchSharp on the {parity.Split} split ({parity.Rows} rows): largest absolute logit difference {parity.MaxAbsLogitDiff:G3}, {agreement} {parity.PredictionAgreement:P1}{(parity.TorchSharp.Count == 0 ? " of the real positions" : "")}."))).AppendLine();
        if (parity.TorchSharp.Count == 0)
        {
            return;
        }
        md.AppendLine(Row(["metric", "TorchSharp", "ONNX Runtime", "difference"])).AppendLine(Separator(4));
        foreach (var (name, torch) in parity.TorchSharp.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var onnx = parity.OnnxRuntime.GetValueOrDefault(name, double.NaN);
            md.AppendLine(Row([Escape(name), Format(torch), Format(onnx), Format(parity.Differences.GetValueOrDefault(name, double.NaN))]));
        }
        md.AppendLine();
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
