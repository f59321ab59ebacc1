using MlOps.Specs.Binding;
using MlOps.Specs.Model;

namespace MlOps.Specs.Gates;

/// <summary>
/// The spec-language half of a gate kind: the key that names it in a <c>gates:</c> entry, the keys
/// such an entry accepts, how it binds, and which of its settings the base branch pins under
/// gate-policy: base. Its run half (MlOps.Core.Gates) is registered under the same <see cref="Kind"/>.
/// </summary>
public abstract class GateKindDefinition
{
    public abstract GateKind Kind { get; }

    /// <summary>The key that names the kind and holds what it checks: <c>overfit</c> in <c>{ overfit: accuracy, max_gap: 0.05 }</c>.</summary>
    public abstract string Key { get; }

    /// <summary>Every key an entry of this kind accepts, in documentation order; the JSON Schema lists the same.</summary>
    public abstract IReadOnlyList<string> Keys { get; }

    /// <summary>
    /// The keys that say which gate an entry is rather than how strict it is: a base-branch entry and
    /// a pull request's entry are the same gate when these agree. Every other key is pinned.
    /// </summary>
    public abstract IReadOnlyList<string> IdentityKeys { get; }

    /// <summary>
    /// One setting per key that is not an identity key, as the base branch pins it (a pull request
    /// cannot loosen it, and every difference is reported). A key left out here is a key a pull
    /// request could change unseen; a test enumerates every kind and fails on it.
    /// </summary>
    public abstract IEnumerable<GateSetting> PinnedSettings(GateSpec gate);

    /// <summary>Whether <see cref="Key"/> names a metric (so the objective's metric family applies to it).</summary>
    public virtual bool SubjectIsMetric => true;

    /// <summary>Whether the gate needs the base model evaluated (the baseline, or the original task): objectives without one refuse it.</summary>
    public virtual bool ComparesWithBaseModel(GateSpec gate) => false;

    /// <summary>The value of <see cref="Key"/> (a metric name for the built-in kinds), checked; null when invalid.</summary>
    internal virtual string? BindSubject(GateEntry entry) =>
        EvaluationBinder.CheckMetric(entry.Context, entry.Reader.Join(Key), entry.Reader.Value(Key)!);

    /// <summary>The kind's own keys, read into a gate; null when the entry is unusable (its errors reported).</summary>
    internal abstract GateSpec? Bind(GateEntry entry);
}
