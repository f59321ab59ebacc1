using MlOps.Specs.Binding;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Gates;

/// <summary>
/// <c>{ export: onnx, max_abs_diff: 1.0e-4 }</c>: the exported graph, run by ONNX Runtime on the
/// validation split, must give the TorchSharp model's logits within max_abs_diff — the shipped model is the gated one.
/// </summary>
internal sealed class ExportGateDefinition : GateKindDefinition
{
    /// <summary>The export formats a gate can check.</summary>
    public static readonly IReadOnlyList<string> Formats = ["onnx"];

    public override GateKind Kind => GateKind.Export;

    public override string Key => "export";

    public override IReadOnlyList<string> Keys { get; } = ["export", "max_abs_diff", "severity"];

    public override IReadOnlyList<string> IdentityKeys { get; } = ["export"];

    public override bool SubjectIsMetric => false;

    public override IEnumerable<GateSetting> PinnedSettings(GateSpec gate) =>
        [GateSetting.Number("max_abs_diff", gate.MaxAbsDiff), GateSetting.Severity(gate.Severity)];

    internal override string? BindSubject(GateEntry entry)
    {
        var node = entry.Reader.Value(Key)!;
        if (node is YScalar { Kind: not ScalarKind.Null } s && Formats.Contains(s.Value))
        {
            return s.Value;
        }
        entry.Context.Error(SpecErrorCodes.UnknownExportFormat,
            $"'{entry.Reader.Join(Key)}' must name an export format the run checks: {string.Join(", ", Formats)} (e.g. `{{ export: onnx, max_abs_diff: 1.0e-4 }}`)", node);
        return null;
    }

    internal override GateSpec? Bind(GateEntry entry)
    {
        var r = entry.Reader;
        var maxAbsDiff = r.Number("max_abs_diff", NumberRange.NonNegative);
        if (!r.Has("max_abs_diff"))
        {
            r.Missing("max_abs_diff", "the largest tolerated absolute logit difference between ONNX Runtime and TorchSharp, e.g. `max_abs_diff: 1.0e-4`");
        }
        return entry.Subject is not { } format || maxAbsDiff is null ? null : new GateSpec
        {
            Kind = GateKind.Export, Metric = format, MaxAbsDiff = maxAbsDiff, Severity = entry.Severity, Location = entry.Context.Loc(r.Node),
        };
    }
}
