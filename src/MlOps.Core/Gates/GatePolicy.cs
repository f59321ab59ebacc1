using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Specs.Gates;
using MlOps.Specs.Model;

namespace MlOps.Core.Gates;

/// <summary>The gates and bias entries that apply, and what the PR changed, under gate-policy: base.</summary>
public sealed record GatePolicy(IReadOnlyList<GateSpec> Gates, IReadOnlyList<BiasSpec> Bias, IReadOnlyList<ThresholdChange> Changes)
{
    /// <summary>
    /// The base branch's thresholds win: a PR cannot loosen its own gate. Entries are matched by
    /// kind + metric (+ split and reference for gates, attribute + metric for bias), in order when
    /// several share a key. A matched entry keeps the PR's location (annotations land on the PR's
    /// line) with the base's thresholds; an entry only in the PR still applies; an entry the PR
    /// removed still applies from the base. Every difference is recorded.
    /// </summary>
    public static GatePolicy Merge(FineTuneSpec head, FineTuneSpec baseSpec)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(baseSpec);
        var changes = new List<ThresholdChange>();
        var gates = Merge(head.Gates, baseSpec.Gates, GateKey, GateSettings, head.SpecPath, changes,
            (b, h) => b with { Location = h.Location }, b => b with { Location = SourceLocation.None(head.SpecPath) }, g => g.Location);
        var bias = Merge(head.Bias, baseSpec.Bias, BiasKey, BiasSettings, head.SpecPath, changes,
            (b, h) => b with { Location = h.Location }, b => b with { Location = SourceLocation.None(head.SpecPath) }, b => b.Location);
        return new GatePolicy(gates, bias, changes);
    }

    private static List<T> Merge<T>(IReadOnlyList<T> head, IReadOnlyList<T> baseEntries, Func<T, string> key,
        Func<T, IEnumerable<(string Name, string? Value)>> settings, string headPath, List<ThresholdChange> changes,
        Func<T, T, T> baseAtHeadLocation, Func<T, T> removed, Func<T, SourceLocation> location)
        where T : class
    {
        var unmatchedHead = head.ToList();
        var applied = new List<T>();
        foreach (var entry in baseEntries)
        {
            var match = unmatchedHead.FirstOrDefault(h => key(h) == key(entry));
            if (match is null)
            {
                changes.Add(new ThresholdChange(key(entry), "entry", "present", null, SourceLocation.None(headPath)));
                applied.Add(removed(entry));
                continue;
            }
            unmatchedHead.Remove(match);
            var headSettings = settings(match).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
            foreach (var (name, value) in settings(entry))
            {
                if (headSettings[name] != value)
                {
                    changes.Add(new ThresholdChange(key(entry), name, value, headSettings[name], location(match)));
                }
            }
            applied.Add(baseAtHeadLocation(entry, match));
        }
        foreach (var added in unmatchedHead)
        {
            changes.Add(new ThresholdChange(key(added), "entry", null, "present", location(added)));
            applied.Add(added);
        }
        return applied;
    }

    private static string GateKey(GateSpec g) =>
        $"{GateKinds.Of(g.Kind).Key} {g.Metric} ({g.Split}{(g.Against == GateReference.None ? "" : ", against " + g.Against.ToString().ToLowerInvariant())})";

    private static string BiasKey(BiasSpec b) => $"bias {b.Attribute} {b.Metric}";

    /// <summary>What the gate's kind pins (GateKindDefinition.PinnedSettings): a kind owns its thresholds, so a new kind cannot be left out.</summary>
    private static IEnumerable<(string, string?)> GateSettings(GateSpec g) =>
        GateKinds.Of(g.Kind).PinnedSettings(g).Select(s => (s.Name, s.Value));

    private static IEnumerable<(string, string?)> BiasSettings(BiasSpec b) =>
    [
        ("max", N(b.Max)), ("min", N(b.Min)), ("min_group_size", b.MinGroupSize.ToString(CultureInfo.InvariantCulture)),
        ("use_bound", b.UseBound ? "true" : "false"), ("privileged", b.Privileged), ("severity", b.Severity.ToString().ToLowerInvariant()),
        // Which outcome counts as favourable and which groups are compared decide the value as much as a threshold does.
        ("favourable_label", b.FavourableLabel), ("groups", b.Groups.ToString().ToLowerInvariant()),
        ("undefined_rate", b.UndefinedRate.ToString().ToLowerInvariant()),
    ];

    private static string? N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);
}
