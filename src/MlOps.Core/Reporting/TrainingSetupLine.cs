using System.Globalization;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;

namespace MlOps.Core.Reporting;

/// <summary>
/// "1,234 of 56,789 parameters trained (2.17%) · LoRA r=8, alpha=16 on 4 layers · bf16": what
/// trained and how, in one line under the verdict.
/// </summary>
public static class TrainingSetupLine
{
    public static string Render(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var m = result.Model;
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{m.TrainableParameters:N0} of {m.Parameters:N0} parameters trained ({m.TrainableShare:P2})"),
        };
        if (result.Adapter is { } a)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"LoRA r={a.R}, alpha={a.Alpha:G}, dropout={a.Dropout:G} on {a.Modules.Count} layer{(a.Modules.Count == 1 ? "" : "s")}{(a.Merged ? ", merged" : "")}"));
        }
        parts.Add(result.Precision);
        return string.Join(" · ", parts);
    }
}
